namespace PeerTriage.Moderation;

/// <summary>
/// A message was deleted. It leaves the to-do list for good; by default its text is erased from the store
/// (<see cref="ModerationOptions.EraseTextOnDelete"/>), so it is no longer exported as a correction.
/// </summary>
public sealed record MessageDeleted : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When the message was deleted.</param>
    /// <param name="messageId">The deleted message.</param>
    /// <exception cref="ArgumentException">An id is blank.</exception>
    public MessageDeleted(string eventId, DateTimeOffset occurredAt, string messageId)
        : base(eventId, occurredAt) => MessageId = Required(messageId, nameof(messageId));

    /// <inheritdoc />
    public override string MessageId { get; }

    internal override EventKind Kind => EventKind.Deleted;
}
