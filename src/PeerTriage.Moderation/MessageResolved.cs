namespace PeerTriage.Moderation;

/// <summary>
/// A moderator marked a message resolved without replying, for example when the community has rallied around an
/// amber post. It leaves the to-do list unless a later community flag reopens it.
/// </summary>
public sealed record MessageResolved : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When it was resolved.</param>
    /// <param name="messageId">The resolved message.</param>
    /// <exception cref="ArgumentException">An id is blank.</exception>
    public MessageResolved(string eventId, DateTimeOffset occurredAt, string messageId)
        : base(eventId, occurredAt) => MessageId = Required(messageId, nameof(messageId));

    /// <inheritdoc />
    public override string MessageId { get; }

    /// <summary>The moderator's id. Optional, informational.</summary>
    public string? ModeratorId { get; init; }

    internal override EventKind Kind => EventKind.Resolved;
}
