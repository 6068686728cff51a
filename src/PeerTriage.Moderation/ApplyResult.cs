namespace PeerTriage.Moderation;

/// <summary>The result of applying one event.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Outcome">What happened; see <see cref="ApplyOutcome"/>.</param>
/// <param name="Detail">One line for logs naming the event, the message and the reason.</param>
/// <param name="Status">The message's status as of the event's time, or null when the message is unknown.</param>
public sealed record ApplyResult(string EventId, ApplyOutcome Outcome, string Detail, MessageStatus? Status)
{
    /// <summary>Whether the event id is now recorded in the store (so a redelivery is a <see cref="ApplyOutcome.Duplicate"/>).</summary>
    public bool IsRecorded => Outcome is ApplyOutcome.Applied or ApplyOutcome.Duplicate or ApplyOutcome.Superseded
        or ApplyOutcome.MessageDeleted or ApplyOutcome.AlreadyPosted;
}
