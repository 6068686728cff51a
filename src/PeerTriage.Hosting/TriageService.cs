using Microsoft.Extensions.Logging;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// The forum's entry point in a host: applies forum events to the moderation queue and reads the to-do list and each
/// message's status, recording metrics and logs (never message text) as it goes. A singleton; thread-safe.
/// </summary>
public sealed class TriageService
{
    private readonly ModerationStore _store;
    private readonly EscalationDispatcher _escalations;
    private readonly PeerTriageInstruments _instruments;
    private readonly ILogger _logger;

    internal TriageService(ModerationQueue queue, ModerationStore store, EscalationDispatcher escalations, TriageModelProvider model,
        PeerTriageInstruments instruments, ILogger logger)
    {
        _store = store;
        _escalations = escalations;
        Queue = queue;
        Model = model;
        _instruments = instruments;
        _logger = logger;
    }

    /// <summary>The moderation queue.</summary>
    public ModerationQueue Queue { get; }

    /// <summary>The model provider.</summary>
    public TriageModelProvider Model { get; }

    /// <summary>
    /// Applies one forum event (post, reply, flag, resolve, correction, ...); see <see cref="ModerationQueue.Apply"/>.
    /// A failing crisis handler does not fail the call: the failure is logged and the escalation stays pending for the
    /// sweep. The outcome is then told from the store (<see cref="ApplyOutcome.Applied"/>, <see cref="ApplyOutcome.Duplicate"/>,
    /// or, for an event not recorded, <see cref="ApplyOutcome.UnknownMessage"/> or <see cref="ApplyOutcome.Invalid"/>),
    /// which is coarser than the queue's own: an out-of-order edit reads as applied, for example.
    /// </summary>
    /// <param name="moderationEvent">The event.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="moderationEvent"/> is null.</exception>
    public ApplyResult Apply(ModerationEvent moderationEvent)
    {
        ArgumentNullException.ThrowIfNull(moderationEvent);
        // A moderator or staff reply may be a message's first: read the replied-to message's state before and after.
        string? repliedTo = ModeratorReplyTarget(moderationEvent);
        MessageStatus? before = repliedTo is null ? null : Queue.GetStatus(repliedTo);

        // While a handler is failing, the queue retries pending escalations inside Apply, and a failure there hides
        // the event's outcome; knowing whether the id was recorded before lets the outcome be told afterwards.
        bool recordedBefore = _escalations.Failing && _store.ContainsEvent(moderationEvent.EventId);
        ApplyResult result;
        try
        {
            result = Queue.Apply(moderationEvent);
        }
        catch (CrisisEscalationException e)
        {
            result = Recorded(moderationEvent, recordedBefore, e.MessageId);
        }
        if (!result.IsRecorded)
            _logger.EventNotRecorded(moderationEvent.EventId, moderationEvent.MessageId, result.Outcome);
        else if (before is { FirstModeratorReplyAt: null, IsDeleted: false } && result.Outcome == ApplyOutcome.Applied)
            RecordFirstReply(before, repliedTo!);
        return result;
    }

    /// <summary>The moderators' to-do list now, highest level first.</summary>
    /// <param name="limit">At most this many entries.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public IReadOnlyList<ToDoItem> GetToDo(int limit = 100) => Queue.GetToDo(limit);

    /// <summary>A message's status now (the widget under it), or null when the store has never seen it.</summary>
    /// <param name="messageId">The message id.</param>
    /// <returns>The status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messageId"/> is null.</exception>
    public MessageStatus? GetStatus(string messageId) => Queue.GetStatus(messageId);

    /// <summary>The result of an event whose application was followed by a failing crisis handler.</summary>
    private ApplyResult Recorded(ModerationEvent e, bool recordedBefore, string pendingMessageId)
    {
        var status = Queue.GetStatus(e.MessageId);
        var outcome = recordedBefore ? ApplyOutcome.Duplicate
            : _store.ContainsEvent(e.EventId) ? ApplyOutcome.Applied
            : status is null ? ApplyOutcome.UnknownMessage
            : ApplyOutcome.Invalid;
        string recorded = outcome is ApplyOutcome.Applied or ApplyOutcome.Duplicate ? "recorded" : "not recorded";
        _logger.EventRecordedEscalationPending(e.EventId, e.MessageId, recorded, pendingMessageId);
        return new ApplyResult(e.EventId, outcome,
            $"event {e.EventId}: {recorded} ({outcome}); a crisis handler failed and the escalation of message {pendingMessageId} stays pending", status);
    }

    private void RecordFirstReply(MessageStatus before, string messageId)
    {
        // Two first replies racing on one message may both be counted; the measure tolerates that rare double.
        if (Queue.GetStatus(messageId) is { FirstModeratorReplyAt: { } first } after)
            _instruments.RecordFirstModeratorReply(before.LevelIndex, first - after.PostedAt);
    }

    /// <summary>The message a moderator or staff reply answers, or null when the event is not one.</summary>
    private static string? ModeratorReplyTarget(ModerationEvent e) => e switch
    {
        ReplyPosted reply when IsModerator(reply.ReplierRole) => reply.MessageId,
        MessagePosted { Message: { ParentId: { } parent } message } when IsModerator(message.AuthorRole) => parent,
        _ => null,
    };

    private static bool IsModerator(AuthorRole role) => role is AuthorRole.Moderator or AuthorRole.Staff;
}
