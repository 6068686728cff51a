namespace PeerTriage.Moderation;

/// <summary>A message's text was edited; the message is triaged again from the new text.</summary>
public sealed record MessageEdited : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When the edit was made; of several edits, the one with the latest time stands.</param>
    /// <param name="messageId">The edited message.</param>
    /// <param name="body">The new text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentException">An id is blank.</exception>
    public MessageEdited(string eventId, DateTimeOffset occurredAt, string messageId, string body)
        : base(eventId, occurredAt)
    {
        MessageId = Required(messageId, nameof(messageId));
        Body = body ?? throw new ArgumentNullException(nameof(body));
    }

    /// <inheritdoc />
    public override string MessageId { get; }

    /// <summary>The new text.</summary>
    public string Body { get; }

    /// <summary>The new subject, or null to keep the current one.</summary>
    public string? Subject { get; init; }

    internal override EventKind Kind => EventKind.Edited;
}
