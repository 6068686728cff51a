using System.Data;
using Npgsql;
using PeerTriage.Moderation.Storage;

namespace PeerTriage.Moderation.PostgreSql;

/// <summary>
/// The PostgreSQL store. Each event is one READ COMMITTED transaction on a pooled connection. Every message the event
/// reads for writing is first locked with a transaction-level advisory lock on its id (taken in its own statement, so the
/// row read after it sees the previous holder's commit); that serializes writers of one message across connections and
/// nodes, also for a message that does not exist yet, which a row lock (SELECT ... FOR UPDATE) cannot do. A unique
/// violation (the same event id committed by another writer meanwhile), a deadlock or a serialization failure rolls the
/// whole event back and runs it again from scratch, so the outcome is a sequential replay's ("Duplicate", never a double
/// apply). Reads are single autocommit statements; the history is one REPEATABLE READ snapshot.
/// </summary>
internal sealed class PostgreSqlModerationStore : ModerationStore
{
    internal const string MessageColumns = MessageRows.Columns;

    /// <summary>
    /// The to-do query; a test checks that PostgreSQL answers it by reading the partial index ix_messages_open in order.
    /// Unlike SQLite's, it does not repeat <c>attention_from IS NOT NULL</c>: the comparison implies it (so the partial
    /// index still applies), and PostgreSQL would multiply the two clauses' selectivities, underestimate the open list
    /// twentyfold and choose a bitmap scan and a sort.
    /// </summary>
    internal const string ToDoSql =
        "SELECT id, level, source, waiting_since, thread_id, author_id, board, subject, flag_count, last_flag_reason, underserved " +
        "FROM messages WHERE attention_from <= @asOf " +
        "ORDER BY level DESC, waiting_since, id LIMIT @limit";

    private static readonly string s_saveMessageSql =
        $"INSERT INTO messages({MessageColumns}) VALUES({string.Join(", ", MessageRows.Names.Select(c => "@" + c))}) " +
        $"ON CONFLICT (id) DO UPDATE SET {string.Join(", ", MessageRows.Names.Skip(1).Select(c => $"{c} = EXCLUDED.{c}"))}";

    private readonly NpgsqlDataSource _source;
    private readonly PostgreSqlStoreOptions _options;
    private readonly string _where;

    public PostgreSqlModerationStore(NpgsqlConnectionStringBuilder builder, PostgreSqlStoreOptions options)
    {
        _options = options;
        builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        builder.SearchPath = options.Schema;
        // The same few statements run for every event: let Npgsql prepare them on each pooled connection.
        builder.MaxAutoPrepare = 32;
        builder.AutoPrepareMinUsages = 2;
        _where = $"PostgreSQL at {builder.Host ?? "localhost"}:{builder.Port}, database '{builder.Database ?? builder.Username}', schema '{options.Schema}'";
        _source = NpgsqlDataSource.Create(builder);
        try
        {
            using var connection = OpenConnection();
            PostgreSqlSchema.Migrate(connection, options.Schema, _where);
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <summary>Where the store is, for messages: host, port, database and schema (never the password).</summary>
    internal string Where => _where;

    internal string Schema => _options.Schema;

    public override long MessageCount => (long)Scalar("SELECT COUNT(*) FROM messages")!;

    internal override T Write<T>(Func<IStoreSession, T> work)
    {
        for (int attempt = 1; ; attempt++)
        {
            using var connection = OpenConnection();
            using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            try
            {
                T result = work(new Session(connection, transaction, _options.Schema));
                transaction.Commit();
                return result;
            }
            catch (PostgresException e) when (IsRace(e.SqlState))
            {
                if (attempt >= _options.MaxWriteAttempts)
                    throw new ModerationStoreException($"An event lost a race with other writers {attempt} times in a row ({e.SqlState}: {e.MessageText}); {_where}. Raise PostgreSqlStoreOptions.MaxWriteAttempts if this is expected.", e);
                // Rolled back on dispose; run the whole event again, as if it arrived after the other writer's.
            }
        }
    }

    /// <summary>A unique violation (the same event id written meanwhile), a deadlock or a serialization failure.</summary>
    private static bool IsRace(string state) =>
        state is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    internal override bool HasEvent(string eventId) => Scalar("SELECT 1 FROM events WHERE event_id = @id", ("id", eventId)) is not null;

    internal override MessageRecord? Find(string id)
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null, $"SELECT {MessageColumns} FROM messages WHERE id = @id", ("id", id));
        using var r = command.ExecuteReader();
        return r.Read() ? ReadMessage(r) : null;
    }

