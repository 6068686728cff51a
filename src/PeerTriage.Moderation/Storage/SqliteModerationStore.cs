using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PeerTriage.Moderation.Storage;

/// <summary>
/// The SQLite store: WAL journal, one IMMEDIATE transaction per event on a dedicated writer connection with prepared
/// commands, and a second connection for queries (WAL lets it read the last committed state while a write is in
/// progress). Each connection is used under its own lock.
/// </summary>
internal sealed class SqliteModerationStore : ModerationStore
{
    private const string MessageColumns = MessageRows.Columns;

    /// <summary>The to-do query; a test checks that SQLite answers it from the covering partial index alone.</summary>
    internal const string ToDoSql =
        "SELECT id, level, source, waiting_since, thread_id, author_id, board, subject, flag_count, last_flag_reason, underserved " +
        "FROM messages WHERE attention_from IS NOT NULL AND attention_from <= $asOf " +
        "ORDER BY level DESC, waiting_since, id LIMIT $limit";

    private readonly Lock _writeLock = new();
    private readonly Lock _readLock = new();
    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private readonly Writer? _w; // null when read-only
    private readonly bool _readOnly;
    private readonly SqliteCommand _readEvent;
    private readonly SqliteCommand _readMessage;
    private readonly SqliteCommand _readToDo;
    private readonly SqliteCommand _readCount;
    private bool _disposed;

