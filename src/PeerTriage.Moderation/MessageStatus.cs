namespace PeerTriage.Moderation;

/// <summary>Where a message's level came from.</summary>
public enum LevelSource
{
    /// <summary>The classifier.</summary>
    Model = 0,

    /// <summary>A community flag raised it above the classifier's level.</summary>
    Flag = 1,

    /// <summary>A moderator's correction, which overrides the model and flags.</summary>
    Correction = 2,
}

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

/// <summary>A crisis handed to the forum's own protocol by <see cref="ModerationOptions.OnCrisis"/>.</summary>
/// <param name="MessageId">The message id; use it to make the handler idempotent (see <see cref="ModerationQueue"/>).</param>
/// <param name="Level">The level's name (the scheme's highest).</param>
/// <param name="Source">What put the message at that level.</param>
/// <param name="EscalatedAt">The time of the event that made it a crisis (UTC).</param>
/// <param name="Message">The message as stored (text, author, thread).</param>
public sealed record CrisisEscalation(string MessageId, string Level, LevelSource Source, DateTimeOffset EscalatedAt, ForumMessage Message);

/// <summary>
/// Thrown by <see cref="ModerationQueue.Apply"/> or <see cref="ModerationQueue.DeliverPendingEscalations"/> when the
/// crisis handler throws. The event itself was recorded; the escalation stays pending and is retried.
/// </summary>
public sealed class CrisisEscalationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CrisisEscalationException()
        : this("The crisis handler failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CrisisEscalationException(string message)
        : base(message) => MessageId = "";

    /// <summary>Creates the exception with a message and the handler's exception.</summary>
    public CrisisEscalationException(string message, Exception innerException)
        : base(message, innerException) => MessageId = "";

    private CrisisEscalationException(string message, Exception innerException, string messageId)
        : base(message, innerException) => MessageId = messageId;

    internal static CrisisEscalationException For(string messageId, Exception innerException) =>
        new($"The crisis handler failed for message '{messageId}'; the escalation stays pending and is retried on the next event or DeliverPendingEscalations call: {innerException.Message}", innerException, messageId);

    /// <summary>The message whose escalation is still pending (empty when not known).</summary>
    public string MessageId { get; }
}

/// <summary>
/// Thrown when a store cannot be opened or used: a database written by a newer version, a file that is not a
/// PeerTriage moderation store, or a store created for a different priority scheme.
/// </summary>
public sealed class ModerationStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModerationStoreException()
        : base("The moderation store cannot be used.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModerationStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ModerationStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
