using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PeerTriage.Moderation.Storage;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests.Storage;

public sealed class SqliteStoreTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDirectory();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static SqliteConnection Raw(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Test]
    public void State_survives_closing_and_reopening()
    {
        string db = _dir.File("m.db");
        IReadOnlyList<ToDoItem> before;
        MessageStatus? status;
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier());
            q.Apply(Post("a", "red", 0));
            q.Apply(Post("b", "green", 1));
            q.Apply(Flag("b", 2, "worried"));
            q.Apply(Post("c", "crisis", 3));
            q.Apply(Reply("c", 4, AuthorRole.Moderator));
            before = q.GetToDo(T(10));
            status = q.GetStatus("c", T(10));
        }
        using (var store = ModerationStore.OpenSqlite(db))
        {
            store.MessageCount.Should().Be(3);
            var q = new ModerationQueue(store, new KeywordClassifier());
            q.GetToDo(T(10)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
            q.GetToDo(T(10)).Ids().Should().Equal("a", "b"); // both red: the flagged green one waits from its later post
            q.GetStatus("c", T(10)).Should().BeEquivalentTo(status);
        }
    }

    [Test]
    public void The_database_uses_WAL_and_the_requested_synchronous_mode()
    {
        string db = _dir.File("m.db");
        using (ModerationStore.OpenSqlite(db, new SqliteStoreOptions { Durability = SqliteDurability.Normal }))
        {
            using var raw = Raw(db);
            Scalar(raw, "PRAGMA journal_mode").Should().Be("wal");
        }
        // synchronous is per connection, so read it from the store's own writer.
        using var store = (SqliteModerationStore)ModerationStore.OpenSqlite(db);
        store.Pragma("synchronous").Should().Be(2L, "FULL is 2");
        using var normal = (SqliteModerationStore)ModerationStore.OpenSqlite(_dir.File("n.db"), new SqliteStoreOptions { Durability = SqliteDurability.Normal });
        normal.Pragma("synchronous").Should().Be(1L, "NORMAL is 1");
    }

    [Test]
    public void The_to_do_query_reads_only_the_covering_partial_index()
    {
        string db = _dir.File("m.db");
        using (ModerationStore.OpenSqlite(db))
        {
        }
        using var raw = Raw(db);
        using var command = raw.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteModerationStore.ToDoSql;
        command.Parameters.AddWithValue("$asOf", 0L);
        command.Parameters.AddWithValue("$limit", 100);
        using var reader = command.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
            plan.Add(reader.GetString(3));
        plan.Should().Equal("SCAN messages USING COVERING INDEX ix_messages_open");
    }

    [Test]
    public void A_version_1_database_is_migrated_forward_keeping_its_data()
    {
        string db = _dir.File("v1.db");
        using (var raw = Raw(db))
        {
            SqliteSchema.Migrate(raw, targetVersion: 1);
            using var insert = raw.CreateCommand();
            insert.CommandText = """
                INSERT INTO meta VALUES ('scheme', 'green,amber,red,crisis;flagged=1;urgent=2');
                INSERT INTO messages (id, author_role, body, posted_at, body_at, model_level, flag_count, reply_count, mod_reply_count,
                    escalated_at, level, source, attention_from, waiting_since)
                VALUES ('old', 1, 'old crisis [crisis]', 100, 100, 3, 0, 0, 0, 100, 3, 0, 100, 100);
                INSERT INTO events VALUES ('old-event', 1, 'old', 100, 0);
                """;
            insert.ExecuteNonQuery();
            Scalar(raw, "SELECT MAX(version) FROM schema_version").Should().Be(1L);
        }
        var calls = new List<string>();
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions { OnCrisis = e => calls.Add(e.MessageId) });
            store.ContainsEvent("old-event").Should().BeTrue();
            q.GetToDo(new DateTimeOffset(200, TimeSpan.Zero)).Ids().Should().Equal("old");
            q.DeliverPendingEscalations().Should().Be(0, "escalations recorded before the outbox existed were already delivered");
            q.Apply(Post("new", "crisis", 0));
        }
        calls.Should().Equal("new");
        using (var raw = Raw(db))
            Scalar(raw, "SELECT MAX(version) FROM schema_version").Should().Be((long)ModerationStore.SchemaVersion);
    }

    [Test]
    public void A_version_2_database_is_migrated_forward_and_its_replies_keep_answering_under_the_underserved_rule()
    {
        string db = _dir.File("v2.db");
        long t0 = T(0).UtcTicks, reply = T(10).UtcTicks, windowEnd = T(360).UtcTicks;
        using (var raw = Raw(db))
        {
            SqliteSchema.Migrate(raw, targetVersion: 2);
            using var insert = raw.CreateCommand();
            // An amber post answered by a peer's reply (a stored message), and an amber post nobody answered.
            insert.CommandText = $"""
                INSERT INTO meta VALUES ('scheme', 'green,amber,red,crisis;flagged=1;urgent=2');
                INSERT INTO messages (id, parent_id, author_id, author_role, body, posted_at, body_at, model_level, flag_count,
                    first_reply_at, reply_count, mod_reply_count, level, source, attention_from, waiting_since)
                VALUES ('answered', NULL, 'u1', 1, 'old post [amber]', {t0}, {t0}, 1, 0, {reply}, 1, 0, 1, 0, NULL, {t0}),
                       ('reply', 'answered', 'p1', 1, 'cheer up', {reply}, {reply}, 0, 0, NULL, 0, 0, 0, 0, NULL, {reply}),
                       ('quiet', NULL, 'u2', 1, 'old post [amber]', {t0}, {t0}, 1, 0, NULL, 0, 0, 1, 0, {windowEnd}, {t0});
                INSERT INTO events VALUES ('old-1', 1, 'answered', {t0}, 0), ('old-2', 1, 'reply', {reply}, 0), ('old-3', 1, 'quiet', {t0}, 0);
                """;
            insert.ExecuteNonQuery();
            Scalar(raw, "SELECT MAX(version) FROM schema_version").Should().Be(2L);
        }

        var assessor = new KeywordEmpathyAssessor(); // says "no empathy" to every reply below
        var options = new ModerationOptions { KeepUnderserved = true, EmpathyAssessor = assessor };
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), options);
            store.ContainsEvent("old-2").Should().BeTrue();
            var todo = q.GetToDo(T(400));
            todo.Ids().Should().Equal("quiet");
            todo[0].Reason.Should().Be(AttentionReason.Unanswered);

            // A new unempathic reply does not make the migrated post underserved: its old reply was never assessed.
            q.Apply(UnderservedTests.ReplyTo("answered", "new", 20, "whatever", author: "p2")).Outcome.Should().Be(ApplyOutcome.Applied);
            assessor.Calls.Should().Be(1);
            q.GetToDo(T(400)).Ids().Should().Equal("quiet");
            q.GetStatus("answered", T(400))!.Underserved.Should().BeFalse();

            // An edit of the old reply is assessed under the rule, and then it counts like a new one: the recomputed
            // summaries see two unempathic replies, but the migrated first_unassessed_reply_at still answers (safe side).
            q.Apply(UnderservedTests.EditReply("reply", 30, "cheer up")).Outcome.Should().Be(ApplyOutcome.Applied);
            assessor.Calls.Should().Be(2);
            q.GetToDo(T(400)).Ids().Should().Equal("quiet");
        }
        using (var raw = Raw(db))
        {
            Scalar(raw, "SELECT MAX(version) FROM schema_version").Should().Be((long)ModerationStore.SchemaVersion);
            Scalar(raw, "SELECT reply_empathy FROM messages WHERE id = 'new'").Should().Be(3L, "3 is NoEmpathy");
            Scalar(raw, "SELECT reply_empathy FROM messages WHERE id = 'quiet'").Should().Be(0L, "not a reply");
            Scalar(raw, "SELECT first_unassessed_reply_at FROM messages WHERE id = 'answered'").Should().Be(reply);
            using var plan = raw.CreateCommand();
            plan.CommandText = "EXPLAIN QUERY PLAN SELECT id FROM messages WHERE parent_id = $id";
            plan.Parameters.AddWithValue("$id", "answered");
            using var reader = plan.ExecuteReader();
            reader.Read().Should().BeTrue();
            reader.GetString(3).Should().StartWith("SEARCH messages USING INDEX ix_messages_parent", "a reply's siblings are found by the partial parent index");
        }
    }

    [Test]
    public void The_migration_to_version_3_marks_stored_replies_as_unassessed()
    {
        string db = _dir.File("v2b.db");
        using var raw = Raw(db);
        SqliteSchema.Migrate(raw, targetVersion: 2);
        Scalar(raw, """
            INSERT INTO messages (id, parent_id, author_role, body, posted_at, body_at, model_level, flag_count, reply_count,
                mod_reply_count, level, source, waiting_since)
            VALUES ('p', NULL, 1, '', 0, 0, 1, 0, 0, 0, 1, 0, 0), ('r', 'p', 1, '', 0, 0, 0, 0, 0, 0, 0, 0, 0),
                   ('orphan', 'gone', 1, '', 0, 0, 0, 0, 0, 0, 0, 0, 0)
            """);
        SqliteSchema.Migrate(raw);
        Scalar(raw, "SELECT group_concat(id || '=' || reply_empathy, ',') FROM (SELECT id, reply_empathy FROM messages ORDER BY id)")
            .Should().Be("orphan=0,p=0,r=1", "only a reply to a stored message counted as a reply before");
        Scalar(raw, "SELECT COUNT(*) FROM messages WHERE underserved <> 0").Should().Be(0L);
    }

    [Test]
    public void The_underserved_state_survives_a_restart_and_equals_a_replay()
    {
        string db = _dir.File("m.db");
        var events = new List<ModerationEvent>
        {
            Post("a", "amber", 0, author: "u1"), Post("b", "amber", 1, author: "u2"), Post("c", "amber", 2, author: "u3"), Post("d", "red", 3, author: "u4"),
            UnderservedTests.ReplyTo("a", "a1", 10, "cheer up", author: "p1"),
            UnderservedTests.ReplyTo("b", "b1", 11, "cheer up", author: "p1"),
            UnderservedTests.ReplyTo("b", "b2", 12, "that sounds hard [empathy]", author: "p2"),
            UnderservedTests.ReplyTo("c", "c1", 13, "so sorry [empathy]", author: "p1"),
            UnderservedTests.EditReply("c1", 20, "meh"),
            UnderservedTests.ReplyTo("d", "d1", 14, "cheer up", author: "p3"),
            Delete("b2", 30),
        };
        var first = new KeywordEmpathyAssessor();
        IReadOnlyList<ToDoItem> before;
        MessageStatus?[] statuses;
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions { KeepUnderserved = true, EmpathyAssessor = first });
            foreach (var e in events)
                q.Apply(e).Outcome.Should().Be(ApplyOutcome.Applied);
            before = q.GetToDo(T(400));
            statuses = Posts.Select(id => q.GetStatus(id, T(400))).ToArray();
        }
        before.Select(t => (t.MessageId, t.Reason)).Should().Equal(("d", AttentionReason.Urgent), ("a", AttentionReason.Underserved),
            ("b", AttentionReason.Underserved), ("c", AttentionReason.Underserved));

        // Reopened with an assessor that would now say "empathy" to everything: the stored answers stand, nothing is re-assessed.
        var second = new AlwaysEmpathic();
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions { KeepUnderserved = true, EmpathyAssessor = second });
            q.GetToDo(T(400)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
            Posts.Select(id => q.GetStatus(id, T(400))).Should().BeEquivalentTo(statuses, o => o.WithStrictOrdering());
            q.GetMeasures(T(0), T(1000))["amber"].Underserved.Should().Be(3);
            foreach (var e in events)
                q.Apply(e).Outcome.Should().Be(ApplyOutcome.Duplicate);
            second.Calls.Should().Be(0);
            q.GetToDo(T(400)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        }

        // A replay of the same events into memory with the first assessor gives the same list.
        using var memory = ModerationStore.CreateInMemory();
        var replay = new ModerationQueue(memory, new KeywordClassifier(), new ModerationOptions { KeepUnderserved = true, EmpathyAssessor = new KeywordEmpathyAssessor() });
        foreach (var e in events)
            replay.Apply(e);
        replay.GetToDo(T(400)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    private static readonly string[] Posts = ["a", "b", "c", "d"];

    private sealed class AlwaysEmpathic : IReplyEmpathyAssessor
    {
        public int Calls;

        public bool ShowsEmpathy(ForumMessage post, ForumMessage reply)
        {
            Interlocked.Increment(ref Calls);
            return true;
        }
    }

    [Test]
    public void A_version_3_database_is_migrated_forward_and_its_old_replies_stay_in_the_message_counts()
    {
        string db = _dir.File("v3.db");
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier());
            q.Apply(Post("a", "red", 0));
            q.Apply(Reply("a", 5, AuthorRole.Moderator, eventId: "new-reply"));
        }
        using (var raw = Raw(db))
        {
            // Back to version 3's shape: the reply's replier is unknown, as it was before version 4.
            Scalar(raw, "UPDATE events SET replier_role = NULL, replier_id = NULL, reply_id = NULL");
            Scalar(raw, "ALTER TABLE events DROP COLUMN replier_role; ALTER TABLE events DROP COLUMN replier_id; ALTER TABLE events DROP COLUMN reply_id;");
            Scalar(raw, "ALTER TABLE escalations DROP COLUMN claimed_by; ALTER TABLE escalations DROP COLUMN claim_expires;");
            Scalar(raw, "DELETE FROM schema_version WHERE version >= 4");
        }
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier());
            q.Apply(Reply("a", 9, AuthorRole.Staff, eventId: "newer-reply"));
            var history = store.ReadHistory();
            history.Replies.Select(r => r.EventId).Should().Equal(["newer-reply"], "a reply recorded before version 4 kept no replier");
            history.Messages.Single().FirstModeratorReplyAt.Should().Be(T(5), "the old reply's time lives on in the message");
            history.Messages.Single().ModeratorReplyCount.Should().Be(2);
        }
        using (var raw = Raw(db))
            Scalar(raw, "SELECT MAX(version) FROM schema_version").Should().Be((long)ModerationStore.SchemaVersion);
    }

    [Test]
    public void A_read_only_store_reads_beside_a_writer_and_refuses_writes()
    {
        string db = _dir.File("live.db");
        using var live = ModerationStore.OpenSqlite(db);
        var q = new ModerationQueue(live, new KeywordClassifier());
        q.Apply(Post("a", "red", 0));

        using var reader = ModerationStore.OpenSqlite(db, new SqliteStoreOptions { ReadOnly = true });
        reader.ReadHistory().Messages.Select(m => m.Id).Should().Equal("a");
        q.Apply(Post("b", "amber", 1));
        reader.ReadHistory().Messages.Select(m => m.Id).Should().Equal("a", "b");

        ((Action)(() => _ = new ModerationQueue(reader, new KeywordClassifier()))).Should().Throw<ModerationStoreException>()
            .WithMessage("*read-only*");
        live.MessageCount.Should().Be(2);
    }

    [Test]
    public void A_read_only_store_is_never_created_or_migrated()
    {
        string missing = _dir.File("missing.db");
        ((Action)(() => ModerationStore.OpenSqlite(missing, new SqliteStoreOptions { ReadOnly = true }))).Should().Throw<ModerationStoreException>()
            .WithMessage("*missing.db*does not exist*");
        File.Exists(missing).Should().BeFalse();

        string old = _dir.File("v2.db");
        using (var raw = Raw(old))
            SqliteSchema.Migrate(raw, targetVersion: 2);
        ((Action)(() => ModerationStore.OpenSqlite(old, new SqliteStoreOptions { ReadOnly = true }))).Should().Throw<ModerationStoreException>()
            .WithMessage("*schema version 2*never migrated*open it read-write once*");
        using (var raw = Raw(old))
            Scalar(raw, "SELECT MAX(version) FROM schema_version").Should().Be(2L, "reading did not migrate it");
    }

    [Test]
    public void A_database_from_a_newer_version_is_refused()
    {
        string db = _dir.File("future.db");
        using (ModerationStore.OpenSqlite(db))
        {
        }
        using (var raw = Raw(db))
            Scalar(raw, "INSERT INTO schema_version VALUES (99, 'x')");
        var act = () => ModerationStore.OpenSqlite(db);
        act.Should().Throw<ModerationStoreException>().WithMessage("*99*newer*");
    }

    [Test]
    public void Other_files_are_refused_and_left_alone()
    {
        string foreign = _dir.File("foreign.db");
        using (var raw = Raw(foreign))
            Scalar(raw, "CREATE TABLE posts (id TEXT)");
        ((Action)(() => ModerationStore.OpenSqlite(foreign))).Should().Throw<ModerationStoreException>().WithMessage("*not a PeerTriage moderation store*posts*");
        using (var raw = Raw(foreign))
            Scalar(raw, "SELECT COUNT(*) FROM sqlite_master").Should().Be(1L, "nothing was added to the foreign database");

        string garbage = _dir.Write("garbage.db", new string('x', 5000));
        ((Action)(() => ModerationStore.OpenSqlite(garbage))).Should().Throw<ModerationStoreException>().WithMessage("*not a SQLite database*");
    }

    [Test]
    public void Concurrent_writers_lose_nothing()
    {
        const int threads = 4, perThread = 150;
        string db = _dir.File("m.db");
        var escalations = new ConcurrentBag<string>();
        var options = new ModerationOptions { OnCrisis = e => escalations.Add(e.MessageId) };
        var streams = Enumerable.Range(0, threads).Select(t => ThreadEvents(t, perThread)).ToArray();
        var outcomes = new ConcurrentBag<ApplyOutcome>();
        using (var store = ModerationStore.OpenSqlite(db))
        {
            var q = new ModerationQueue(store, new KeywordClassifier(), options);
            var workers = streams.Select(events => new Thread(() =>
            {
                foreach (var e in events)
                    outcomes.Add(q.Apply(e).Outcome);
                foreach (var e in events.Take(20)) // and redeliver some, racing the other threads
                    outcomes.Add(q.Apply(e).Outcome);
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
        }
        outcomes.Count(o => o == ApplyOutcome.Applied).Should().Be(threads * perThread);
        outcomes.Count(o => o == ApplyOutcome.Duplicate).Should().Be(threads * 20);

        // The same events, one thread, in memory: the same state.
        using var memory = ModerationStore.CreateInMemory();
        var expected = new ModerationQueue(memory, new KeywordClassifier(), options with { OnCrisis = null });
        foreach (var e in streams.SelectMany(s => s))
            expected.Apply(e);
        using var reopened = ModerationStore.OpenSqlite(db);
        var actual = new ModerationQueue(reopened, new KeywordClassifier(), options);
        reopened.MessageCount.Should().Be(memory.MessageCount);
        actual.GetToDo(T(10_000), 10_000).Should().BeEquivalentTo(expected.GetToDo(T(10_000), 10_000), o => o.WithStrictOrdering());
        escalations.Should().OnlyHaveUniqueItems().And.HaveCount(streams.SelectMany(s => s).OfType<MessagePosted>().Count(p => p.Message.Body.Contains("[crisis]", StringComparison.Ordinal)));
        foreach (var e in streams.SelectMany(s => s))
            reopened.ContainsEvent(e.EventId).Should().BeTrue();
    }

    private static List<ModerationEvent> ThreadEvents(int thread, int count)
    {
        string[] levels = ["green", "amber", "red", "crisis"];
        var list = new List<ModerationEvent>();
        for (int i = 0; list.Count < count; i++)
        {
            string id = $"t{thread}-m{i}";
            list.Add(Post(id, levels[i % 4], i, author: $"u{thread}"));
            list.Add(Reply(id, i + 1, i % 2 == 0 ? AuthorRole.Moderator : AuthorRole.Peer));
            list.Add(Flag(id, i + 2));
        }
        return list.Take(count).ToList();
    }

    /// <summary>
    /// The crash test: a child process applies events in a loop and prints each acknowledged id; it is killed
    /// (SIGKILL, no clean-up) mid-loop. Every acknowledged event must be in the reopened store, and the store must equal
    /// a replay of exactly the events it holds.
    /// </summary>
    [TestCase(150, "full")]
    [TestCase(400, "full")]
    [TestCase(300, "normal")]
    public void Every_acknowledged_event_survives_killing_the_writer(int killAfter, string durability)
    {
        string db = _dir.File("crash.db");
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "PeerTriage.Moderation.CrashWriter.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(db);
        info.ArgumentList.Add(durability);
        var acknowledged = new List<string>();
        using (var child = Process.Start(info)!)
        {
            var stderr = child.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            while (acknowledged.Count < killAfter && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                string? line = child.StandardOutput.ReadLine();
                if (line is null)
                    Assert.Fail($"The writer exited early ({child.ExitCode}): {stderr.Result}");
                acknowledged.Add(line!);
            }
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
        acknowledged.Should().HaveCountGreaterThanOrEqualTo(killAfter);

        using (var raw = Raw(db))
            Scalar(raw, "PRAGMA integrity_check").Should().Be("ok");

        using var store = ModerationStore.OpenSqlite(db);
        foreach (string id in acknowledged)
            store.ContainsEvent(id).Should().BeTrue($"event {id} was acknowledged before the kill");

        // The writer is sequential, so the stored events are a prefix; it may hold a few more than were printed.
        int stored = acknowledged.Count;
        while (store.ContainsEvent(CrashScenario.Event(stored).EventId))
            stored++;
        for (int i = stored; i < stored + 10; i++)
            store.ContainsEvent(CrashScenario.Event(i).EventId).Should().BeFalse("the stored events are a prefix");
        TestContext.Out.WriteLine($"acknowledged {acknowledged.Count}, stored {stored}");

        using var memory = ModerationStore.CreateInMemory();
        var expected = new ModerationQueue(memory, new KeywordClassifier(), CrashScenario.Options);
        for (int i = 0; i < stored; i++)
            expected.Apply(CrashScenario.Event(i));
        var actual = new ModerationQueue(store, new KeywordClassifier(), CrashScenario.Options);
        store.MessageCount.Should().Be(memory.MessageCount);
        foreach (double minutes in new[] { 0.0, stored / 2.0, stored, stored + 60.0 })
        {
            var at = CrashScenario.Start.AddMinutes(minutes);
            actual.GetToDo(at, 100_000).Should().BeEquivalentTo(expected.GetToDo(at, 100_000), o => o.WithStrictOrdering());
        }
        for (int j = 0; j < stored / 4; j++)
            actual.GetStatus("m" + j, CrashScenario.Start).Should().BeEquivalentTo(expected.GetStatus("m" + j, CrashScenario.Start));

        // And the store keeps working after the crash.
        actual.Apply(CrashScenario.Event(stored)).Outcome.Should().NotBe(ApplyOutcome.Duplicate);
    }
}