    public SqliteModerationStore(string path, SqliteStoreOptions options)
    {
        _readOnly = options.ReadOnly;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = _readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // the store holds its connections for its lifetime; closing must release the file
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        _writer = new SqliteConnection(builder.ToString());
        _reader = new SqliteConnection(builder.ToString());
        try
        {
            if (_readOnly)
            {
                if (!File.Exists(builder.DataSource))
                    throw new ModerationStoreException($"'{path}' does not exist (a read-only store is never created).");
                _reader.Open();
                int version = SqliteSchema.CurrentVersion(_reader);
                // A read-only store never migrates, so it reads only the schema this library writes.
                if (version != SchemaVersion)
                {
                    throw new ModerationStoreException(version == 0
                        ? $"'{path}' is an empty SQLite database, not a moderation store."
                        : version > SchemaVersion
                            ? $"'{path}' has schema version {version}, newer than this PeerTriage.Moderation ({SchemaVersion}); upgrade the package."
                            : $"'{path}' has schema version {version} and this PeerTriage.Moderation reads {SchemaVersion}; a read-only store is never migrated, so open it read-write once (starting the forum's queue does) and read it again.");
                }
            }
            else
            {
                _writer.Open();
                Exec(_writer, "PRAGMA journal_mode=WAL;");
                Exec(_writer, options.Durability == SqliteDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
                Exec(_writer, "PRAGMA foreign_keys=ON;");
                Exec(_writer, $"PRAGMA busy_timeout={(long)options.BusyTimeout.TotalMilliseconds};");
                SqliteSchema.Migrate(_writer);
                // A SQLite store serves one process at a time, so a claim found at open was left by a process that ended
                // between calling the crisis handler and recording the delivery: release it to deliver now, not after its lease.
                Exec(_writer, "UPDATE escalations SET claimed_by = NULL, claim_expires = NULL WHERE delivered_at IS NULL AND claimed_by IS NOT NULL");
                _reader.Open();
                _w = new Writer(_writer);
            }
            Exec(_reader, $"PRAGMA busy_timeout={(long)options.BusyTimeout.TotalMilliseconds};");
            _readEvent = Prepare(_reader, "SELECT 1 FROM events WHERE event_id = $id", "$id");
            _readMessage = Prepare(_reader, $"SELECT {MessageColumns} FROM messages WHERE id = $id", "$id");
            _readToDo = Prepare(_reader, ToDoSql, "$asOf", "$limit");
            _readCount = Prepare(_reader, "SELECT COUNT(*) FROM messages");
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 26) // SQLITE_NOTADB
        {
            _reader.Dispose();
            _writer.Dispose();
            throw new ModerationStoreException($"'{path}' is not a SQLite database: {e.Message}", e);
        }
        catch
        {
            _reader.Dispose();
            _writer.Dispose();
            throw;
        }
    }

    public override long MessageCount
    {
        get
        {
            lock (_readLock)
            {
                ThrowIfDisposed();
                return (long)_readCount.ExecuteScalar()!;
            }
        }
    }

    internal override T Write<T>(Func<IStoreSession, T> work)
    {
        lock (_writeLock)
        {
            var w = WriterOrThrow();
            using var transaction = _writer.BeginTransaction(deferred: false);
            w.Transaction = transaction;
            try
            {
                T result = work(w);
                transaction.Commit();
                return result;
            }
            finally
            {
                w.Transaction = null;
            }
        }
    }

    internal override bool HasEvent(string eventId)
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            _readEvent.Parameters[0].Value = eventId;
            return _readEvent.ExecuteScalar() is not null;
        }
    }

    internal override MessageRecord? Find(string id)
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            _readMessage.Parameters[0].Value = id;
            using var reader = _readMessage.ExecuteReader();
            return reader.Read() ? ReadMessage(reader) : null;
        }
    }

    internal override List<ToDoRow> QueryToDo(long asOf, int limit)
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            _readToDo.Parameters[0].Value = asOf;
            _readToDo.Parameters[1].Value = limit;
            using var r = _readToDo.ExecuteReader();
            var list = new List<ToDoRow>();
            while (r.Read())
            {
                list.Add(new ToDoRow(r.GetString(0), r.GetInt32(1), (LevelSource)r.GetInt32(2), r.GetInt64(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
                    r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetString(9), r.GetInt32(10) != 0));
            }
            return list;
        }
    }

    internal override List<PostedRow> QueryPosted(long from, long to)
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            using var command = Prepare(_reader, "SELECT level, author_role, posted_at, first_mod_reply_at, underserved FROM messages WHERE posted_at >= $from AND posted_at < $to AND deleted_at IS NULL", "$from", "$to");
            command.Parameters[0].Value = from;
            command.Parameters[1].Value = to;
            using var r = command.ExecuteReader();
            var list = new List<PostedRow>();
            while (r.Read())
                list.Add(new PostedRow(r.GetInt32(0), (AuthorRole)r.GetInt32(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt32(4) != 0));
            return list;
        }
    }

    internal override List<MessageRecord> QueryCorrected()
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            using var command = Prepare(_reader, $"SELECT {MessageColumns} FROM messages WHERE corrected_level IS NOT NULL AND deleted_at IS NULL ORDER BY id");
            return ReadAll(command);
        }
    }

    internal override HistoryRows QueryHistory(bool includeDeleted)
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            // One read transaction: WAL gives it a snapshot, so messages and replies agree even while the forum writes.
            using var transaction = _reader.BeginTransaction(deferred: true);
            string? scheme;
            using (var command = Prepare(_reader, "SELECT value FROM meta WHERE key = $key", "$key"))
            {
                command.Transaction = transaction;
                command.Parameters[0].Value = SchemeKey;
                scheme = command.ExecuteScalar() as string;
            }
            var messages = new List<MessageRecord>();
            // Text is not read: the history never carries it.
            using (var command = Prepare(_reader, $"SELECT {MessageRows.WithoutText} FROM messages{(includeDeleted ? "" : " WHERE deleted_at IS NULL")} ORDER BY posted_at, id"))
            {
                command.Transaction = transaction;
                using var r = command.ExecuteReader();
                while (r.Read())
                    messages.Add(ReadMessage(r));
            }
            var replies = new List<EventRecord>();
            using (var command = Prepare(_reader,
                "SELECT event_id, kind, message_id, occurred_at, outcome, replier_role, replier_id, reply_id FROM events " +
                "WHERE replier_role IS NOT NULL ORDER BY occurred_at, event_id"))
            {
                command.Transaction = transaction;
                using var r = command.ExecuteReader();
                while (r.Read())
                {
                    replies.Add(new EventRecord(r.GetString(0), (EventKind)r.GetInt32(1), r.GetString(2), r.GetInt64(3), (ApplyOutcome)r.GetInt32(4))
                    {
                        ReplierRole = (AuthorRole)r.GetInt32(5),
                        ReplierId = r.IsDBNull(6) ? null : r.GetString(6),
                        ReplyId = r.IsDBNull(7) ? null : r.GetString(7),
                    });
                }
            }
            transaction.Commit();
            return new HistoryRows(scheme, messages, replies);
        }
    }

    internal override List<EscalationRecord> PendingEscalations()
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            using var command = Prepare(_reader, "SELECT message_id, level, escalated_at FROM escalations WHERE delivered_at IS NULL ORDER BY escalated_at, message_id");
            using var reader = command.ExecuteReader();
            var list = new List<EscalationRecord>();
            while (reader.Read())
                list.Add(new EscalationRecord(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), null));
            return list;
        }
    }

    internal override EscalationRecord? ClaimEscalation(string node, TimeSpan lease)
    {
        lock (_writeLock)
        {
            WriterOrThrow();
            // One statement, so the choice and the claim are atomic also against another process on the same file.
            using var command = Prepare(_writer,
                "UPDATE escalations SET claimed_by = $node, claim_expires = $expires WHERE message_id = (" +
                "SELECT message_id FROM escalations WHERE delivered_at IS NULL AND (claimed_by IS NULL OR claimed_by = $node OR claim_expires < $now) " +
                "ORDER BY escalated_at, message_id LIMIT 1) RETURNING message_id, level, escalated_at, claim_expires",
                "$node", "$expires", "$now");
            long now = DateTime.UtcNow.Ticks;
            command.Parameters[0].Value = node;
            command.Parameters[1].Value = now + lease.Ticks;
            command.Parameters[2].Value = now;
            using var r = command.ExecuteReader();
            return r.Read() ? new EscalationRecord(r.GetString(0), r.GetInt32(1), r.GetInt64(2), null) { ClaimedBy = node, ClaimExpires = r.GetInt64(3) } : null;
        }
    }

    internal override void ReleaseEscalations(string node)
    {
        lock (_writeLock)
        {
            WriterOrThrow();
            using var command = Prepare(_writer, "UPDATE escalations SET claimed_by = NULL, claim_expires = NULL WHERE delivered_at IS NULL AND claimed_by = $node", "$node");
            command.Parameters[0].Value = node;
            command.ExecuteNonQuery();
        }
    }

    internal override void MarkDelivered(string messageId, long deliveredAt)
    {
        lock (_writeLock)
        {
            WriterOrThrow();
            using var command = Prepare(_writer, "UPDATE escalations SET delivered_at = $at WHERE message_id = $id AND delivered_at IS NULL", "$at", "$id");
            command.Parameters[0].Value = deliveredAt;
            command.Parameters[1].Value = messageId;
            command.ExecuteNonQuery();
        }
    }

    internal override string? ReadMeta(string key)
    {
        lock (_readLock)
        {
            ThrowIfDisposed();
            using var command = Prepare(_reader, "SELECT value FROM meta WHERE key = $key", "$key");
            command.Parameters[0].Value = key;
            return command.ExecuteScalar() as string;
        }
    }

    internal override string AddMeta(string key, string value)
    {
        lock (_writeLock)
        {
            WriterOrThrow();
            using var insert = Prepare(_writer, "INSERT INTO meta(key, value) VALUES($key, $value) ON CONFLICT(key) DO NOTHING", "$key", "$value");
            insert.Parameters[0].Value = key;
            insert.Parameters[1].Value = value;
            insert.ExecuteNonQuery();
            using var select = Prepare(_writer, "SELECT value FROM meta WHERE key = $key", "$key");
            select.Parameters[0].Value = key;
            return (string)select.ExecuteScalar()!;
        }
    }

    /// <summary>Reads a pragma on the writer connection (for tests: synchronous is per connection).</summary>
    internal object? Pragma(string name)
    {
        lock (_writeLock)
        {
            WriterOrThrow();
            using var command = _writer.CreateCommand();
            command.CommandText = "PRAGMA " + name;
            return command.ExecuteScalar();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        lock (_writeLock)
        {
            lock (_readLock)
            {
                if (_disposed)
                    return;
                _disposed = true;
                _readEvent.Dispose();
                _readMessage.Dispose();
                _readToDo.Dispose();
                _readCount.Dispose();
                _w?.Dispose();
                _reader.Dispose();
                _writer.Dispose();
            }
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private Writer WriterOrThrow()
    {
        ThrowIfDisposed();
        return _w ?? throw new ModerationStoreException(
            $"'{_reader.DataSource}' was opened read-only (SqliteStoreOptions.ReadOnly); it can be read, not written, so a queue cannot use it.");
    }

    internal static void Exec(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string p in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = p });
        command.Prepare();
        return command;
    }

    private static List<MessageRecord> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<MessageRecord>();
        while (reader.Read())
            list.Add(ReadMessage(reader));
        return list;
    }

    private static MessageRecord ReadMessage(SqliteDataReader r) => MessageRows.Read(r);

    /// <summary>The writer connection's prepared commands, used inside the current transaction.</summary>
    private sealed class Writer : IStoreSession, IDisposable
    {
        private readonly SqliteCommand _findEvent;
        private readonly SqliteCommand _findMessage;
        private readonly SqliteCommand _findReplies;
        private readonly SqliteCommand _saveMessage;
        private readonly SqliteCommand _saveEvent;
        private readonly SqliteCommand _addEscalation;

        public Writer(SqliteConnection connection)
        {
            _findEvent = Prepare(connection, "SELECT kind, message_id, occurred_at, outcome FROM events WHERE event_id = $id", "$id");
            _findMessage = Prepare(connection, $"SELECT {MessageColumns} FROM messages WHERE id = $id", "$id");
            _findReplies = Prepare(connection, $"SELECT {MessageColumns} FROM messages WHERE parent_id = $id", "$id");
            string values = string.Join(", ", MessageRows.Names.Select(c => "$" + c));
            string updates = string.Join(", ", MessageRows.Names.Skip(1).Select(c => $"{c} = excluded.{c}"));
            _saveMessage = Prepare(connection, $"INSERT INTO messages({MessageColumns}) VALUES({values}) ON CONFLICT(id) DO UPDATE SET {updates}",
                MessageRows.Names.Select(c => "$" + c).ToArray());
            _saveEvent = Prepare(connection,
                "INSERT INTO events(event_id, kind, message_id, occurred_at, outcome, replier_role, replier_id, reply_id) VALUES($id, $kind, $message, $at, $outcome, $role, $replier, $reply)",
                "$id", "$kind", "$message", "$at", "$outcome", "$role", "$replier", "$reply");
            _addEscalation = Prepare(connection,
                "INSERT INTO escalations(message_id, level, escalated_at, delivered_at, claimed_by, claim_expires) VALUES($id, $level, $at, NULL, $node, $expires) ON CONFLICT(message_id) DO NOTHING",
                "$id", "$level", "$at", "$node", "$expires");
        }

        public SqliteTransaction? Transaction
        {
            set
            {
                _findEvent.Transaction = value;
                _findMessage.Transaction = value;
                _findReplies.Transaction = value;
                _saveMessage.Transaction = value;
                _saveEvent.Transaction = value;
                _addEscalation.Transaction = value;
            }
        }

        public EventRecord? FindEvent(string eventId)
        {
            _findEvent.Parameters[0].Value = eventId;
            using var r = _findEvent.ExecuteReader();
            return r.Read() ? new EventRecord(eventId, (EventKind)r.GetInt32(0), r.GetString(1), r.GetInt64(2), (ApplyOutcome)r.GetInt32(3)) : null;
        }

        public MessageRecord? FindMessage(string id)
        {
            _findMessage.Parameters[0].Value = id;
            using var r = _findMessage.ExecuteReader();
            return r.Read() ? ReadMessage(r) : null;
        }

        public List<MessageRecord> FindReplies(string parentId)
        {
            _findReplies.Parameters[0].Value = parentId;
            return ReadAll(_findReplies);
        }

        public void SaveMessage(MessageRecord m)
        {
            var p = _saveMessage.Parameters;
            object V(object? value) => value ?? DBNull.Value;
            p[0].Value = m.Id;
            p[1].Value = V(m.ThreadId);
            p[2].Value = V(m.ParentId);
            p[3].Value = V(m.AuthorId);
            p[4].Value = (int)m.AuthorRole;
            p[5].Value = V(m.Board);
            p[6].Value = V(m.Subject);
            p[7].Value = m.Body;
            p[8].Value = m.PostedAt;
            p[9].Value = m.BodyAt;
            p[10].Value = m.ModelLevel;
            p[11].Value = V(m.FlagLevel);
            p[12].Value = m.FlagCount;
            p[13].Value = V(m.LastFlagAt);
            p[14].Value = V(m.LastFlagReason);
            p[15].Value = V(m.CorrectedLevel);
            p[16].Value = V(m.CorrectedAt);
            p[17].Value = V(m.CorrectedEventId);
            p[18].Value = V(m.FirstReplyAt);
            p[19].Value = V(m.FirstModeratorReplyAt);
            p[20].Value = m.ReplyCount;
            p[21].Value = m.ModeratorReplyCount;
            p[22].Value = V(m.ResolvedAt);
            p[23].Value = V(m.HandledAt);
            p[24].Value = V(m.DeletedAt);
            p[25].Value = V(m.EscalatedAt);
            p[26].Value = m.Level;
            p[27].Value = (int)m.Source;
            p[28].Value = V(m.AttentionFrom);
            p[29].Value = m.WaitingSince;
            p[30].Value = (int)m.ReplyEmpathy;
            p[31].Value = V(m.FirstUnassessedReplyAt);
            p[32].Value = V(m.FirstAnsweringReplyAt);
            p[33].Value = V(m.FirstUnempathicReplyAt);
            p[34].Value = m.Underserved ? 1 : 0;
            _saveMessage.ExecuteNonQuery();
        }

        public void SaveEvent(EventRecord e)
        {
            var p = _saveEvent.Parameters;
            p[0].Value = e.EventId;
            p[1].Value = (int)e.Kind;
            p[2].Value = e.MessageId;
            p[3].Value = e.OccurredAt;
            p[4].Value = (int)e.Outcome;
            p[5].Value = e.ReplierRole is AuthorRole role ? (int)role : DBNull.Value;
            p[6].Value = (object?)e.ReplierId ?? DBNull.Value;
            p[7].Value = (object?)e.ReplyId ?? DBNull.Value;
            _saveEvent.ExecuteNonQuery();
        }

        public void AddEscalation(EscalationRecord e, string claimant, TimeSpan lease)
        {
            var p = _addEscalation.Parameters;
            p[0].Value = e.MessageId;
            p[1].Value = e.Level;
            p[2].Value = e.EscalatedAt;
            p[3].Value = claimant;
            p[4].Value = DateTime.UtcNow.Ticks + lease.Ticks;
            _addEscalation.ExecuteNonQuery();
        }

        public void Dispose()
        {
            _findEvent.Dispose();
            _findMessage.Dispose();
            _findReplies.Dispose();
            _saveMessage.Dispose();
            _saveEvent.Dispose();
            _addEscalation.Dispose();
        }
    }
}

