using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// The queue's <see cref="ModerationOptions.OnCrisis"/>: calls every registered <see cref="ICrisisEscalationHandler"/>.
/// Every handler is called even when an earlier one throws; if any threw, this throws so that the queue keeps the
/// escalation pending, and the next delivery calls every handler again (handlers key on the message id).
/// </summary>
internal sealed class EscalationDispatcher(IServiceProvider services, ILogger logger)
{
    // Resolved on first use, so a handler may depend on services that depend on the queue.
    private ICrisisEscalationHandler[]? _handlers;
    private volatile bool _failing;

    /// <summary>
    /// Whether the last delivery failed, so escalations may be pending: the queue then delivers them on every
    /// <see cref="ModerationQueue.Apply"/>, and a failure there does not say what happened to that event.
    /// </summary>
    public bool Failing => _failing;

    public void Deliver(CrisisEscalation escalation)
    {
        var handlers = _handlers ??= services.GetServices<ICrisisEscalationHandler>().ToArray();
        List<Exception>? failures = null;
        foreach (var handler in handlers)
        {
            try
            {
                handler.Handle(escalation);
            }
#pragma warning disable CA1031 // one failing handler must not keep the others from being called
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.EscalationHandlerFailed(handler.GetType().Name, escalation.MessageId, escalation.Level, e);
                (failures ??= []).Add(e);
            }
        }
        _failing = failures is not null;
        if (failures is not null)
        {
            throw new AggregateException(
                $"{failures.Count} of {handlers.Length} crisis handler(s) failed for message '{escalation.MessageId}'.", failures);
        }
        logger.EscalationDelivered(escalation.MessageId, escalation.Level, handlers.Length);
    }
}
