namespace PeerTriage.Lexicons;

/// <summary>
/// Turns HTML-stripped text (case as written) into a fixed-layout dense vector of lexicon features, without
/// allocating after a thread's first, longest text. Layout, in order:
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

    /// <summary>Writes the features of <paramref name="text"/> to the first <see cref="FeatureCount"/> floats of
    /// <paramref name="destination"/>.</summary>
    /// <param name="text">HTML-stripped text with its original case.</param>
    /// <param name="destination">Receives the features.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FeatureCount"/>.</exception>
    public void Featurize(ReadOnlySpan<char> text, Span<float> destination)
    {
        if (destination.Length < _names.Length)
            throw new ArgumentException($"The destination holds {destination.Length} floats; {_names.Length} are needed.", nameof(destination));
        ReadOnlySpan<ScanToken> tokens = ScanScratch.Scan(text, out int exclamations, out int questions);
        Span<double> sums = ScanScratch.Sums(_maxSums);
        int at = 0;
        if (_risk is not null)
        {
            int n = 2 * _risk.CategoryCount;
            sums.Clear();
            _risk.Accumulate(tokens, _window, sums, splitNegated: true);
            for (int k = 0; k < n; k++)
                destination[at++] = (float)Math.Log(1 + sums[k]);
        }
        if (_sentiment is not null)
        {
            SentimentScores s = _sentiment.Score(tokens, exclamations, questions);
            destination[at++] = (float)s.Positive;
            destination[at++] = (float)s.Negative;
            destination[at++] = (float)s.Neutral;
            destination[at++] = (float)s.Compound;
        }
        foreach (Lexicon lexicon in _extra)
        {
            int n = lexicon.CategoryCount;
            sums.Clear();
            lexicon.Accumulate(tokens, 0, sums, splitNegated: false);
            for (int k = 0; k < n; k++)
                destination[at++] = (float)Math.Log(1 + sums[k]);
        }
    }

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
        var result = new List<LexiconMatch>();
        if (_risk is not null)
            result.AddRange(_risk.Find(text, _window));
        if (_sentiment is not null)
            result.AddRange(_sentiment.Lexicon.Find(text, SentimentScorer.Window).Where(m => m.Category == SentimentScorer.ValenceCategory));
        foreach (Lexicon lexicon in _extra)
            result.AddRange(lexicon.Find(text, 0));
        return result;
    }
}
