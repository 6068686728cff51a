namespace PeerTriage.Moderation;

/// <summary>One entry of the moderators' to-do list.</summary>
/// <remarks>The list is ordered by level (highest first), then by <see cref="WaitingSince"/> (longest waiting first), then by id.</remarks>
public sealed record ToDoItem
{
    /// <summary>The message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The effective level's name.</summary>
    public required string Level { get; init; }

    /// <summary>The effective level's index in the scheme.</summary>
    public required int LevelIndex { get; init; }

    /// <summary>Where the level came from.</summary>
    public required LevelSource Source { get; init; }

    /// <summary>Why it is on the list; <see cref="AttentionReason.Underserved"/> only with <see cref="ModerationOptions.KeepUnderserved"/> on.</summary>
    public required AttentionReason Reason { get; init; }

    /// <summary>
    /// Since when it has waited for a moderator: its posting time, or the time of a community flag that reopened it
    /// after a moderator had answered.
    /// </summary>
    public required DateTimeOffset WaitingSince { get; init; }

    /// <summary>How long it has waited at the time of the query.</summary>
    public required TimeSpan Waited { get; init; }

    /// <summary>The thread id, if known.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The author id, if known.</summary>
    public string? AuthorId { get; init; }

    /// <summary>The board, if known.</summary>
    public string? Board { get; init; }

    /// <summary>The subject, if known.</summary>
    public string? Subject { get; init; }

    /// <summary>How many community flags it has had.</summary>
    public int FlagCount { get; init; }

    /// <summary>The reason given with the latest flag, if any.</summary>
    public string? FlagReason { get; init; }
}
