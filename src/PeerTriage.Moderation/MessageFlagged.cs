namespace PeerTriage.Moderation;

/// <summary>
/// A community member flagged a message as urgent: a safety net for the classifier's false negatives. The message's
/// level becomes at least <see cref="ModerationOptions.FlagLevel"/> and it goes on the to-do list at once, even if a
/// moderator had already answered it before the flag.
/// </summary>
public sealed record MessageFlagged : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When it was flagged.</param>
    /// <param name="messageId">The flagged message.</param>
    /// <exception cref="ArgumentException">An id is blank.</exception>
    public MessageFlagged(string eventId, DateTimeOffset occurredAt, string messageId)
        : base(eventId, occurredAt) => MessageId = Required(messageId, nameof(messageId));

    /// <inheritdoc />
    public override string MessageId { get; }

    /// <summary>Who flagged it. Optional.</summary>
    public string? FlaggerId { get; init; }

    /// <summary>The reason given with the flag. Optional; shown on the to-do list.</summary>
    public string? Reason { get; init; }

    internal override EventKind Kind => EventKind.Flagged;
}
