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
