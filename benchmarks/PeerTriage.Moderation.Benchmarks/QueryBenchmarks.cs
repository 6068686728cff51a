using BenchmarkDotNet.Attributes;

namespace PeerTriage.Moderation.Benchmarks;

/// <summary>Reads from a store holding 100,000 messages: the to-do list (top 100), one widget status, and a day's measures.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private ModerationStore _store = null!;
    private ModerationQueue _queue = null!;
    private string? _db;
    private DateTimeOffset _asOf;

    [Params("sqlite", "memory")]
    public string Store { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        _store = Forum.OpenSeeded(Store == "memory", "query", SqliteStoreOptions.Default.Durability, out _db);
        _queue = new ModerationQueue(_store, new FastClassifier(), Forum.Options);
        _asOf = Forum.End.AddHours(1);
        int open = _queue.GetToDo(_asOf, 1_000_000).Count;
        Console.WriteLine($"// store: {_store.MessageCount:N0} messages, {open:N0} on the to-do list");
        if (_store.MessageCount != Forum.Messages || open < 100)
            throw new InvalidOperationException("The seeded store is not as expected.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        if (_db is not null)
            Forum.Delete(_db);
    }

    [Benchmark(Description = "GetToDo (top 100)")]
    public int ToDo() => _queue.GetToDo(_asOf, 100).Count;

    [Benchmark(Description = "GetStatus (one message)")]
    public bool Status() => _queue.GetStatus("m54321", _asOf)!.NeedsAttention;

    [Benchmark(Description = "GetMeasures (one day, ~2,900 messages)")]
    public int Measures() => _queue.GetMeasures(Forum.End.AddDays(-1), Forum.End).Levels.Count;
}
