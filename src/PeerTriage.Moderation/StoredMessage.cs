namespace PeerTriage.Moderation;

/// <summary>
/// A message as the store holds it, without its text: who posted it where and when, its levels, and the replies it
/// received. Read with <see cref="ModerationStore.ReadHistory"/>, for research and audits.
/// </summary>
public sealed record StoredMessage
{
    /// <summary>The forum's message id.</summary>
    public required string Id { get; init; }

    /// <summary>The thread id, if known.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The id of the message this one replies to, if any.</summary>
    public string? ParentId { get; init; }

    /// <summary>The author id, if known.</summary>
    public string? AuthorId { get; init; }

    /// <summary>The author's role.</summary>
    public required AuthorRole AuthorRole { get; init; }

    /// <summary>The board, if known.</summary>
    public string? Board { get; init; }

    /// <summary>When it was posted.</summary>
    public required DateTimeOffset PostedAt { get; init; }

    /// <summary>The classifier's level for the text in force (the post, or its latest edit).</summary>
    public required string ModelLevel { get; init; }

    /// <summary>A moderator's correction, or null when none was made.</summary>
    public string? CorrectedLevel { get; init; }

    /// <summary>The effective level: the correction, else the higher of the model's and the flags'.</summary>
    public required string Level { get; init; }

    /// <summary>Where <see cref="Level"/> came from.</summary>
    public required LevelSource Source { get; init; }

    /// <summary>How many times the community flagged it.</summary>
    public int FlagCount { get; init; }

    /// <summary>How many replies it received (by anyone).</summary>
    public int ReplyCount { get; init; }

    /// <summary>How many of them were by moderators or staff.</summary>
    public int ModeratorReplyCount { get; init; }

    /// <summary>The first reply by anyone but the author, or null.</summary>
    public DateTimeOffset? FirstReplyAt { get; init; }

    /// <summary>The first reply by a moderator or staff member, or null: the response the measures and the study time.</summary>
    public DateTimeOffset? FirstModeratorReplyAt { get; init; }

    /// <summary>When a moderator marked it resolved, or null.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When it was escalated as a crisis, or null.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>When it was deleted, or null.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
}
