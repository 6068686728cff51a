namespace PeerTriage.Moderation;

/// <summary>
/// Something that happened on the forum that the moderation queue must know about. The hierarchy is closed: the
/// concrete events are <see cref="MessagePosted"/>, <see cref="ReplyPosted"/>, <see cref="MessageEdited"/>,
/// <see cref="MessageDeleted"/>, <see cref="MessageResolved"/>, <see cref="MessageFlagged"/> and <see cref="LevelCorrected"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="EventId"/> makes delivery idempotent: forums redeliver events, and applying an event id a second time is
/// a no-op that returns <see cref="ApplyOutcome.Duplicate"/>. Use an id that the forum assigns once per event
/// (for example its outbox row id), not one generated on each delivery attempt.
/// </para>
/// <para>
/// Events are immutable. Constructors throw <see cref="ArgumentException"/> for blank ids, which are programming errors;
/// problems that depend on the store's state (unknown message, duplicates, out-of-order times) are reported as an
/// <see cref="ApplyOutcome"/>, never as an exception.
/// </para>
/// </remarks>
public abstract record ModerationEvent
{
    private protected ModerationEvent(string eventId, DateTimeOffset occurredAt)
    {
        EventId = Required(eventId, nameof(eventId));
        OccurredAt = occurredAt;
    }

    /// <summary>The forum's unique id for this event; a second event with the same id is a duplicate.</summary>
    public string EventId { get; }

    /// <summary>When the event happened on the forum (not when it was delivered). Stored in UTC.</summary>
    public DateTimeOffset OccurredAt { get; }

    /// <summary>The id of the message the event is about.</summary>
    public abstract string MessageId { get; }

    internal abstract EventKind Kind { get; }

    private protected static string Required(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"{name} must be a non-blank string.", name);
        return value;
    }
}

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

/// <summary>Stored event kinds; the numbers are persisted, so never renumber them.</summary>
internal enum EventKind
{
    Posted = 1,
    Reply = 2,
    Edited = 3,
    Deleted = 4,
    Resolved = 5,
    Flagged = 6,
    Corrected = 7,
}
