namespace PeerTriage.Moderation;

/// <summary>
/// A moderator corrected a message's level. The correction overrides the model and any flag (it can also lower the
/// level), and the message becomes a labelled training example (see <see cref="ModerationQueue.GetCorrections"/>).
/// Of several corrections of one message, the one with the latest time stands.
/// </summary>
public sealed record LevelCorrected : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When the correction was made.</param>
    /// <param name="messageId">The corrected message.</param>
    /// <param name="level">The correct level's name in the queue's scheme (case-insensitive).</param>
    /// <exception cref="ArgumentException">An id or the level is blank.</exception>
    public LevelCorrected(string eventId, DateTimeOffset occurredAt, string messageId, string level)
        : base(eventId, occurredAt)
    {
        MessageId = Required(messageId, nameof(messageId));
        Level = Required(level, nameof(level));
    }

    /// <inheritdoc />
    public override string MessageId { get; }

    /// <summary>The correct level's name.</summary>
    public string Level { get; }

    /// <summary>The moderator's id. Optional, informational.</summary>
    public string? ModeratorId { get; init; }

    internal override EventKind Kind => EventKind.Corrected;
}
