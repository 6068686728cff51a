namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// One message of a forum export as the responsiveness study reads it: who posted what kind of message, where and when.
/// </summary>
/// <remarks>
/// <see cref="Text"/> and <see cref="Subject"/> are only there so a model can assign levels retroactively
/// (<see cref="RetroactiveLevels"/>); the study never copies them into its results.
/// </remarks>
public sealed record ForumPost
{
    /// <summary>Creates a post.</summary>
    /// <param name="id">The forum's unique id for the message.</param>
    /// <param name="role">The author's role.</param>
    /// <param name="postedAt">When it was posted.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or blank.</exception>
    public ForumPost(string id, AuthorRole role, DateTimeOffset postedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Role = role;
        PostedAt = postedAt;
    }

    /// <summary>The forum's unique id for the message.</summary>
    public string Id { get; }

    /// <summary>The author's role: peers' messages are studied; moderators' and staff members' replies are responses.</summary>
    public AuthorRole Role { get; }

    /// <summary>When the message was posted.</summary>
    public DateTimeOffset PostedAt { get; }

    /// <summary>The thread id, or null.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The id of the message this one replies to, or null for the first post of a thread.</summary>
    public string? ParentId { get; init; }

    /// <summary>The author's id, or null when unknown (the message then counts towards no author).</summary>
    public string? AuthorId { get; init; }

    /// <summary>The message's level name (such as <c>red</c>), or null when not known yet.</summary>
    public string? Level { get; init; }

    /// <summary>The message text, or null; only for assigning levels with a model, never written to results.</summary>
    public string? Text { get; init; }

    /// <summary>The subject line, or null; only for assigning levels with a model, never written to results.</summary>
    public string? Subject { get; init; }

    /// <summary>The 1-based line of the file it was read from, or 0 when it did not come from a file.</summary>
    public long Line { get; init; }
}
