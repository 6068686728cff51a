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

    // Derived.
    public int Level { get; init; }
    public LevelSource Source { get; init; }
    public long? AttentionFrom { get; init; }
    public long WaitingSince { get; init; }
}

/// <summary>The columns of a to-do entry (the SQLite store reads them from a covering index).</summary>
internal sealed record ToDoRow(string Id, int Level, LevelSource Source, long WaitingSince, string? ThreadId, string? AuthorId,
    string? Board, string? Subject, int FlagCount, string? LastFlagReason)
{
    public static ToDoRow From(MessageRecord m) =>
        new(m.Id, m.Level, m.Source, m.WaitingSince, m.ThreadId, m.AuthorId, m.Board, m.Subject, m.FlagCount, m.LastFlagReason);
}

/// <summary>The columns the response measures need.</summary>
internal readonly record struct PostedRow(int Level, AuthorRole AuthorRole, long PostedAt, long? FirstModeratorReplyAt);

/// <summary>A recorded event id, kept for idempotency.</summary>
internal sealed record EventRecord(string EventId, EventKind Kind, string MessageId, long OccurredAt, ApplyOutcome Outcome);

/// <summary>An escalation in the outbox: recorded with the event, delivered to the handler after commit.</summary>
internal sealed record EscalationRecord(string MessageId, int Level, long EscalatedAt, long? DeliveredAt);

/// <summary>The operations one event needs, inside one transaction.</summary>
internal interface IStoreSession
{
    EventRecord? FindEvent(string eventId);

    MessageRecord? FindMessage(string id);

    void SaveMessage(MessageRecord message);

    void SaveEvent(EventRecord record);

    void AddEscalation(EscalationRecord escalation);
}
