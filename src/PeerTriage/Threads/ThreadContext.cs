namespace PeerTriage;

/// <summary>
/// What was known about a message's thread and author when the message was posted: its parent, the earlier posts,
/// the parent's triage level and the author's history. Later replies must not be included; real-time triage cannot
/// see the future.
/// </summary>
/// <remarks>
/// Passing <see langword="null"/> instead of a context means "unknown"; <see cref="None"/> means "known to be the first
/// post of a new thread, by an author with no history". <see cref="ForumThreads.ContextOf"/> builds
/// contexts from a set of messages, and <see cref="ThreadContexts"/> attaches them to training examples.
/// </remarks>
public sealed class ThreadContext
{
    private readonly int _depth = -1;
    private readonly int _parentLevel = -1;

    /// <summary>A first post with no parent, no earlier posts and no author history.</summary>
    public static ThreadContext None { get; } = new(null, []);

    /// <summary>Creates a context.</summary>
    /// <param name="parent">The message being replied to, or null.</param>
    /// <param name="earlierPosts">Earlier posts in the thread, oldest first. Null means none.</param>
    public ThreadContext(ForumMessage? parent, IReadOnlyList<ForumMessage>? earlierPosts = null)
    {
        Parent = parent;
        EarlierPosts = earlierPosts ?? [];
    }

    /// <summary>The message being replied to, or null.</summary>
    public ForumMessage? Parent { get; }

    /// <summary>Earlier posts in the thread, oldest first. Its count is the message's position in the thread.</summary>
    public IReadOnlyList<ForumMessage> EarlierPosts { get; }

    /// <summary>
    /// Reply links from the message up to the root of its reply tree (0 for a thread's first post). Defaults to 1 when
    /// there is a <see cref="Parent"/> and 0 otherwise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int Depth
    {
        get => _depth >= 0 ? _depth : Parent is null ? 0 : 1;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _depth = value;
        }
    }

    /// <summary>
    /// The level index the forum's triage gave the parent (0 = lowest), or -1 when unknown. Default -1. Use the model's
    /// most probable level for the parent (<see cref="TriageResult.MostProbableIndex"/>), recorded when the parent was
    /// posted: that is what context models are trained on. Never a label decided later.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below -1 or to <see cref="PriorityScheme.MaxLevels"/> or more.</exception>
    public int ParentLevel
    {
        get => _parentLevel;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, PriorityScheme.MaxLevels);
            _parentLevel = value;
        }
    }

    /// <summary>
    /// The author's posts before this one, from an <see cref="IAuthorHistory"/>, with the model's most probable level
    /// for each (<see cref="TriageResult.MostProbableIndex"/>). Default <see cref="AuthorHistory.None"/>.
    /// </summary>
    public AuthorHistory AuthorHistory { get; init; }
}
