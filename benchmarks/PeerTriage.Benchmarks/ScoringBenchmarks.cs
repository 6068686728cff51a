using BenchmarkDotNet.Attributes;
using PeerTriage.Data;
using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Benchmarks;

/// <summary>
/// Per-message triage latency and allocation against <see cref="HashTokensOnly"/>: one pass that strips HTML,
/// normalizes, tokenizes and hashes every token, the floor any n-gram model pays. <see cref="Triage"/> runs the default
/// pipeline (n-grams, lexicons, context), <see cref="TriageNGramsOnly"/> the n-grams alone, and
/// <see cref="TriageWithThread"/> the default pipeline with a parent post and author history (the parent's features come
/// from the per-thread parent cache after the first call). One message repeated; <see cref="CorpusScoringBenchmarks"/>
/// has the same rows over many distinct messages. Read ratios within one run.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private TriageModel _model = null!;
    private TriageModel _ngramsOnly = null!;
    private ForumMessage _message = null!;
    private ThreadContext _thread = null!;
    private readonly float[] _probabilities = new float[PriorityScheme.MaxLevels];
    private readonly FloorPass _floor = new();

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
    }

    [Benchmark(Baseline = true)]
    public uint HashTokensOnly() => _floor.Hash(_message.Body);

    [Benchmark]
    public int Triage() => _model.Triage(_message, null, _probabilities);

    [Benchmark]
    public int TriageNGramsOnly() => _ngramsOnly.Triage(_message, null, _probabilities);

    [Benchmark]
    public int TriageWithThread() => _model.Triage(_message, _thread, _probabilities);
}

/// <summary>
/// The same rows over 2,000 distinct messages (<see cref="SyntheticCorpus"/>), one after another: the honest figures
/// for the per-thread memos, which a single repeated message would hit every time. <see cref="TriageWithThread"/>
/// gives four consecutive replies the same parent (a new parent every fourth call); <see cref="TriageNewParent"/>
/// gives every reply a parent not seen before. Read ratios within one run.
/// </summary>
[MemoryDiagnoser]
public class CorpusScoringBenchmarks
{
    private TriageModel _model = null!;
    private TriageModel _ngramsOnly = null!;
    private ForumMessage[] _messages = [];
    private ThreadContext[] _threads = [];
    private readonly float[] _probabilities = new float[PriorityScheme.MaxLevels];
    private readonly FloorPass _floor = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = DemoCorpus.Load();
        _model = TriageModel.Train(corpus);
        _ngramsOnly = TriageModel.Train(corpus, new TriageTrainingOptions { Features = FeaturePipeline.NGramsOnly });
        _messages = [.. SyntheticCorpus.Create(2_000).Select(e => e.Message with { Board = "Tough times", AuthorRole = AuthorRole.Peer })];
        // Parents come from the other end of the corpus, so a reply is never its own parent.
        _threads = [.. _messages.Select((_, i) => _messages[_messages.Length - 1 - i]).Select(p => new ThreadContext(p, [p]) { ParentLevel = 1 })];
    }

    private int Next() => _next = _next + 1 == _messages.Length ? 0 : _next + 1;

    [Benchmark(Baseline = true)]
    public uint HashTokensOnly() => _floor.Hash(_messages[Next()].Body);

    [Benchmark]
    public int Triage() => _model.Triage(_messages[Next()], null, _probabilities);

    [Benchmark]
    public int TriageNGramsOnly() => _ngramsOnly.Triage(_messages[Next()], null, _probabilities);

    [Benchmark]
    public int TriageWithThread()
    {
        int i = Next();
        return _model.Triage(_messages[i], _threads[i / 4], _probabilities);
    }

    [Benchmark]
    public int TriageNewParent()
    {
        int i = Next();
        return _model.Triage(_messages[i], _threads[i], _probabilities);
    }
}

/// <summary>The floor: strip HTML, normalize, tokenize and hash every token, with the model's buffer sizes.</summary>
internal sealed class FloorPass
{
    private readonly char[] _raw = new char[NGramOptions.Default.MaxTextLength];
    private readonly char[] _normalized = new char[NGramOptions.Default.MaxTextLength];
    private readonly char[] _tokenText = new char[NGramOptions.Default.MaxTextLength * 2];
    private readonly Token[] _tokens = new Token[NGramOptions.Default.MaxTokens];

    public uint Hash(string body)
    {
        int length = ForumHtml.ToText(body, _raw);
        int n = TextNormalizer.Normalize(_raw.AsSpan(0, length), _normalized);
        int count = Tokenizer.Tokenize(_normalized.AsSpan(0, n), _tokenText, _tokens, out _);
        uint h = 0;
        for (int i = 0; i < count; i++)
            h ^= FeatureHash.Text(_tokenText.AsSpan(_tokens[i].Start, _tokens[i].Length), FeatureHash.WordSeed);
        return h;
    }
}
