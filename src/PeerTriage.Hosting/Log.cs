using Microsoft.Extensions.Logging;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// Every log line PeerTriage.Hosting writes (source-generated). They carry paths, ids, level names, counts and reasons,
/// never message text: the forum's posts are crisis data. Event ids are stable (documented in docs/hosting.md).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1700, EventName = "ModelLoaded", Level = LogLevel.Information,
        Message = "Triage model loaded from {ModelPath} (scheme {Scheme})")]
    public static partial void ModelLoaded(this ILogger logger, string modelPath, string scheme);

    [LoggerMessage(EventId = 1701, EventName = "ModelReloaded", Level = LogLevel.Information,
        Message = "Triage model reloaded from {ModelPath}; the new model is in force (reload {Reloads})")]
    public static partial void ModelReloaded(this ILogger logger, string modelPath, int reloads);

    [LoggerMessage(EventId = 1702, EventName = "ModelReloadRefused", Level = LogLevel.Error,
        Message = "Triage model reload from {ModelPath} refused, the previous model keeps serving: {Reason}")]
    public static partial void ModelReloadRefused(this ILogger logger, string modelPath, string reason);

    [LoggerMessage(EventId = 1703, EventName = "ModelChangeDetected", Level = LogLevel.Debug,
        Message = "Triage model file {ModelPath} changed; reloading after {Delay} of quiet")]
    public static partial void ModelChangeDetected(this ILogger logger, string modelPath, TimeSpan delay);

    [LoggerMessage(EventId = 1704, EventName = "ModelWatchStarted", Level = LogLevel.Information,
        Message = "Watching {ModelPath} for a new triage model")]
    public static partial void ModelWatchStarted(this ILogger logger, string modelPath);

    [LoggerMessage(EventId = 1705, EventName = "ModelWatchFailed", Level = LogLevel.Error,
        Message = "The watcher of {ModelPath} failed; the model is no longer reloaded on change until the host restarts")]
    public static partial void ModelWatchFailed(this ILogger logger, string modelPath, Exception exception);

    [LoggerMessage(EventId = 1710, EventName = "StoreOpened", Level = LogLevel.Information,
        Message = "Moderation store opened: {StoreKind} {Location}")]
    public static partial void StoreOpened(this ILogger logger, PeerTriageStoreKind storeKind, string location);

    [LoggerMessage(EventId = 1720, EventName = "EscalationDelivered", Level = LogLevel.Information,
        Message = "Crisis escalation of message {MessageId} ({Level}) delivered to {HandlerCount} handler(s)")]
    public static partial void EscalationDelivered(this ILogger logger, string messageId, string level, int handlerCount);

    [LoggerMessage(EventId = 1721, EventName = "EscalationHandlerFailed", Level = LogLevel.Error,
        Message = "Crisis handler {Handler} failed for message {MessageId} ({Level}); the escalation stays pending and is retried")]
    public static partial void EscalationHandlerFailed(this ILogger logger, string handler, string messageId, string level, Exception exception);

    [LoggerMessage(EventId = 1722, EventName = "EscalationsPending", Level = LogLevel.Warning,
        Message = "Crisis escalation of message {MessageId} is still pending after a handler failed; the sweep retries it every {Interval}")]
    public static partial void EscalationsPending(this ILogger logger, string messageId, TimeSpan interval);

    [LoggerMessage(EventId = 1723, EventName = "EscalationSweepFailed", Level = LogLevel.Error,
        Message = "The escalation sweep failed; it tries again in {Interval}")]
    public static partial void EscalationSweepFailed(this ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 1724, EventName = "EscalationsSwept", Level = LogLevel.Information,
        Message = "The escalation sweep delivered {Count} pending crisis escalation(s)")]
    public static partial void EscalationsSwept(this ILogger logger, int count);

    [LoggerMessage(EventId = 1730, EventName = "EventNotRecorded", Level = LogLevel.Debug,
        Message = "Event {EventId} for message {MessageId} not recorded: {Outcome}")]
    public static partial void EventNotRecorded(this ILogger logger, string eventId, string messageId, ApplyOutcome outcome);

    [LoggerMessage(EventId = 1731, EventName = "EventRecordedEscalationPending", Level = LogLevel.Warning,
        Message = "Event {EventId} for message {MessageId} {Recorded}, and a crisis handler failed; the escalation of message {PendingMessageId} stays pending")]
    public static partial void EventRecordedEscalationPending(this ILogger logger, string eventId, string messageId, string recorded, string pendingMessageId);
}
