using Npgsql;

namespace PeerTriage.Moderation.PostgreSql;

/// <summary>
/// The versioned PostgreSQL schema, in the store's own PostgreSQL schema (namespace). Each migration runs in its own
/// transaction and records its version in <c>schema_version</c>; opening a store applies the missing ones in order under
/// an advisory lock, so several nodes starting at once migrate once. Never edit a released migration: add one and bump
/// <see cref="PostgreSqlModerationStores.SchemaVersion"/>. Times are UTC ticks (bigint), as in SQLite, except claim
/// expiry, which is the database server's clock. Ids are <c>COLLATE "C"</c> so that ordering by id is ordinal, as in the
/// other stores.
/// </summary>
internal static class PostgreSqlSchema
{
    public static readonly string[] Migrations =
    [
        // 1: the tables of SQLite schema 4. The to-do index is partial (open messages only, so it stays small however large
        // the forum) with the sort keys first; it is not covering for the text columns (subject, flag reason, free text
        // that could exceed PostgreSQL's index row limit of about 2.7 kB), so the to-do query reads the heap rows of the
        // entries it returns, never the rest of the table.
        """
        CREATE TABLE meta (key text COLLATE "C" PRIMARY KEY, value text NOT NULL);
        CREATE TABLE events (
            event_id text COLLATE "C" PRIMARY KEY, kind integer NOT NULL, message_id text COLLATE "C" NOT NULL,
            occurred_at bigint NOT NULL, outcome integer NOT NULL, replier_role integer, replier_id text, reply_id text);
        CREATE TABLE messages (
            id text COLLATE "C" PRIMARY KEY, thread_id text, parent_id text COLLATE "C", author_id text, author_role integer NOT NULL,
            board text, subject text, body text NOT NULL, posted_at bigint NOT NULL, body_at bigint NOT NULL,
            model_level integer NOT NULL, flag_level integer, flag_count integer NOT NULL, last_flag_at bigint,
            last_flag_reason text, corrected_level integer, corrected_at bigint, corrected_event text,
            first_reply_at bigint, first_mod_reply_at bigint, reply_count integer NOT NULL,
            mod_reply_count integer NOT NULL, resolved_at bigint, handled_at bigint, deleted_at bigint,
            escalated_at bigint, level integer NOT NULL, source integer NOT NULL, attention_from bigint,
            waiting_since bigint NOT NULL, reply_empathy integer NOT NULL DEFAULT 0, first_unassessed_reply_at bigint,
            first_answering_reply_at bigint, first_unempathic_reply_at bigint, underserved boolean NOT NULL DEFAULT false);
        CREATE INDEX ix_messages_open ON messages (level DESC, waiting_since, id) INCLUDE (attention_from) WHERE attention_from IS NOT NULL;
        CREATE INDEX ix_messages_posted ON messages (posted_at);
        CREATE INDEX ix_messages_parent ON messages (parent_id) WHERE parent_id IS NOT NULL;
        CREATE TABLE escalations (
            message_id text COLLATE "C" PRIMARY KEY, level integer NOT NULL, escalated_at bigint NOT NULL, delivered_at bigint);
        CREATE INDEX ix_escalations_pending ON escalations (escalated_at, message_id) WHERE delivered_at IS NULL;
        """,

        // 2: escalation claims (SQLite schema 5): the node delivering an escalation and when its claim ends, on the
        // database server's clock so that nodes with skewed clocks agree.
        """
        ALTER TABLE escalations ADD COLUMN claimed_by text, ADD COLUMN claim_expires timestamptz;
        """,
    ];

    /// <summary>Applies migrations up to <paramref name="targetVersion"/> (all of them by default).</summary>
    /// <exception cref="ModerationStoreException">The schema is newer than this library, or not a moderation store.</exception>
    public static void Migrate(NpgsqlConnection connection, string schema, string where, int targetVersion = PostgreSqlModerationStores.SchemaVersion)
    {
        // Session-level, so that it spans the migrations' transactions; released below or when the connection closes.
        using (var lockCommand = PostgreSqlModerationStore.Command(connection, null, "SELECT pg_advisory_lock(hashtextextended(@key, 0))", ("key", "peertriage-migrate/" + schema)))
            lockCommand.ExecuteNonQuery();
        try
        {
            var tables = Tables(connection, schema);
            if (tables.Count > 0 && !tables.Contains("schema_version"))
                throw new ModerationStoreException($"The {where} holds tables ({string.Join(", ", tables)}) and no schema_version: it is not a PeerTriage moderation store, so it was left untouched. Choose another PostgreSqlStoreOptions.Schema.");
            Execute(connection, null, $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            while (true)
            {
                using var transaction = connection.BeginTransaction();
                int version = CurrentVersion(connection, transaction, schema);
                if (version > Migrations.Length)
                    throw new ModerationStoreException($"The {where} has schema version {version}, newer than this PeerTriage.Moderation.PostgreSql ({Migrations.Length}); upgrade the package.");
                if (version >= targetVersion)
                    return;
                Execute(connection, transaction, $"SET LOCAL search_path = {schema}; " + Migrations[version]);
                Execute(connection, transaction, $"INSERT INTO {schema}.schema_version(version) VALUES ({version + 1})");
                transaction.Commit();
            }
        }
        finally
        {
            using var unlock = PostgreSqlModerationStore.Command(connection, null, "SELECT pg_advisory_unlock(hashtextextended(@key, 0))", ("key", "peertriage-migrate/" + schema));
            unlock.ExecuteNonQuery();
        }
    }

    public static int CurrentVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema)
    {
        using var command = PostgreSqlModerationStore.Command(connection, transaction, $"SELECT COALESCE(MAX(version), 0) FROM {schema}.schema_version");
        return (int)command.ExecuteScalar()!;
    }

    /// <summary>The tables and views in the schema (none when it does not exist).</summary>
    private static List<string> Tables(NpgsqlConnection connection, string schema)
    {
        using var command = PostgreSqlModerationStore.Command(connection, null,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname", ("schema", schema));
        using var r = command.ExecuteReader();
        var tables = new List<string>();
        while (r.Read())
            tables.Add(r.GetString(0));
        return tables;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
