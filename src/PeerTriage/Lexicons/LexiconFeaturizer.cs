using PeerTriage.Text;

namespace PeerTriage.Lexicons;

/// <summary>
/// Turns a message's <see cref="TextAnalysis"/> into a fixed-layout dense vector of lexicon features, without
/// allocating after a thread's first, longest text. It reads the analysis as <see cref="LexiconOptions.TextAnalysisVersion"/>
/// says: version 2 the analysis's own tokens (<see cref="LexiconTokens"/>), version 1 its HTML-stripped text with
/// the old scanner (<see cref="LexiconScanner"/>). Layout, in order:
/// <list type="number">
/// <item><description>for each category c of <see cref="LexiconOptions.Risk"/>: "risk.c" = log(1 + summed weight of
/// its hits outside a negation scope) and "risk.c.negated" = log(1 + summed weight of negated hits);</description></item>
/// <item><description>with <see cref="LexiconOptions.Sentiment"/>: "sentiment.positive", "sentiment.negative",
/// "sentiment.neutral", "sentiment.compound" (see <see cref="SentimentScorer"/>);</description></item>
/// <item><description>for each extra lexicon L and category c: "L.c" = log(1 + summed weight of all hits).</description></item>
/// </list>
/// Only the first 131,072 chars of a text are read. Safe to use from many threads.
/// </summary>
internal sealed class LexiconFeaturizer
{
    private const string RiskPrefix = "risk.";
    private const string SentimentPrefix = "sentiment.";

    private readonly Lexicon? _risk;
    private readonly SentimentScorer? _sentiment;
    private readonly Lexicon[] _extra;
    private readonly TermIndex? _riskIndex;
    private readonly TermIndex? _sentimentIndex;
    private readonly TermIndex[] _extraIndex;
    private readonly int _version;
    private readonly int _window;
    private readonly string[] _names;
    private readonly int _maxSums;