    internal override List<ToDoRow> QueryToDo(long asOf, int limit)
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null, ToDoSql, ("asOf", asOf), ("limit", limit));
        using var r = command.ExecuteReader();
        var list = new List<ToDoRow>();
        while (r.Read())
        {
            list.Add(new ToDoRow(r.GetString(0), r.GetInt32(1), (LevelSource)r.GetInt32(2), r.GetInt64(3),
                S(r, 4), S(r, 5), S(r, 6), S(r, 7), r.GetInt32(8), S(r, 9), r.GetBoolean(10)));
        }
        return list;
    }

    internal override List<PostedRow> QueryPosted(long from, long to)
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null,
            "SELECT level, author_role, posted_at, first_mod_reply_at, underserved FROM messages WHERE posted_at >= @from AND posted_at < @to AND deleted_at IS NULL",
            ("from", from), ("to", to));
        using var r = command.ExecuteReader();
        var list = new List<PostedRow>();
        while (r.Read())
            list.Add(new PostedRow(r.GetInt32(0), (AuthorRole)r.GetInt32(1), r.GetInt64(2), L(r, 3), r.GetBoolean(4)));
        return list;
    }

    internal override List<MessageRecord> QueryCorrected()
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null, $"SELECT {MessageColumns} FROM messages WHERE corrected_level IS NOT NULL AND deleted_at IS NULL ORDER BY id");
        return ReadAll(command);
    }

    internal override HistoryRows QueryHistory(bool includeDeleted)
    {
        using var connection = OpenConnection();
        // One snapshot for the three reads, so messages and replies agree while other nodes write.
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        string? scheme;
        using (var command = Command(connection, transaction, "SELECT value FROM meta WHERE key = @key", ("key", SchemeKey)))
            scheme = command.ExecuteScalar() as string;
        // Text is not read: the history never carries it.
        string columns = MessageRows.WithoutText;
        List<MessageRecord> messages;
        using (var command = Command(connection, transaction, $"SELECT {columns} FROM messages{(includeDeleted ? "" : " WHERE deleted_at IS NULL")} ORDER BY posted_at, id"))
            messages = ReadAll(command);
        var replies = new List<EventRecord>();
        using (var command = Command(connection, transaction,
            "SELECT event_id, kind, message_id, occurred_at, outcome, replier_role, replier_id, reply_id FROM events " +
            "WHERE replier_role IS NOT NULL ORDER BY occurred_at, event_id"))
        {
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                replies.Add(new EventRecord(r.GetString(0), (EventKind)r.GetInt32(1), r.GetString(2), r.GetInt64(3), (ApplyOutcome)r.GetInt32(4))
                {
                    ReplierRole = (AuthorRole)r.GetInt32(5),
                    ReplierId = S(r, 6),
                    ReplyId = S(r, 7),
                });
            }
        }
        transaction.Commit();
        return new HistoryRows(scheme, messages, replies);
    }

    internal override List<EscalationRecord> PendingEscalations()
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null,
            "SELECT message_id, level, escalated_at, claimed_by FROM escalations WHERE delivered_at IS NULL ORDER BY escalated_at, message_id");
        using var r = command.ExecuteReader();
        var list = new List<EscalationRecord>();
        while (r.Read())
            list.Add(new EscalationRecord(r.GetString(0), r.GetInt32(1), r.GetInt64(2), null) { ClaimedBy = S(r, 3) });
        return list;
    }

    internal override EscalationRecord? ClaimEscalation(string node, TimeSpan lease)
    {
        using var connection = OpenConnection();
        // The database's clock decides expiry, so nodes with skewed clocks agree. SKIP LOCKED: two sweeps never wait on
        // (or both take) the same row; the row lock also makes the claim condition be checked on the latest version.
        using var command = Command(connection, null,
            "UPDATE escalations SET claimed_by = @node, claim_expires = clock_timestamp() + @lease " +
            "WHERE message_id = (SELECT message_id FROM escalations WHERE delivered_at IS NULL " +
            "AND (claimed_by IS NULL OR claimed_by = @node OR claim_expires < clock_timestamp()) " +
            "ORDER BY escalated_at, message_id LIMIT 1 FOR UPDATE SKIP LOCKED) " +
            "RETURNING message_id, level, escalated_at",
            ("node", node), ("lease", lease));
        using var r = command.ExecuteReader();
        return r.Read() ? new EscalationRecord(r.GetString(0), r.GetInt32(1), r.GetInt64(2), null) { ClaimedBy = node } : null;
    }

    internal override void ReleaseEscalations(string node) =>
        Execute("UPDATE escalations SET claimed_by = NULL, claim_expires = NULL WHERE delivered_at IS NULL AND claimed_by = @node", ("node", node));

    internal override void MarkDelivered(string messageId, long deliveredAt) =>
        Execute("UPDATE escalations SET delivered_at = @at WHERE message_id = @id AND delivered_at IS NULL", ("at", deliveredAt), ("id", messageId));

    internal override string? ReadMeta(string key) => Scalar("SELECT value FROM meta WHERE key = @key", ("key", key)) as string;

    internal override string AddMeta(string key, string value)
    {
        using var connection = OpenConnection();
        using (var insert = Command(connection, null, "INSERT INTO meta(key, value) VALUES(@key, @value) ON CONFLICT (key) DO NOTHING", ("key", key), ("value", value)))
            insert.ExecuteNonQuery();
        using var select = Command(connection, null, "SELECT value FROM meta WHERE key = @key", ("key", key));
        return (string)select.ExecuteScalar()!;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _source.Dispose();
    }

    /// <summary>A pooled connection; a server that cannot be reached is reported with where it was looked for.</summary>
    internal NpgsqlConnection OpenConnection()
    {
        try
        {
            return _source.OpenConnection();
        }
        catch (PostgresException e)
        {
            throw new ModerationStoreException($"The {_where} refused the connection ({e.SqlState}: {e.MessageText}); check the user, password and database name.", e);
        }
        catch (NpgsqlException e)
        {
            throw new ModerationStoreException($"The {_where} cannot be reached: {e.Message}. Is the server running and the host and port right?", e);
        }
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null, sql, parameters);
        return command.ExecuteScalar();
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = OpenConnection();
        using var command = Command(connection, null, sql, parameters);
        command.ExecuteNonQuery();
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static string? S(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? L(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static List<MessageRecord> ReadAll(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<MessageRecord>();
        while (reader.Read())
            list.Add(ReadMessage(reader));
        return list;
    }

    private static MessageRecord ReadMessage(NpgsqlDataReader r) => MessageRows.Read(r);

    /// <summary>One event's transaction.</summary>
    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema) : IStoreSession
    {
        private readonly HashSet<string> _locked = new(StringComparer.Ordinal);

        public EventRecord? FindEvent(string eventId)
        {
            using var command = Command(connection, transaction, "SELECT kind, message_id, occurred_at, outcome FROM events WHERE event_id = @id", ("id", eventId));
            using var r = command.ExecuteReader();
            return r.Read() ? new EventRecord(eventId, (EventKind)r.GetInt32(0), r.GetString(1), r.GetInt64(2), (ApplyOutcome)r.GetInt32(3)) : null;
        }

        public MessageRecord? FindMessage(string id)
        {
            Lock(id);
            using var command = Command(connection, transaction, $"SELECT {MessageColumns} FROM messages WHERE id = @id", ("id", id));
            using var r = command.ExecuteReader();
            return r.Read() ? ReadMessage(r) : null;
        }

        public List<MessageRecord> FindReplies(string parentId)
        {
            // Not locked: every change to a reply that matters here also locks this parent, which the caller holds.
            using var command = Command(connection, transaction, $"SELECT {MessageColumns} FROM messages WHERE parent_id = @id", ("id", parentId));
            return ReadAll(command);
        }

        public void SaveMessage(MessageRecord m)
        {
            Lock(m.Id);
            using var command = new NpgsqlCommand(s_saveMessageSql, connection, transaction);
            var p = command.Parameters;
            p.AddWithValue("id", m.Id);
            p.AddWithValue("thread_id", V(m.ThreadId));
            p.AddWithValue("parent_id", V(m.ParentId));
            p.AddWithValue("author_id", V(m.AuthorId));
            p.AddWithValue("author_role", (int)m.AuthorRole);
            p.AddWithValue("board", V(m.Board));
            p.AddWithValue("subject", V(m.Subject));
            p.AddWithValue("body", m.Body);
            p.AddWithValue("posted_at", m.PostedAt);
            p.AddWithValue("body_at", m.BodyAt);
            p.AddWithValue("model_level", m.ModelLevel);
            p.AddWithValue("flag_level", V(m.FlagLevel));
            p.AddWithValue("flag_count", m.FlagCount);
            p.AddWithValue("last_flag_at", V(m.LastFlagAt));
            p.AddWithValue("last_flag_reason", V(m.LastFlagReason));
            p.AddWithValue("corrected_level", V(m.CorrectedLevel));
            p.AddWithValue("corrected_at", V(m.CorrectedAt));
            p.AddWithValue("corrected_event", V(m.CorrectedEventId));
            p.AddWithValue("first_reply_at", V(m.FirstReplyAt));
            p.AddWithValue("first_mod_reply_at", V(m.FirstModeratorReplyAt));
            p.AddWithValue("reply_count", m.ReplyCount);
            p.AddWithValue("mod_reply_count", m.ModeratorReplyCount);
            p.AddWithValue("resolved_at", V(m.ResolvedAt));
            p.AddWithValue("handled_at", V(m.HandledAt));
            p.AddWithValue("deleted_at", V(m.DeletedAt));
            p.AddWithValue("escalated_at", V(m.EscalatedAt));
            p.AddWithValue("level", m.Level);
            p.AddWithValue("source", (int)m.Source);
            p.AddWithValue("attention_from", V(m.AttentionFrom));
            p.AddWithValue("waiting_since", m.WaitingSince);
            p.AddWithValue("reply_empathy", (int)m.ReplyEmpathy);
            p.AddWithValue("first_unassessed_reply_at", V(m.FirstUnassessedReplyAt));
            p.AddWithValue("first_answering_reply_at", V(m.FirstAnsweringReplyAt));
            p.AddWithValue("first_unempathic_reply_at", V(m.FirstUnempathicReplyAt));
            p.AddWithValue("underserved", m.Underserved);
            command.ExecuteNonQuery();
        }

        public void SaveEvent(EventRecord e)
        {
            using var command = Command(connection, transaction,
                "INSERT INTO events(event_id, kind, message_id, occurred_at, outcome, replier_role, replier_id, reply_id) VALUES(@id, @kind, @message, @at, @outcome, @role, @replier, @reply)",
                ("id", e.EventId), ("kind", (int)e.Kind), ("message", e.MessageId), ("at", e.OccurredAt), ("outcome", (int)e.Outcome),
                ("role", e.ReplierRole is AuthorRole role ? (int)role : null), ("replier", e.ReplierId), ("reply", e.ReplyId));
            command.ExecuteNonQuery();
        }

        public void AddEscalation(EscalationRecord e, string claimant, TimeSpan lease)
        {
            using var command = Command(connection, transaction,
                "INSERT INTO escalations(message_id, level, escalated_at, delivered_at, claimed_by, claim_expires) " +
                "VALUES(@id, @level, @at, NULL, @node, clock_timestamp() + @lease) ON CONFLICT (message_id) DO NOTHING",
                ("id", e.MessageId), ("level", e.Level), ("at", e.EscalatedAt), ("node", claimant), ("lease", lease));
            command.ExecuteNonQuery();
        }

        /// <summary>
        /// The message's lock, held to the end of the transaction: its own statement, so that the next statement's
        /// snapshot (READ COMMITTED takes one per statement) sees whatever the previous holder committed.
        /// </summary>
        private void Lock(string id)
        {
            if (!_locked.Add(id))
                return;
            using var command = Command(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", ("key", schema + "/" + id));
            command.ExecuteNonQuery();
        }

        private static object V(object? value) => value ?? DBNull.Value;
    }
}
