using BenchmarkDotNet.Attributes;
using PeerTriage.Data;
using PeerTriage.Scoring;

namespace PeerTriage.Benchmarks;

/// <summary>
/// Batch throughput over 10,000 distinct messages (the demo corpus, perturbed): one thread against all cores.
/// Times are per message. Unlike <see cref="ScoringBenchmarks"/>, each message touches weight rows the last one
/// did not, so cache misses on the weight table are included.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Messages = 10_000;
    private TriageModel _model = null!;
    private List<ForumMessage> _messages = null!;
    private int[] _levels = [];
    private float[] _probabilities = [];

    [GlobalSetup]
    public void Setup()
    {
        _model = TriageModel.Train(DemoCorpus.Load());
        _messages = SyntheticCorpus.Create(Messages).Select(e => e.Message).ToList();
        _levels = new int[Messages];
        _probabilities = new float[Messages * _model.Scheme.Count];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void Batch1Thread() =>
        BatchScorer.Triage(_model, _messages, _levels, _probabilities, new BatchOptions { MaxDegreeOfParallelism = 1 });

    [Benchmark(OperationsPerInvoke = Messages)]
    public void BatchAllCores() =>
        BatchScorer.Triage(_model, _messages, _levels, _probabilities, new BatchOptions { MaxDegreeOfParallelism = -1 });
}