/// <summary>
/// The versioned schema. Each migration runs in its own transaction and records its version in
/// <c>schema_version</c>; opening a store applies the missing ones in order, so old files move forward. Never edit a
/// released migration: add a new one and bump <see cref="ModerationStore.SchemaVersion"/>.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        // 1: messages with derived to-do fields, event ids for idempotency, metadata (the scheme). The to-do index is
        // partial (open messages only, so it stays small however large the forum) and covering (no table lookups).
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY, kind INTEGER NOT NULL, message_id TEXT NOT NULL,
            occurred_at INTEGER NOT NULL, outcome INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE messages (
            id TEXT PRIMARY KEY, thread_id TEXT, parent_id TEXT, author_id TEXT, author_role INTEGER NOT NULL,
            board TEXT, subject TEXT, body TEXT NOT NULL, posted_at INTEGER NOT NULL, body_at INTEGER NOT NULL,
            model_level INTEGER NOT NULL, flag_level INTEGER, flag_count INTEGER NOT NULL, last_flag_at INTEGER,
            last_flag_reason TEXT, corrected_level INTEGER, corrected_at INTEGER, corrected_event TEXT,
            first_reply_at INTEGER, first_mod_reply_at INTEGER, reply_count INTEGER NOT NULL,
            mod_reply_count INTEGER NOT NULL, resolved_at INTEGER, handled_at INTEGER, deleted_at INTEGER,
            escalated_at INTEGER, level INTEGER NOT NULL, source INTEGER NOT NULL, attention_from INTEGER,
            waiting_since INTEGER NOT NULL);
        CREATE INDEX ix_messages_open ON messages(level DESC, waiting_since, id, attention_from, source, flag_count,
            thread_id, author_id, board, subject, last_flag_reason) WHERE attention_from IS NOT NULL;
        CREATE INDEX ix_messages_posted ON messages(posted_at);
        """,

        // 2: an outbox for crisis escalations, so that a crash between commit and handler call cannot lose one.
        // Escalations recorded by version 1 were delivered in-line, so they are carried over as delivered.
        """
        CREATE TABLE escalations (
            message_id TEXT PRIMARY KEY, level INTEGER NOT NULL, escalated_at INTEGER NOT NULL, delivered_at INTEGER) WITHOUT ROWID;
        CREATE INDEX ix_escalations_pending ON escalations(escalated_at) WHERE delivered_at IS NULL;
        INSERT INTO escalations(message_id, level, escalated_at, delivered_at)
            SELECT id, level, escalated_at, escalated_at FROM messages WHERE escalated_at IS NOT NULL;
        """,

        // 3: the underserved rule. Each reply keeps its empathy assessment (a number, never text) and each message
        // summaries of its replies; replies recorded before this version were never assessed, so they are carried over as
        // answering (first_unassessed_reply_at from first_reply_at; replies to a stored parent marked unassessed), which
        // keeps every migrated message exactly as answered as it was. The to-do index gains the underserved column to stay
        // covering; the parent index finds a reply's siblings when one is edited or deleted.
        """
        ALTER TABLE messages ADD COLUMN reply_empathy INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE messages ADD COLUMN first_unassessed_reply_at INTEGER;
        ALTER TABLE messages ADD COLUMN first_answering_reply_at INTEGER;
        ALTER TABLE messages ADD COLUMN first_unempathic_reply_at INTEGER;
        ALTER TABLE messages ADD COLUMN underserved INTEGER NOT NULL DEFAULT 0;
        UPDATE messages SET first_unassessed_reply_at = first_reply_at WHERE first_reply_at IS NOT NULL;
        UPDATE messages SET reply_empathy = 1 WHERE parent_id IN (SELECT id FROM messages);
        DROP INDEX ix_messages_open;
        CREATE INDEX ix_messages_open ON messages(level DESC, waiting_since, id, attention_from, source, flag_count,
            thread_id, author_id, board, subject, last_flag_reason, underserved) WHERE attention_from IS NOT NULL;
        CREATE INDEX ix_messages_parent ON messages(parent_id) WHERE parent_id IS NOT NULL;
        """,

        // 4: the history (ModerationStore.ReadHistory). An applied ReplyPosted keeps who replied, so the store can hand
        // its replies back; replies recorded before this version keep NULL (their times live on in the message columns).
        """
        ALTER TABLE events ADD COLUMN replier_role INTEGER;
        ALTER TABLE events ADD COLUMN replier_id TEXT;
        ALTER TABLE events ADD COLUMN reply_id TEXT;
        """,

        // 5: escalation claims, so that queues sharing a store deliver each escalation one node at a time
        // (ModerationQueue, "Several servers"). The node delivering it and when its claim ends (UTC ticks).
        """
        ALTER TABLE escalations ADD COLUMN claimed_by TEXT;
        ALTER TABLE escalations ADD COLUMN claim_expires INTEGER;
        """,
    ];

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                tables.Add(reader.GetString(0));
        }
        if (!tables.Contains("schema_version"))
        {
            if (tables.Count > 0)
                throw new ModerationStoreException($"'{connection.DataSource}' is a SQLite database but not a PeerTriage moderation store (it has tables {string.Join(", ", tables)} and no schema_version).");
            return 0;
        }
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Applies migrations up to <paramref name="targetVersion"/> (all of them by default).</summary>
    public static void Migrate(SqliteConnection connection, int targetVersion = ModerationStore.SchemaVersion)
    {
        _ = CurrentVersion(connection); // refuses a database that is not ours before writing anything to it
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            SqliteModerationStore.Exec(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", transaction);
            transaction.Commit();
        }
        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            int version = CurrentVersion(connection, transaction);
            if (version > Migrations.Length)
                throw new ModerationStoreException($"'{connection.DataSource}' has schema version {version}, newer than this PeerTriage.Moderation ({Migrations.Length}); upgrade the package.");
            if (version >= targetVersion)
                return;
            SqliteModerationStore.Exec(connection, Migrations[version], transaction);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version(version, applied_at) VALUES($v, $at)";
                record.Parameters.AddWithValue("$v", version + 1);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
