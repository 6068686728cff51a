using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// Receives crisis escalations (register with <see cref="PeerTriageBuilder.AddCrisisHandler{THandler}"/>). Called after
/// the escalation is committed to the store; an escalation is marked delivered only after every handler returned. A
/// handler that throws leaves it pending, and the escalation sweep delivers it again later.
/// </summary>
/// <remarks>The escalation carries the message, text included, because someone must act on it: never log its text.</remarks>
public interface ICrisisEscalationHandler
{
    /// <summary>Handles one escalation (page the on-call moderator, open an incident, ...).</summary>
    /// <param name="escalation">The escalation.</param>
    void Handle(CrisisEscalation escalation);
}
