using PeerTriage.Moderation.Storage;

namespace PeerTriage.Moderation;

/// <summary>
/// Where a <see cref="ModerationQueue"/> keeps messages, event ids, escalations and corrections: an embedded SQLite
/// database (<see cref="OpenSqlite"/>, the default for production) or memory (<see cref="CreateInMemory"/>, for tests
/// and small setups). Both behave the same; only the SQLite store survives a restart.
/// </summary>
/// <remarks>
/// <para>
/// <b>Privacy.</b> The store holds message text (body and subject) because the forum needs it to retrain on
/// corrections. Treat the database file like the forum's own post table. Deleted messages have their text erased by
/// default (<see cref="ModerationOptions.EraseTextOnDelete"/>). A model file never holds text.
/// </para>
/// <para>
/// A store is thread-safe. Queues on several stores over one shared database (PostgreSQL, one per server) claim each
/// crisis escalation before delivering it (see <see cref="ModerationQueue"/>). Disposing the store closes the database.
/// </para>
/// </remarks>
public abstract class ModerationStore : IDisposable
{
    private protected ModerationStore()
    {
    }

    /// <summary>
    /// Opens (creating if needed) a SQLite moderation store at <paramref name="path"/>, migrating an older schema forward.
    /// </summary>
    /// <param name="path">The database file. Its folder must exist. SQLite also creates <c>-wal</c> and <c>-shm</c> files beside it.</param>
    /// <param name="options">Durability and locking; null for <see cref="SqliteStoreOptions.Default"/>.</param>
    /// <exception cref="ModerationStoreException">The file was written by a newer version or is not a moderation store.</exception>
    public static ModerationStore OpenSqlite(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqliteModerationStore(path, options ?? SqliteStoreOptions.Default);
    }

    /// <summary>Creates an empty store in memory. Its contents are lost when the process ends.</summary>
    public static ModerationStore CreateInMemory() => new InMemoryModerationStore();

    /// <summary>The schema version this library writes (SQLite stores); stores at an older version are migrated on open.</summary>
    public const int SchemaVersion = 5;

    /// <summary>Whether the event id has been recorded (applied, or consumed with a no-op outcome).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="eventId"/> is null.</exception>
    public bool ContainsEvent(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        return HasEvent(eventId);
    }

    /// <summary>How many messages the store holds, deleted ones included.</summary>
    public abstract long MessageCount { get; }

    /// <summary>
    /// Reads the forum's history as the store holds it, without any text, at one point in time: every message with its
    /// levels and reply times, and the replies recorded from <see cref="ReplyPosted"/> events. For research (the
    /// responsiveness study of PeerTriage.Analytics reads it) and audits; open a live SQLite database with
    /// <see cref="SqliteStoreOptions.ReadOnly"/> to read it beside the forum.
    /// </summary>
    /// <param name="includeDeleted">Whether deleted messages are included (default false, as in the response measures).</param>
    /// <returns>The history. It is read into memory: about 200 bytes per message.</returns>
    /// <exception cref="ModerationStoreException">The store's recorded scheme is damaged.</exception>
    public ModerationStoreHistory ReadHistory(bool includeDeleted = false)
    {
        var rows = QueryHistory(includeDeleted);
        if (rows.Scheme is null)
            return new ModerationStoreHistory();
        var scheme = SchemeText.Parse(rows.Scheme);
        var messages = new List<StoredMessage>(rows.Messages.Count);
        foreach (var m in rows.Messages)
        {
            messages.Add(new StoredMessage
            {
                Id = m.Id,
                ThreadId = m.ThreadId,
                ParentId = m.ParentId,
                AuthorId = m.AuthorId,
                AuthorRole = m.AuthorRole,
                Board = m.Board,
                PostedAt = Time(m.PostedAt),
                ModelLevel = scheme.NameOf(m.ModelLevel),
                CorrectedLevel = m.CorrectedLevel is int corrected ? scheme.NameOf(corrected) : null,
                Level = scheme.NameOf(m.Level),
                Source = m.Source,
                FlagCount = m.FlagCount,
                ReplyCount = m.ReplyCount,
                ModeratorReplyCount = m.ModeratorReplyCount,
                FirstReplyAt = Time(m.FirstReplyAt),
                FirstModeratorReplyAt = Time(m.FirstModeratorReplyAt),
                ResolvedAt = Time(m.ResolvedAt),
                EscalatedAt = Time(m.EscalatedAt),
                DeletedAt = Time(m.DeletedAt),
            });
        }
        var replies = new List<StoredReply>(rows.Replies.Count);
        foreach (var e in rows.Replies)
        {
            replies.Add(new StoredReply
            {
                EventId = e.EventId,
                MessageId = e.MessageId,
                RepliedAt = Time(e.OccurredAt),
                ReplierRole = e.ReplierRole!.Value,
                ReplierId = e.ReplierId,
                ReplyId = e.ReplyId,
            });
        }
        return new ModerationStoreHistory { Scheme = scheme, Messages = messages, Replies = replies };
    }

    /// <summary>Closes the store.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the store's resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it. A store may run it more than once (PostgreSQL retries
    /// an event that lost a race with another writer), so the work must have no effects outside the session.
    /// </summary>
    internal abstract T Write<T>(Func<IStoreSession, T> work);

    internal abstract bool HasEvent(string eventId);

    internal abstract MessageRecord? Find(string id);

    /// <summary>Open messages with <see cref="MessageRecord.AttentionFrom"/> at or before <paramref name="asOf"/>, in to-do order.</summary>
    internal abstract List<ToDoRow> QueryToDo(long asOf, int limit);

    /// <summary>Messages posted in [from, to), deleted ones excluded.</summary>
    internal abstract List<PostedRow> QueryPosted(long from, long to);

    /// <summary>Corrected, undeleted messages, by id.</summary>
    internal abstract List<MessageRecord> QueryCorrected();

    /// <summary>
    /// The scheme text, the messages by posting time then id (text not read), and the applied replies that kept their
    /// replier, by time then event id: all from one consistent read.
    /// </summary>
    internal abstract HistoryRows QueryHistory(bool includeDeleted);

    internal abstract List<EscalationRecord> PendingEscalations();

    /// <summary>
    /// Claims the oldest undelivered escalation that is unclaimed, claimed by <paramref name="node"/>, or whose claim has
    /// expired, for <paramref name="lease"/> on the store's clock; null when there is none. Atomic across nodes.
    /// </summary>
    internal abstract EscalationRecord? ClaimEscalation(string node, TimeSpan lease);

    /// <summary>Gives up <paramref name="node"/>'s claims on undelivered escalations (a handler threw), so any node may retry them at once.</summary>
    internal abstract void ReleaseEscalations(string node);

    /// <summary>Records the delivery (the handler returned). Idempotent.</summary>
    internal abstract void MarkDelivered(string messageId, long deliveredAt);

    internal abstract string? ReadMeta(string key);

    /// <summary>Sets a value if the key is absent; returns the stored value.</summary>
    internal abstract string AddMeta(string key, string value);

    /// <summary>The meta key of the scheme's text (<see cref="SchemeText"/>).</summary>
    internal const string SchemeKey = "scheme";

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    private static DateTimeOffset? Time(long? utcTicks) => utcTicks is long t ? new(t, TimeSpan.Zero) : null;
}
