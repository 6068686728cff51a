using System.Collections.Concurrent;
using Npgsql;
using PeerTriage.Moderation.PostgreSql;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests.PostgreSql;

/// <summary>
/// What only the PostgreSQL store has: its schema and migrations, refusals, the to-do plan, several writers on separate
/// connections. The store contract itself runs on all three stores ([TestFixture("postgres")] on the queue fixtures).
/// Needs PEERTRIAGE_TEST_POSTGRES (skipped without it, failing instead when PEERTRIAGE_REQUIRE_POSTGRES=1).
/// </summary>
public sealed class PostgreSqlStoreTests
{
    private StoreFactory _stores = null!;

    [SetUp]
    public void SetUp() => _stores = new StoreFactory("postgres");

    [TearDown]
    public void TearDown() => _stores?.Dispose(); // null when SetUp skipped the test (no PostgreSQL)

    private string Schema => _stores.Schema!;

    private object? Scalar(string sql) => PostgresTestServer.Scalar(sql.Replace("{s}", Schema, StringComparison.Ordinal));

    [Test]
    public void State_survives_closing_and_reopening()
    {
        IReadOnlyList<ToDoItem> before;
        using (var store = _stores.Open())
        {
            var q = new ModerationQueue(store, new KeywordClassifier());
            q.Apply(Post("a", "red", 0));
            q.Apply(Post("b", "green", 1));
            q.Apply(Flag("b", 2, "worried"));
            q.Apply(Post("c", "crisis", 3));
            q.Apply(Reply("c", 4, AuthorRole.Moderator));
            before = q.GetToDo(T(10));
        }
        using var reopened = _stores.Open();
        reopened.MessageCount.Should().Be(3);
        var again = new ModerationQueue(reopened, new KeywordClassifier());
        again.GetToDo(T(10)).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        again.GetToDo(T(10)).Ids().Should().Equal("a", "b");
        Scalar("SELECT MAX(version) FROM {s}.schema_version").Should().Be(PostgreSqlModerationStores.SchemaVersion);
    }

    [Test]
    public void A_version_1_schema_is_migrated_forward_keeping_its_data_and_its_pending_escalation()
    {
        using (var connection = PostgresTestServer.Connect())
        {
            PostgreSqlSchema.Migrate(connection, Schema, "test", targetVersion: 1);
            using var insert = new NpgsqlCommand($"""
                INSERT INTO {Schema}.meta VALUES ('scheme', 'green,amber,red,crisis;flagged=1;urgent=2');
                INSERT INTO {Schema}.messages (id, author_role, body, posted_at, body_at, model_level, flag_count, reply_count, mod_reply_count,
                    escalated_at, level, source, attention_from, waiting_since)
                VALUES ('old', 1, 'old crisis [crisis]', 100, 100, 3, 0, 0, 0, 100, 3, 0, 100, 100);
                INSERT INTO {Schema}.events VALUES ('old-event', 1, 'old', 100, 0);
                INSERT INTO {Schema}.escalations VALUES ('old', 3, 100, NULL);
                """, connection);
            insert.ExecuteNonQuery();
        }
        Scalar("SELECT MAX(version) FROM {s}.schema_version").Should().Be(1);

        var calls = new List<string>();
        using var store = _stores.Open();
        Scalar("SELECT MAX(version) FROM {s}.schema_version").Should().Be(PostgreSqlModerationStores.SchemaVersion);
        var q = new ModerationQueue(store, new KeywordClassifier(), new ModerationOptions { OnCrisis = e => calls.Add(e.MessageId) });
        store.ContainsEvent("old-event").Should().BeTrue();
        q.GetToDo(new DateTimeOffset(200, TimeSpan.Zero)).Ids().Should().Equal("old");
        q.DeliverPendingEscalations().Should().Be(1, "an escalation pending before claims existed is unclaimed, so deliverable");
        calls.Should().Equal("old");
    }

    [Test]
    public void A_schema_from_a_newer_version_is_refused()
    {
        using (_stores.Open())
        {
        }
        Scalar("INSERT INTO {s}.schema_version(version) VALUES (99)");
        var act = () => _stores.Open();
        act.Should().Throw<ModerationStoreException>().WithMessage($"*schema '{Schema}' has schema version 99, newer than this PeerTriage.Moderation.PostgreSql (2); upgrade the package.");
    }

    [Test]
    public void A_schema_holding_other_tables_is_refused_and_left_untouched()
    {
        Scalar("CREATE SCHEMA {s}; CREATE TABLE {s}.customers (id int); INSERT INTO {s}.customers VALUES (7)");
        var act = () => _stores.Open();
        act.Should().Throw<ModerationStoreException>().WithMessage("*holds tables (customers) and no schema_version: it is not a PeerTriage moderation store*");
        Scalar("SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{s}'").Should().Be(1L, "nothing was created beside the foreign table");
        Scalar("SELECT id FROM {s}.customers").Should().Be(7);
    }

