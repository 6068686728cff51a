using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PeerTriage.Data;

namespace PeerTriage.Moderation.Benchmarks;

/// <summary>
/// Event ingest into a store that already holds 100,000 messages: each invocation applies 1,000 new events (40% posts,
/// 30% replies, 10% moderator replies, 10% flags, 10% resolves), each in its own transaction, as a forum would deliver them.
/// Divide 1,000,000,000 by the mean (ns per event) for events per second.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 12, invocationCount: 1)]
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int Batch = 1_000;

    private static readonly Lazy<TriageModel> s_demoModel = new(() => TriageModel.Train(DemoCorpus.Load()));

    private ModerationStore _store = null!;
    private ModerationQueue _queue = null!;
    private string? _db;
    private int _next;

    /// <summary>sqlite-full (fsync per event, the default), sqlite-normal (WAL synchronous=NORMAL) or memory.</summary>
    [Params("sqlite-full", "sqlite-normal", "memory")]
    public string Store { get; set; } = "sqlite-full";

    /// <summary>fast (a tag lookup: the store's cost alone) or demo (the real n-gram model trained on the demo corpus).</summary>
    [Params("fast", "demo")]
    public string Classifier { get; set; } = "fast";

    [GlobalSetup]
    public void Setup()
    {
        _store = Forum.OpenSeeded(Store == "memory", Store, Store == "sqlite-full" ? SqliteDurability.Full : SqliteDurability.Normal, out _db);
        ITriageClassifier classifier = Classifier == "demo" ? s_demoModel.Value : new FastClassifier();
        _queue = new ModerationQueue(_store, classifier, Forum.Options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        if (_db is not null)
            Forum.Delete(_db);
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Apply one event")]
    public int ApplyEvents()
    {
        int applied = 0;
        for (int k = 0; k < Batch; k++)
        {
            int n = _next++;
            var at = Forum.End.AddSeconds(n);
            string id = "new" + (n / 10).ToString(CultureInfo.InvariantCulture);
            ModerationEvent e = (n % 10) switch
            {
                < 4 => new MessagePosted("b" + n.ToString(CultureInfo.InvariantCulture), at, new ForumMessage(
                    $"i have been feeling low for weeks and cannot sleep, post {n} [{Forum.Level(n)}]")
                {
                    Id = id + "-" + (n % 10).ToString(CultureInfo.InvariantCulture), AuthorId = "u" + (n % 977).ToString(CultureInfo.InvariantCulture), AuthorRole = AuthorRole.Peer, Subject = "bench",
                }),
                < 7 => new ReplyPosted("b" + n.ToString(CultureInfo.InvariantCulture), at, id + "-0", AuthorRole.Peer) { ReplierId = "p" },
                7 => new ReplyPosted("b" + n.ToString(CultureInfo.InvariantCulture), at, id + "-1", AuthorRole.Moderator) { ReplierId = "mod" },
                8 => new MessageFlagged("b" + n.ToString(CultureInfo.InvariantCulture), at, id + "-2") { Reason = "worried" },
                _ => new MessageResolved("b" + n.ToString(CultureInfo.InvariantCulture), at, id + "-3"),
            };
            if (_queue.Apply(e).Outcome == ApplyOutcome.Applied)
                applied++;
        }
        if (applied != Batch)
            throw new InvalidOperationException($"Only {applied} of {Batch} events applied.");
        return applied;
    }
}
