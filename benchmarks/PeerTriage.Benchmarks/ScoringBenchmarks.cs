using BenchmarkDotNet.Attributes;
using PeerTriage.Data;
using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Benchmarks;

/// <summary>
/// Per-message triage latency and allocation with the default pipeline, against <see cref="HashTokensOnly"/>:
/// one pass that strips HTML, normalizes, tokenizes and hashes every token, the floor any n-gram model pays.
/// Read ratios within one run.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private TriageModel _model = null!;
    private ForumMessage _message = null!;
    private readonly float[] _probabilities = new float[PriorityScheme.MaxLevels];
    private char[] _raw = [];
    private char[] _normalized = [];
    private char[] _tokenText = [];
    private Token[] _tokens = [];

    /// <summary>Message length class: ~80, ~600 or ~4,000 characters.</summary>
    [Params("short", "typical", "long")]
    public string Length { get; set; } = "typical";

    [GlobalSetup]
    public void Setup()
    {
        _model = TriageModel.Train(DemoCorpus.Load());
        _message = new ForumMessage(SampleTexts.For(Length));
        _raw = new char[FeatureOptions.Default.MaxTextLength];
        _normalized = new char[FeatureOptions.Default.MaxTextLength];
        _tokenText = new char[FeatureOptions.Default.MaxTextLength * 2];
        _tokens = new Token[FeatureOptions.Default.MaxTokens];
    }

    [Benchmark(Baseline = true)]
    public uint HashTokensOnly()
    {
        int length = ForumHtml.ToText(_message.Body, _raw);
        int n = TextNormalizer.Normalize(_raw.AsSpan(0, length), _normalized);
        int count = Tokenizer.Tokenize(_normalized.AsSpan(0, n), _tokenText, _tokens, out _);
        uint h = 0;
        for (int i = 0; i < count; i++)
            h ^= FeatureHash.Text(_tokenText.AsSpan(_tokens[i].Start, _tokens[i].Length), FeatureHash.WordSeed);
        return h;
    }

    [Benchmark]
    public int Triage() => _model.Triage(_message, null, _probabilities);
}
