using Microsoft.Extensions.Logging;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// The forum's entry point in a host: applies forum events to the moderation queue and reads the to-do list and each
/// message's status, recording metrics and logs (never message text) as it goes. A singleton; thread-safe.
/// </summary>
public sealed class TriageService
{
    private readonly PeerTriageInstruments _instruments;
    private readonly ILogger _logger;

    internal TriageService(ModerationQueue queue, TriageModelProvider model, PeerTriageInstruments instruments, ILogger logger)
    {
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
    /// A failing crisis handler does not fail the call: the event is recorded, the failure is logged, and the
    /// escalation stays pending for the sweep; the result is then <see cref="ApplyOutcome.Applied"/> with the
    /// message's current status.
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

        ApplyResult result;
        try
        {
            result = Queue.Apply(moderationEvent);
        }
        catch (CrisisEscalationException e)
        {
            _logger.EventRecordedEscalationPending(moderationEvent.EventId, moderationEvent.MessageId, e.MessageId);
            result = new ApplyResult(moderationEvent.EventId, ApplyOutcome.Applied,
                $"event {moderationEvent.EventId}: recorded; a crisis handler failed and the escalation of message {e.MessageId} stays pending",
                Queue.GetStatus(moderationEvent.MessageId));
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