    /// <summary>Creates a featurizer.</summary>
    /// <param name="options">The lexicons and negation window.</param>
    /// <exception cref="ArgumentException">Two lexicons would give features the same name, or the sentiment lexicon
    /// has no valence category.</exception>
    public LexiconFeaturizer(LexiconOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _risk = options.Risk;
        _sentiment = options.Sentiment is null ? null : new SentimentScorer(options.Sentiment);
        _extra = [.. options.Extra];
        _window = options.NegationWindow;
        _version = options.TextAnalysisVersion;
        _riskIndex = _risk?.Index(_version);
        _sentimentIndex = _sentiment?.Lexicon.Index(_version);
        _extraIndex = [.. _extra.Select(l => l.Index(_version))];

        var names = new List<string>();
        if (_risk is not null)
        {
            foreach (string c in _risk.Categories)
            {
                names.Add(RiskPrefix + c);
                names.Add(RiskPrefix + c + ".negated");
            }
        }
        if (_sentiment is not null)
            names.AddRange([SentimentPrefix + "positive", SentimentPrefix + "negative", SentimentPrefix + "neutral", SentimentPrefix + "compound"]);
        foreach (Lexicon lexicon in _extra)
        {
            foreach (string c in lexicon.Categories)
                names.Add(lexicon.Name + "." + c);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!seen.Add(name))
                throw new ArgumentException($"Two lexicon features would be named '{name}'; give extra lexicons distinct names.", nameof(options));
        }
        _names = [.. names];
        _maxSums = Math.Max(_risk is null ? 0 : 2 * _risk.CategoryCount, _extra.Length == 0 ? 0 : _extra.Max(l => l.CategoryCount));
    }

    /// <summary>The options this featurizer was built from.</summary>
    public LexiconOptions Options { get; }

    /// <summary>The length of the feature vector.</summary>
    public int FeatureCount => _names.Length;

    /// <summary>The feature names, in vector order.</summary>
    public IReadOnlyList<string> FeatureNames => _names;

    /// <summary>Writes the features of an analysed message to the first <see cref="FeatureCount"/> floats of
    /// <paramref name="destination"/>.</summary>
    /// <param name="analysis">The message's analysis (the one its n-grams were read from).</param>
    /// <param name="destination">Receives the features.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureCount"/>.</exception>
    public void Featurize(TextAnalysis analysis, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ReadOnlySpan<ScanToken> tokens = _version == 1
            ? ScanScratch.Scan(analysis.Raw, out int exclamations, out int questions)
            : ScanScratch.From(analysis, out exclamations, out questions);
        Featurize(tokens, exclamations, questions, destination);
    }

    /// <summary>Writes the features of <paramref name="text"/> to the first <see cref="FeatureCount"/> floats of
    /// <paramref name="destination"/>.</summary>
    /// <param name="text">HTML-stripped text with its original case.</param>
    /// <param name="destination">Receives the features.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureCount"/>.</exception>
    public void Featurize(ReadOnlySpan<char> text, Span<float> destination)
    {
        ReadOnlySpan<ScanToken> tokens = _version == 1
            ? ScanScratch.Scan(text, out int exclamations, out int questions)
            : ScanScratch.From(ScanScratch.AnalyzePlain(text), out exclamations, out questions);
        Featurize(tokens, exclamations, questions, destination);
    }

    // Hot path: hash lookups over the tokens, no allocation.
    private void Featurize(ReadOnlySpan<ScanToken> tokens, int exclamations, int questions, Span<float> destination)
    {
        if (destination.Length < _names.Length)
            throw new ArgumentException($"The destination holds {destination.Length} floats; {_names.Length} are needed.", nameof(destination));
        Span<double> sums = ScanScratch.Sums(_maxSums);
        int at = 0;
        if (_risk is not null)
        {
            int n = 2 * _risk.CategoryCount;
            sums.Clear();
            _risk.Accumulate(tokens, _riskIndex!, _window, sums, splitNegated: true);
            for (int k = 0; k < n; k++)
                destination[at++] = LogOnePlus(sums[k]);
        }
        if (_sentiment is not null)
        {
            SentimentScores s = _sentiment.Score(tokens, exclamations, questions, _sentimentIndex!);
            destination[at++] = (float)s.Positive;
            destination[at++] = (float)s.Negative;
            destination[at++] = (float)s.Neutral;
            destination[at++] = (float)s.Compound;
        }
        for (int e = 0; e < _extra.Length; e++)
        {
            int n = _extra[e].CategoryCount;
            sums.Clear();
            _extra[e].Accumulate(tokens, _extraIndex[e], 0, sums, splitNegated: false);
            for (int k = 0; k < n; k++)
                destination[at++] = LogOnePlus(sums[k]);
        }
    }

    // ln(1 + 0) is exactly 0: most categories have no hit, and skipping the call gives the same bits.
    private static float LogOnePlus(double sum) => sum == 0 ? 0f : (float)Math.Log(1 + sum);

    /// <summary>Features of a text as a new array (for tests and explanations).</summary>
    /// <param name="text">HTML-stripped text with its original case.</param>
    /// <returns>The feature vector.</returns>
    public float[] Featurize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new float[FeatureCount];
        Featurize(text, result);
        return result;
    }

    /// <summary>
    /// The lexicon terms found in a text, for explanations (allocates; not for the hot path): risk matches (with
    /// their negation), sentiment terms, and extra-lexicon matches, each in text order.
    /// </summary>
    /// <param name="text">HTML-stripped text with its original case.</param>
    /// <returns>The matches.</returns>
    public IReadOnlyList<LexiconMatch> Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _version == 1 ? Matches(ScanScratch.Scan(text, out _, out _)) : Matches(ScanScratch.AnalyzePlain(text));
    }

    /// <summary>
    /// The lexicon terms of an analysed message, read the way <see cref="Featurize(TextAnalysis, Span{float})"/>
    /// reads them (allocates; for explanations). With version 2, match offsets are in the normalized text.
    /// </summary>
    /// <param name="analysis">The message's analysis.</param>
    /// <returns>The matches.</returns>
    public IReadOnlyList<LexiconMatch> Matches(TextAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return _version == 1 ? Matches(ScanScratch.Scan(analysis.Raw, out _, out _)) : Matches(ScanScratch.From(analysis, out _, out _));
    }

    private List<LexiconMatch> Matches(ReadOnlySpan<ScanToken> tokens)
    {
        var result = new List<LexiconMatch>();
        if (_risk is not null)
            result.AddRange(_risk.Find(tokens, _riskIndex!, _window));
        if (_sentiment is not null)
        {
            foreach (LexiconMatch m in _sentiment.Lexicon.Find(tokens, _sentimentIndex!, SentimentScorer.Window))
            {
                if (m.Category == SentimentScorer.ValenceCategory)
                    result.Add(m);
            }
        }
        for (int e = 0; e < _extra.Length; e++)
            result.AddRange(_extra[e].Find(tokens, _extraIndex[e], 0));
        return result;
    }
}