    [Test]
    public void An_unreachable_server_and_a_wrong_password_are_reported_with_where_and_what_to_check()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Port = 1, Timeout = 3 };
        var unreachable = () => PostgreSqlModerationStores.Open(builder.ConnectionString, _stores.PostgresOptions);
        unreachable.Should().Throw<ModerationStoreException>().WithMessage($"The PostgreSQL at {builder.Host}:1, database '{builder.Database}', schema '{Schema}' cannot be reached: *Is the server running and the host and port right?");

        var wrong = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Password = "not-the-password" };
        var refused = () => PostgreSqlModerationStores.Open(wrong.ConnectionString, _stores.PostgresOptions);
        refused.Should().Throw<ModerationStoreException>().Where(e => e.Message.Contains("refused the connection (28P01", StringComparison.Ordinal)
            && e.Message.Contains("check the user, password and database name", StringComparison.Ordinal) && !e.Message.Contains("not-the-password", StringComparison.Ordinal));
    }

    [Test]
    public void Bad_options_and_connection_strings_are_named()
    {
        var act = () => PostgreSqlModerationStores.Open(PostgresTestServer.ConnectionString!, new PostgreSqlStoreOptions { Schema = "Bad-Name" });
        act.Should().Throw<ArgumentException>().WithMessage("PostgreSqlStoreOptions.Schema 'Bad-Name' is not a lower-case identifier*");
        act = () => PostgreSqlModerationStores.Open(PostgresTestServer.ConnectionString!, new PostgreSqlStoreOptions { Schema = Schema, MaxWriteAttempts = 0 });
        act.Should().Throw<ArgumentException>().WithMessage("PostgreSqlStoreOptions.MaxWriteAttempts must be between 1 and 1000; got 0.*");
        act = () => PostgreSqlModerationStores.Open("Host=x;Pasword=secret-value", _stores.PostgresOptions);
        act.Should().Throw<ArgumentException>().Where(e => e.Message.StartsWith("The PostgreSQL connection string cannot be parsed", StringComparison.Ordinal)
            && !e.Message.Contains("secret-value", StringComparison.Ordinal));
    }

    /// <summary>
    /// After ANALYZE on a populated table (20,000 messages of 400 characters, 5% open), the planner answers the to-do query by reading the
    /// partial index in to-do order (an Index Scan: it is not covering for the text columns), with no sort and no table scan. No planner setting is changed. (On a small table of short rows PostgreSQL
    /// rightly prefers a bitmap scan of the same index and a sort; the open rows then fit in a few pages.)
    /// </summary>
    [Test]
    public void The_to_do_query_scans_the_partial_index_of_open_messages()
    {
        using (_stores.Open())
        {
        }
        Scalar("""
            INSERT INTO {s}.messages (id, author_role, body, posted_at, body_at, model_level, flag_count, reply_count, mod_reply_count, level, source, attention_from, waiting_since)
            SELECT 'm' || i, 0, repeat('a forum post of a few hundred characters ', 10), i, i, i % 4, 0, 0, 0, i % 4, 0, CASE WHEN i % 20 = 0 THEN i END, i FROM generate_series(1, 20000) AS i;
            ANALYZE {s}.messages;
            """);
        using var connection = PostgresTestServer.Connect();
        using (var path = new NpgsqlCommand($"SET search_path = {Schema}", connection))
            path.ExecuteNonQuery();
        using var command = new NpgsqlCommand("EXPLAIN " + PostgreSqlModerationStore.ToDoSql, connection);
        command.Parameters.AddWithValue("asOf", 1_000_000L);
        command.Parameters.AddWithValue("limit", 100);
        var plan = new List<string>();
        using (var r = command.ExecuteReader())
        {
            while (r.Read())
                plan.Add(r.GetString(0));
        }
        string text = string.Join("\n", plan);
        TestContext.Out.WriteLine(text);
        text.Should().MatchRegex("Index (Only )?Scan using ix_messages_open on messages", text);
        text.Should().NotContain("Seq Scan", text).And.NotContain("Sort", "the index gives the to-do order");
        new ModerationQueue(_stores.Open(), new KeywordClassifier()).GetToDo(T(0), 5).Should().HaveCount(5);
    }

    /// <summary>
    /// Four queues, each on its own store (its own connections), standing in for four web servers on one database, apply
    /// interleaved events about the same messages at once, and redeliver each other's events. Nothing is lost or applied
    /// twice: every event has one real outcome, and the state equals a sequential replay in memory; each message that
    /// reached crisis was escalated once, by one node.
    /// </summary>
    [Test]
    public void Four_writers_on_separate_connections_lose_nothing_and_never_duplicate_an_escalation()
    {
        const int nodes = 4, messages = 40;
        var random = new Random(17);
        string[] levels = ["green", "amber", "red", "crisis"];
        var roots = Enumerable.Range(0, messages).Select(i => (ModerationEvent)Post("m" + i, levels[i % 4], i, author: "u" + (i % 7))).ToList();
        var later = new List<ModerationEvent>();
        double t = 100;
        for (int i = 0; i < messages; i++)
        {
            string id = "m" + i;
            later.Add(Post("c" + i, levels[(i + 1) % 4], t++, author: "v" + i, parent: id));
            later.Add(Reply(id, t++, i % 3 == 0 ? AuthorRole.Moderator : AuthorRole.Peer, replier: "r" + i));
            later.Add(Flag(id, t++, "worried " + i));
            later.Add(Edit(id, levels[(i + 2) % 4], t++));
            if (i % 2 == 0)
                later.Add(Correct(id, levels[(i + 3) % 4], t++));
            if (i % 5 == 0)
                later.Add(Resolve(id, t++));
        }
        later = later.OrderBy(_ => random.Next()).ToList();

        var escalations = new ConcurrentBag<string>();
        var outcomes = new ConcurrentDictionary<string, ConcurrentBag<ApplyOutcome>>();
        var queues = Enumerable.Range(0, nodes).Select(n => new ModerationQueue(_stores.Open(), new KeywordClassifier(),
            new ModerationOptions { NodeId = "node-" + n, OnCrisis = e => escalations.Add(e.MessageId) })).ToList();
        void RunPhase(List<ModerationEvent> events)
        {
            using var start = new Barrier(nodes);
            var threads = Enumerable.Range(0, nodes).Select(n => new Thread(() =>
            {
                start.SignalAndWait();
                // Node n applies its share, and every event of its neighbour's share too: the same event ids race.
                for (int k = 0; k < events.Count; k++)
                {
                    if (k % nodes == n || k % nodes == (n + 1) % nodes)
                        outcomes.GetOrAdd(events[k].EventId, _ => []).Add(queues[n].Apply(events[k]).Outcome);
                }
            })).ToList();
            threads.ForEach(x => x.Start());
            threads.ForEach(x => x.Join());
        }
        RunPhase(roots); // posts first, so that the later events find their messages (as a forum delivers them)
        RunPhase(later);
        foreach (var q in queues)
            q.DeliverPendingEscalations();

        // Every event: applied by exactly one node, a Duplicate for the other.
        foreach (var e in roots.Concat(later))
        {
            var seen = outcomes[e.EventId].ToList();
            seen.Should().HaveCount(2);
            seen.Count(o => o == ApplyOutcome.Duplicate).Should().Be(1, $"event {e.EventId} was delivered twice and must be recorded once");
        }

        using var memory = ModerationStore.CreateInMemory();
        var expectedEscalations = new List<string>();
        var expected = new ModerationQueue(memory, new KeywordClassifier(), new ModerationOptions { OnCrisis = e => expectedEscalations.Add(e.MessageId) });
        foreach (var e in roots.Concat(later))
            expected.Apply(e);
        using var reader = _stores.Open();
        var actual = new ModerationQueue(reader, new KeywordClassifier());
        reader.MessageCount.Should().Be(memory.MessageCount);
        foreach (double at in new[] { 50.0, 200, 10_000 })
            actual.GetToDo(T(at), 1000).Should().BeEquivalentTo(expected.GetToDo(T(at), 1000), o => o.WithStrictOrdering());
        foreach (var id in Enumerable.Range(0, messages).SelectMany(i => new[] { "m" + i, "c" + i }))
            actual.GetStatus(id, T(10_000)).Should().BeEquivalentTo(expected.GetStatus(id, T(10_000)), $"message {id}");
        foreach (var e in roots.Concat(later))
            reader.ContainsEvent(e.EventId).Should().BeTrue();
        escalations.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(expectedEscalations);
        expectedEscalations.Should().NotBeEmpty();
        reader.PendingEscalations().Should().BeEmpty();
    }

    [Test]
    public void The_same_event_applied_by_four_nodes_at_once_is_applied_once()
    {
        const int nodes = 4, events = 25;
        var queues = Enumerable.Range(0, nodes).Select(n => new ModerationQueue(_stores.Open(), new KeywordClassifier(), new ModerationOptions { NodeId = "n" + n })).ToList();
        queues[0].Apply(Post("p", "red", 0));
        for (int i = 0; i < events; i++)
        {
            var flag = Flag("p", i + 1, "reason " + i);
            var results = new ApplyOutcome[nodes];
            using var start = new Barrier(nodes);
            var threads = Enumerable.Range(0, nodes).Select(n => new Thread(() =>
            {
                start.SignalAndWait();
                results[n] = queues[n].Apply(flag).Outcome;
            })).ToList();
            threads.ForEach(x => x.Start());
            threads.ForEach(x => x.Join());
            results.Count(o => o == ApplyOutcome.Applied).Should().Be(1, $"round {i}: {string.Join(", ", results)}");
            results.Count(o => o == ApplyOutcome.Duplicate).Should().Be(nodes - 1);
        }
        queues[1].GetStatus("p", T(100))!.FlagCount.Should().Be(events);
    }
}
