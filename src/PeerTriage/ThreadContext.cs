namespace PeerTriage;

/// <summary>
/// What was known about a message's thread when the message was posted: its parent and the earlier posts.
/// Later replies must not be included; real-time triage cannot see the future.
/// </summary>
public sealed class ThreadContext
{
    /// <summary>An empty context.</summary>
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

    /// <summary>Earlier posts in the thread, oldest first.</summary>
    public IReadOnlyList<ForumMessage> EarlierPosts { get; }
}
