namespace PeerTriage.Moderation;

/// <summary>A message's moderation status at a point in time, for the widget under each post.</summary>
/// <remarks>All times are UTC.</remarks>
public sealed record MessageStatus
{
    /// <summary>The message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The effective level's name.</summary>
    public required string Level { get; init; }

    /// <summary>The effective level's index in the scheme.</summary>
    public required int LevelIndex { get; init; }

    /// <summary>Where <see cref="Level"/> came from.</summary>
    public required LevelSource Source { get; init; }

    /// <summary>The level the classifier gave the current text.</summary>
    public required string ModelLevel { get; init; }

    /// <summary>Whether the message is on the to-do list at <see cref="AsOf"/>.</summary>
    public required bool NeedsAttention { get; init; }

    /// <summary>
    /// When the message enters (or entered) the to-do list, or null when it is not due at all (answered, resolved,
    /// deleted, below the flagged levels, or answered by the community within the window).
    /// </summary>
    public DateTimeOffset? AttentionFrom { get; init; }

    /// <summary>Why it is (or, before <see cref="AttentionFrom"/>, will be) on the to-do list; null when <see cref="AttentionFrom"/> is null.</summary>
    public AttentionReason? Reason { get; init; }

    /// <summary>
    /// Whether, at <see cref="AsOf"/>, its community window has closed and every community reply within it showed no
    /// empathy (<see cref="ModerationOptions.KeepUnderserved"/>; always false with the rule off). It stays true after a
    /// moderator answers, so the widget can say so; <see cref="NeedsAttention"/> says whether it is still on the list.
    /// </summary>
    public bool Underserved { get; init; }

    /// <summary>How long it has waited for a moderator at <see cref="AsOf"/>, or null when it is not waiting.</summary>
    public TimeSpan? Waited { get; init; }

    /// <summary>When the message was posted.</summary>
    public required DateTimeOffset PostedAt { get; init; }

    /// <summary>The first moderator or staff reply, if any.</summary>
    public DateTimeOffset? FirstModeratorReplyAt { get; init; }

    /// <summary>When a moderator last marked it resolved, if ever.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>How many community flags it has had.</summary>
    public int FlagCount { get; init; }

    /// <summary>Whether a crisis escalation has been recorded for it.</summary>
    public bool IsEscalated { get; init; }

    /// <summary>Whether it was deleted.</summary>
    public bool IsDeleted { get; init; }

    /// <summary>The time the status describes.</summary>
    public required DateTimeOffset AsOf { get; init; }
}
