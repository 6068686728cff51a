using BenchmarkDotNet.Attributes;
using PeerTriage.Data;
using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Benchmarks;

/// <summary>
/// Per-message triage latency and allocation against <see cref="HashTokensOnly"/>: one pass that strips HTML,
/// normalizes, tokenizes and hashes every token, the floor any n-gram model pays. <see cref="Triage"/> runs the default
/// pipeline (n-grams, lexicons, context), <see cref="TriageNGramsOnly"/> the n-grams alone, and
/// <see cref="TriageWithThread"/> the default pipeline with a parent post and author history. Read ratios within one run.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private TriageModel _model = null!;
    private TriageModel _ngramsOnly = null!;
    private ForumMessage _message = null!;
    private ThreadContext _thread = null!;
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
        var corpus = DemoCorpus.Load();
        _model = TriageModel.Train(corpus);
        _ngramsOnly = TriageModel.Train(corpus, new TriageTrainingOptions { Features = FeaturePipeline.NGramsOnly });
        _message = new ForumMessage(SampleTexts.For(Length)) { Board = "Tough times", AuthorRole = AuthorRole.Peer };
        var parent = new ForumMessage(SampleTexts.For("typical")) { Id = "p", AuthorRole = AuthorRole.Peer };
        _thread = new ThreadContext(parent, [parent]) { ParentLevel = 1, AuthorHistory = new AuthorHistory(3, 2) };
        _raw = new char[NGramOptions.Default.MaxTextLength];
        _normalized = new char[NGramOptions.Default.MaxTextLength];
        _tokenText = new char[NGramOptions.Default.MaxTextLength * 2];
        _tokens = new Token[NGramOptions.Default.MaxTokens];
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

    [Benchmark]
    public int TriageNGramsOnly() => _ngramsOnly.Triage(_message, null, _probabilities);

    [Benchmark]
    public int TriageWithThread() => _model.Triage(_message, _thread, _probabilities);
}
