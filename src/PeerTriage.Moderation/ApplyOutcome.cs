namespace PeerTriage.Moderation;

/// <summary>What <see cref="ModerationQueue.Apply"/> did with an event.</summary>
/// <remarks>
/// Outcomes marked <em>recorded</em> consume the event id: redelivering the same event later returns
/// <see cref="Duplicate"/>. The others store nothing, so the forum may fix the cause and deliver the event again.
/// No outcome leaves the store half-changed: each event is one transaction.
/// </remarks>
public enum ApplyOutcome
{
    /// <summary>Recorded; the message's state changed accordingly.</summary>
    Applied = 0,

    /// <summary>The event id was applied before (a redelivery). Nothing changed. The result's status is the current one.</summary>
    Duplicate = 1,

    /// <summary>
    /// Recorded, but an edit or correction of the same message with a later <see cref="ModerationEvent.OccurredAt"/> was
    /// applied first (events arrived out of order), so the later one stands and nothing changed.
    /// </summary>
    Superseded = 2,

    /// <summary>
    /// Not recorded: the event names a message the store has never seen (for example a reply delivered before its
    /// post). Nothing changed; deliver the event again after the <see cref="MessagePosted"/>.
    /// </summary>
    UnknownMessage = 3,

    /// <summary>Recorded, but the message was deleted, so nothing changed.</summary>
    MessageDeleted = 4,

    /// <summary>Recorded: a <see cref="MessagePosted"/> under a new event id for a message id already in the store. Nothing changed.</summary>
    AlreadyPosted = 5,

    /// <summary>
    /// Not recorded: the event id was already used for a different event (another kind, message or time). Nothing
    /// changed; this is a bug in the forum's event ids.
    /// </summary>
    EventIdConflict = 6,

    /// <summary>Not recorded: the event is invalid for this queue, for example a correction to a level the scheme does not have.</summary>
    Invalid = 7,
}
