namespace PeerTriage.Moderation;

/// <summary>
/// A message was posted. It is triaged on arrival with the queue's classifier. When <see cref="ForumMessage.ParentId"/>
/// names a message already in the store, the post also counts as a reply to that message by
/// <see cref="ForumMessage.AuthorRole"/>, exactly as a <see cref="ReplyPosted"/> would (send one or the other, not both).
/// </summary>
public sealed record MessagePosted : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When it was posted; used as the posting time when <see cref="ForumMessage.PostedAt"/> is null.</param>
    /// <param name="message">The message; its <see cref="ForumMessage.Id"/> is required.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException">An id is blank.</exception>
    public MessagePosted(string eventId, DateTimeOffset occurredAt, ForumMessage message)
        : base(eventId, occurredAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        Required(message.Id, "message.Id");
        Message = message;
    }

    /// <summary>The posted message, including its text (the store keeps the text for retraining).</summary>
    public ForumMessage Message { get; }

    /// <inheritdoc />
    public override string MessageId => Message.Id!;

    internal override EventKind Kind => EventKind.Posted;
}
