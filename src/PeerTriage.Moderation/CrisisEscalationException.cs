namespace PeerTriage.Moderation;

/// <summary>
/// Thrown by <see cref="ModerationQueue.Apply"/> or <see cref="ModerationQueue.DeliverPendingEscalations"/> when the
/// crisis handler throws. The event itself was recorded; the escalation stays pending and is retried.
/// </summary>
public sealed class CrisisEscalationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CrisisEscalationException()
        : this("The crisis handler failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CrisisEscalationException(string message)
        : base(message) => MessageId = "";

    /// <summary>Creates the exception with a message and the handler's exception.</summary>
    public CrisisEscalationException(string message, Exception innerException)
        : base(message, innerException) => MessageId = "";

    private CrisisEscalationException(string message, Exception innerException, string messageId, ApplyResult? result)
        : base(message, innerException)
    {
        MessageId = messageId;
        Result = result;
    }

    internal static CrisisEscalationException For(string messageId, Exception innerException) =>
        new($"The crisis handler failed for message '{messageId}'; the escalation stays pending and is retried on the next event or DeliverPendingEscalations call: {innerException.Message}", innerException, messageId, null);

    /// <summary>The same failure, thrown by <see cref="ModerationQueue.Apply"/> after it recorded <paramref name="result"/>.</summary>
    internal CrisisEscalationException After(ApplyResult result) => new(Message, InnerException!, MessageId, result);

    /// <summary>The message whose escalation is still pending (empty when not known).</summary>
    public string MessageId { get; }

    /// <summary>
    /// When thrown by <see cref="ModerationQueue.Apply"/>: the outcome of the event, which was decided and recorded before
    /// the handler ran (the event need not be applied again). Null when thrown by
    /// <see cref="ModerationQueue.DeliverPendingEscalations"/>.
    /// </summary>
    public ApplyResult? Result { get; }
}
