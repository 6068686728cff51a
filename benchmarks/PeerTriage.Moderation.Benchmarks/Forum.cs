using System.Globalization;

namespace PeerTriage.Moderation.Benchmarks;

/// <summary>
/// A synthetic forum for the benchmarks: 100,000 messages (60% green, 25% amber, 10% red, 5% crisis, one every
/// 30 seconds), half of them answered by a peer and 90% of the flagged ones by a moderator, plus an occasional flag.
/// </summary>
public static class Forum
{
    public const int Messages = 100_000;

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly ModerationOptions Options = new() { CommunityWindow = TimeSpan.FromHours(6) };

    public static DateTimeOffset End => Start.AddSeconds(30.0 * Messages);

    public static string Folder => Environment.GetEnvironmentVariable("PEERTRIAGE_BENCH_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();

    public static string Level(int i)
    {
        int r = (int)((uint)(i * 2654435761u) % 100);
        return r < 60 ? "green" : r < 85 ? "amber" : r < 95 ? "red" : "crisis";
    }

    /// <summary>The events that build the seeded store, in time order.</summary>
    public static IEnumerable<ModerationEvent> Seed()
    {
        for (int i = 0; i < Messages; i++)
        {
            var at = Start.AddSeconds(30.0 * i);
            string id = "m" + i.ToString(CultureInfo.InvariantCulture);
            yield return new MessagePosted("post-" + id, at, new ForumMessage($"synthetic post {i} [{Level(i)}]")
            {
                Id = id, ThreadId = "t" + (i / 4).ToString(CultureInfo.InvariantCulture), AuthorId = "u" + (i % 5000).ToString(CultureInfo.InvariantCulture),
                AuthorRole = AuthorRole.Peer, Board = "general", Subject = "subject " + i.ToString(CultureInfo.InvariantCulture),
            });
            uint h = (uint)(i * 40503u) % 100;
            if (h < 50)
                yield return new ReplyPosted("peer-" + id, at.AddMinutes(20), id, AuthorRole.Peer) { ReplierId = "p" + i.ToString(CultureInfo.InvariantCulture) };
            if (Level(i) != "green" && h % 10 != 0)
                yield return new ReplyPosted("mod-" + id, at.AddMinutes(5 + h), id, AuthorRole.Moderator) { ReplierId = "mod" };
            if (h == 7)
                yield return new MessageFlagged("flag-" + id, at.AddMinutes(30), id) { Reason = "worried" };
        }
    }

    /// <summary>Builds (once) and returns the path of a SQLite store holding the seeded forum.</summary>
    public static string SeededSqlite()
    {
        // The cache is keyed by the schema's text, so a changed schema or index gets a fresh seed.
        string schema = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join("\n", Storage.SqliteSchema.Migrations))))[..12];
        string path = Path.Combine(Folder, $"peertriage-moderation-bench-seed-{schema}.db");
        if (File.Exists(path))
            return path;
        string building = path + ".building";
        foreach (string suffix in new[] { "", "-wal", "-shm" })
            File.Delete(building + suffix);
        using (var store = ModerationStore.OpenSqlite(building, new SqliteStoreOptions { Durability = SqliteDurability.Normal }))
        {
            var queue = new ModerationQueue(store, new FastClassifier(), Options);
            foreach (var e in Seed())
                queue.Apply(e);
        }
        File.Move(building, path);
        return path;
    }

    /// <summary>A private copy of the seeded store, so that benchmarks that write do not change the cached seed.</summary>
    public static string CopyOfSeed(string name)
    {
        string seed = SeededSqlite();
        string copy = Path.Combine(Folder, $"peertriage-moderation-bench-{name}-{Environment.ProcessId}.db");
        Delete(copy);
        File.Copy(seed, copy);
        return copy;
    }

    /// <summary>
    /// A store holding the seeded forum: an in-memory store seeded here (<paramref name="db"/> is null), or a fresh copy
    /// of the cached SQLite seed named <paramref name="copyName"/> (delete it with <see cref="Delete"/>).
    /// </summary>
    public static ModerationStore OpenSeeded(bool inMemory, string copyName, SqliteDurability durability, out string? db)
    {
        if (inMemory)
        {
            db = null;
            var store = ModerationStore.CreateInMemory();
            var seeder = new ModerationQueue(store, new FastClassifier(), Options);
            foreach (var e in Seed())
                seeder.Apply(e);
            return store;
        }
        db = CopyOfSeed(copyName);
        return ModerationStore.OpenSqlite(db, new SqliteStoreOptions { Durability = durability });
    }

    public static void Delete(string db)
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
            File.Delete(db + suffix);
    }
}

/// <summary>
/// A classifier that reads the level from a <c>[level]</c> tag, so that the store's cost is measured without the
/// model's (the model's own cost is in benchmarks/PeerTriage.Benchmarks; <see cref="IngestBenchmarks"/> also runs with it).
/// </summary>
public sealed class FastClassifier : ITriageClassifier
{
    public PriorityScheme Scheme => PriorityScheme.Default;

    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        string body = message.Body;
        int level = body.Contains("[crisis]", StringComparison.Ordinal) ? 3 : body.Contains("[red]", StringComparison.Ordinal) ? 2 : body.Contains("[amber]", StringComparison.Ordinal) ? 1 : 0;
        probabilities.Clear();
        probabilities[level] = 1;
        return level;
    }
}
