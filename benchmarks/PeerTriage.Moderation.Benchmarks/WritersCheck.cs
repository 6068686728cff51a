using System.Diagnostics;
using System.Globalization;
using PeerTriage.Moderation.PostgreSql;

namespace PeerTriage.Moderation.Benchmarks;

/// <summary>
/// Event ingest with one and with four concurrent writers, SQLite and PostgreSQL in the same run (docs/moderation.md,
/// "PostgreSQL store"). Each writer applies its own stream of new posts, peer and moderator replies and flags (the
/// <see cref="Forum.Seed"/> mix) to an empty store, with <see cref="FastClassifier"/> so the store's cost is measured.
/// SQLite: the writers are threads sharing one store (its documented use; SQLite has one writer at a time). PostgreSQL:
/// each writer has its own store (its own connections), as four web servers would. PostgreSQL from PEERTRIAGE_TEST_POSTGRES.
/// </summary>
internal static class WritersCheck
{
    public static void Run(int eventsPerWriter)
    {
        string? postgres = Environment.GetEnvironmentVariable("PEERTRIAGE_TEST_POSTGRES");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; {eventsPerWriter:N0} events per writer; PostgreSQL: {(postgres is null ? "not set (PEERTRIAGE_TEST_POSTGRES)" : "PEERTRIAGE_TEST_POSTGRES")}");
        var results = new Dictionary<(string, int), double>();
        foreach (int writers in new[] { 1, 4 })
        {
            foreach (string kind in new[] { "sqlite-full", "sqlite-normal", "postgres" })
            {
                if (kind == "postgres" && postgres is null)
                    continue;
                double rate = Measure(kind, writers, eventsPerWriter, postgres);
                results[(kind, writers)] = rate;
                Console.WriteLine($"{kind,-14} {writers} writer(s): {rate:N0} events/s");
            }
        }
        foreach (var ((kind, writers), rate) in results)
        {
            if (kind != "sqlite-full")
                Console.WriteLine($"ratio {kind} / sqlite-full, {writers} writer(s): {rate / results[("sqlite-full", writers)]:0.00}");
        }
    }

    private static double Measure(string kind, int writers, int eventsPerWriter, string? postgres)
    {
        string folder = Path.Combine(Forum.Folder, "peertriage-writers-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        string schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var stores = new List<ModerationStore>();
        try
        {
            ModerationStore Open() => kind switch
            {
                "postgres" => PostgreSqlModerationStores.Open(postgres!, new PostgreSqlStoreOptions { Schema = schema }),
                "sqlite-full" => ModerationStore.OpenSqlite(Path.Combine(folder, "m.db")),
                _ => ModerationStore.OpenSqlite(Path.Combine(folder, "m.db"), new SqliteStoreOptions { Durability = SqliteDurability.Normal }),
            };
            var first = Open();
            stores.Add(first);
            var queues = new List<ModerationQueue>();
            for (int w = 0; w < writers; w++)
            {
                var store = kind == "postgres" && w > 0 ? Open() : first;
                if (store != first)
                    stores.Add(store);
                queues.Add(new ModerationQueue(store, new FastClassifier(), Forum.Options with { NodeId = "w" + w.ToString(CultureInfo.InvariantCulture) }));
            }
            var streams = Enumerable.Range(0, writers).Select(w => Events("warm" + w, 200).Concat(Events("w" + w, eventsPerWriter)).ToList()).ToList();
            using var start = new Barrier(writers + 1);
            using var warmed = new Barrier(writers + 1);
            var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
            {
                var events = streams[w];
                for (int i = 0; i < 200; i++) // warm-up: JIT, connection pool, prepared statements
                    queues[w].Apply(events[i]);
                warmed.SignalAndWait();
                start.SignalAndWait();
                for (int i = 200; i < events.Count; i++)
                    queues[w].Apply(events[i]);
            })).ToList();
            threads.ForEach(t => t.Start());
            warmed.SignalAndWait();
            var wall = Stopwatch.StartNew();
            start.SignalAndWait();
            threads.ForEach(t => t.Join());
            wall.Stop();
            return writers * (double)eventsPerWriter / wall.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var s in stores)
                s.Dispose();
            if (kind == "postgres")
            {
                using var connection = new Npgsql.NpgsqlConnection(postgres);
                connection.Open();
                using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
                drop.ExecuteNonQuery();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Exactly <paramref name="count"/> events: posts, replies and flags about this writer's own messages.</summary>
    private static IEnumerable<ModerationEvent> Events(string prefix, int count)
    {
        int n = 0;
        for (int i = 0; ; i++)
        {
            var at = Forum.Start.AddSeconds(30.0 * i);
            string id = prefix + "-m" + i.ToString(CultureInfo.InvariantCulture);
            yield return new MessagePosted("post-" + id, at, new ForumMessage($"synthetic post {i} [{Forum.Level(i)}]")
            {
                Id = id, ThreadId = prefix + "-t" + (i / 4).ToString(CultureInfo.InvariantCulture), AuthorId = "u" + (i % 500).ToString(CultureInfo.InvariantCulture),
                AuthorRole = AuthorRole.Peer, Board = "general", Subject = "subject " + i.ToString(CultureInfo.InvariantCulture),
            });
            if (++n == count)
                yield break;
            yield return new ReplyPosted("peer-" + id, at.AddMinutes(20), id, AuthorRole.Peer) { ReplierId = "p" + i.ToString(CultureInfo.InvariantCulture) };
            if (++n == count)
                yield break;
            yield return i % 3 == 0
                ? new MessageFlagged("flag-" + id, at.AddMinutes(30), id) { Reason = "worried" }
                : new ReplyPosted("mod-" + id, at.AddMinutes(5), id, AuthorRole.Moderator) { ReplierId = "mod" };
            if (++n == count)
                yield break;
        }
    }
}
