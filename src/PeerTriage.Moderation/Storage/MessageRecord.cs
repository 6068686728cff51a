namespace PeerTriage.Moderation.Storage;

/// <summary>
/// A message's stored moderation state. Times are UTC ticks. The first block is what events set; the last block is
/// derived from it by <see cref="ModerationRules.Derive"/> and stored only so that the to-do query is an index scan.
/// </summary>
internal sealed record MessageRecord
{
    public required string Id { get; init; }
    public string? ThreadId { get; init; }
    public string? ParentId { get; init; }
    public string? AuthorId { get; init; }
    public AuthorRole AuthorRole { get; init; }
    public string? Board { get; init; }
    public string? Subject { get; init; }
    public required string Body { get; init; }
    public long PostedAt { get; init; }

    /// <summary>Time of the text version in <see cref="Body"/>: the post or the latest edit applied.</summary>
    public long BodyAt { get; init; }
    public int ModelLevel { get; init; }
    public int? FlagLevel { get; init; }
    public int FlagCount { get; init; }
    public long? LastFlagAt { get; init; }
    public string? LastFlagReason { get; init; }
    public int? CorrectedLevel { get; init; }
    public long? CorrectedAt { get; init; }
    public string? CorrectedEventId { get; init; }

    /// <summary>The first reply by anyone but the author.</summary>
    public long? FirstReplyAt { get; init; }
    public long? FirstModeratorReplyAt { get; init; }
    public int ReplyCount { get; init; }
    public int ModeratorReplyCount { get; init; }
    public long? ResolvedAt { get; init; }

    /// <summary>The latest moderator reply or resolve.</summary>
    public long? HandledAt { get; init; }
    public long? DeletedAt { get; init; }
    public long? EscalatedAt { get; init; }

    /// <summary>This message's assessment as a reply to <see cref="ParentId"/> (the underserved rule).</summary>
    public ReplyEmpathy ReplyEmpathy { get; init; }

    /// <summary>
    /// The first community reply that cannot be assessed: a <see cref="ReplyPosted"/> (no text), or any reply recorded
    /// before schema version 3. Only ever lowered, so it never needs recomputing.
    /// </summary>
    public long? FirstUnassessedReplyAt { get; init; }

    /// <summary>
    /// The first undeleted community reply posted as a message whose assessment answers the message (shows empathy, not
    /// assessed, or failed). Recomputed from the replies when one is edited or deleted.
    /// </summary>
    public long? FirstAnsweringReplyAt { get; init; }

    /// <summary>The first undeleted community reply posted as a message that was assessed as showing no empathy.</summary>
    public long? FirstUnempathicReplyAt { get; init; }

    // Derived.
    public int Level { get; init; }
    public LevelSource Source { get; init; }
    public long? AttentionFrom { get; init; }
    public long WaitingSince { get; init; }

    /// <summary>
    /// The underserved rule is on, the level waits for the community, and its community replies within the window all
    /// showed no empathy (there is at least one). Independent of moderator replies, so the measures can count it.
    /// </summary>
    public bool Underserved { get; init; }
}

/// <summary>A stored message's assessment as a reply to its parent. The numbers are persisted, so never renumber them.</summary>
internal enum ReplyEmpathy
{
    /// <summary>Not a reply that counted towards its parent (no parent, or the parent was unknown or deleted when it was posted).</summary>
    NotAReply = 0,

    /// <summary>A reply, not assessed: by the author or a moderator, posted while the rule was off, or recorded before schema version 3.</summary>
    Unassessed = 1,

    /// <summary>Assessed: shows empathy.</summary>
    Empathic = 2,

    /// <summary>Assessed: shows no empathy.</summary>
    NoEmpathy = 3,

    /// <summary>The assessor threw; counts as answering, like <see cref="Unassessed"/>.</summary>
    AssessmentFailed = 4,
}

/// <summary>The columns of a to-do entry (the SQLite store reads them from a covering index).</summary>
internal sealed record ToDoRow(string Id, int Level, LevelSource Source, long WaitingSince, string? ThreadId, string? AuthorId,
    string? Board, string? Subject, int FlagCount, string? LastFlagReason, bool Underserved)
{
    public static ToDoRow From(MessageRecord m) =>
        new(m.Id, m.Level, m.Source, m.WaitingSince, m.ThreadId, m.AuthorId, m.Board, m.Subject, m.FlagCount, m.LastFlagReason, m.Underserved);
}

/// <summary>The columns the response measures need.</summary>
internal readonly record struct PostedRow(int Level, AuthorRole AuthorRole, long PostedAt, long? FirstModeratorReplyAt, bool Underserved);

/// <summary>A recorded event id, kept for idempotency; an applied reply also keeps who replied, for the history.</summary>
internal sealed record EventRecord(string EventId, EventKind Kind, string MessageId, long OccurredAt, ApplyOutcome Outcome)
{
    public AuthorRole? ReplierRole { get; init; }
    public string? ReplierId { get; init; }
    public string? ReplyId { get; init; }
}

/// <summary>A store's history read in one go: the scheme text, the messages (text not read) and the applied replies.</summary>
internal sealed record HistoryRows(string? Scheme, List<MessageRecord> Messages, List<EventRecord> Replies);

/// <summary>An escalation in the outbox: recorded with the event, delivered to the handler after commit.</summary>
internal sealed record EscalationRecord(string MessageId, int Level, long EscalatedAt, long? DeliveredAt)
{
    /// <summary>The node delivering it (<see cref="ModerationOptions.NodeId"/>), or null.</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>When the claim ends, in UTC ticks of the store's clock.</summary>
    public long? ClaimExpires { get; init; }
}

/// <summary>The operations one event needs, inside one transaction.</summary>
internal interface IStoreSession
{
    EventRecord? FindEvent(string eventId);

    MessageRecord? FindMessage(string id);

    /// <summary>The messages whose <see cref="MessageRecord.ParentId"/> is <paramref name="parentId"/>, deleted ones included.</summary>
    List<MessageRecord> FindReplies(string parentId);

    void SaveMessage(MessageRecord message);

    void SaveEvent(EventRecord record);

    /// <summary>
    /// Records an escalation claimed by <paramref name="claimant"/> for <paramref name="lease"/> (on the store's clock), so
    /// that no other node delivers it while this one does after the commit. No-op when the message already has one.
    /// </summary>
    void AddEscalation(EscalationRecord escalation, string claimant, TimeSpan lease);
}
