using BenchmarkDotNet.Attributes;
using PeerTriage.Data;

namespace PeerTriage.Benchmarks;

/// <summary>Loading a default model (2^20 buckets × 4 levels, 16 MB of weights) from a file in the OS cache.</summary>
[MemoryDiagnoser]
public class ModelLoadBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"peertriage-bench-{Environment.ProcessId}.ptm");
        TriageModel.Train(DemoCorpus.Load()).Save(_path);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public TriageModel Load() => TriageModel.Load(_path);
}

/// <summary>
/// Training time for 10,000 messages (the demo corpus, perturbed) with the default options on all cores:
/// featurization plus L-BFGS. One run takes seconds, so BenchmarkDotNet runs it once per iteration.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private List<LabeledMessage> _examples = null!;

    [GlobalSetup]
    public void Setup() => _examples = SyntheticCorpus.Create(10_000);

    [Benchmark]
    public TriageModel Train10k() => TriageModel.Train(_examples);
}
