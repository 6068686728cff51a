namespace PeerTriage.Moderation;

/// <summary>
/// Someone replied to a message, without the reply's text. Use it when the forum does not want to hand reply text to
/// the store; otherwise a <see cref="MessagePosted"/> with a <see cref="ForumMessage.ParentId"/> does the same and also
/// triages the reply.
/// </summary>
public sealed record ReplyPosted : ModerationEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="eventId">The forum's unique id for this event.</param>
    /// <param name="occurredAt">When the reply was posted.</param>
    /// <param name="messageId">The message replied to.</param>
    /// <param name="replierRole">The replier's role; <see cref="AuthorRole.Moderator"/> and <see cref="AuthorRole.Staff"/> count as a moderator response.</param>
    /// <exception cref="ArgumentException">An id is blank.</exception>
    public ReplyPosted(string eventId, DateTimeOffset occurredAt, string messageId, AuthorRole replierRole)
        : base(eventId, occurredAt)
    {
        MessageId = Required(messageId, nameof(messageId));
        ReplierRole = replierRole;
    }

    /// <inheritdoc />
    public override string MessageId { get; }

    /// <summary>The replier's role.</summary>
    public AuthorRole ReplierRole { get; }

    /// <summary>
    /// The replier's id. Optional; when it equals the message's author, the reply does not count as a community reply
    /// (people bumping their own post have not been answered).
    /// </summary>
    public string? ReplierId { get; init; }

    /// <summary>The reply's own message id. Optional, informational.</summary>
    public string? ReplyId { get; init; }

    internal override EventKind Kind => EventKind.Reply;
}
