using PeerTriage.Lexicons;

namespace PeerTriage.Features;

/// <summary>
/// Which featurizers a model runs, with which parameters: hashed n-grams of the message (always), lexicon features,
/// thread-context features, and whether a second stage stacks the text model's probabilities with the dense features.
/// The pipeline is stored in the model file, so a loaded model featurizes exactly as it was trained.
/// </summary>
/// <remarks>
/// Namespaces: the message's n-grams, the parent's n-grams ("parent:") and the board ("board:") share one hashed table
/// of 2^<see cref="NGramOptions.HashBits"/> buckets under different seeds; lexicon and context features are dense,
/// named features (see <see cref="LexiconOptions"/> and <see cref="ContextFeatureOptions"/>) with their own weights.
/// The default is the pipeline that scored best in the ablation in docs/features.md.
/// </remarks>
public sealed record FeaturePipeline
{
    private readonly NGramOptions _ngrams = NGramOptions.Default;
    private readonly float _denseScale = 0.3f;

    /// <summary>The default pipeline: n-grams, the built-in lexicons and every context feature, in one stage.</summary>
    public static FeaturePipeline Default { get; } = new();

    /// <summary>Hashed n-grams of the message only: the issue-2 baseline.</summary>
    public static FeaturePipeline NGramsOnly { get; } = new() { Lexicons = null, Context = null };

    /// <summary>Word and character n-grams of the message. Default <see cref="NGramOptions.Default"/>.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public NGramOptions NGrams
    {
        get => _ngrams;
        init => _ngrams = value ?? throw new ArgumentNullException(nameof(NGrams));
    }

    /// <summary>Lexicon features (risk categories with negation, VADER-style sentiment); null for none. Default <see cref="LexiconOptions.Default"/>.</summary>
    public LexiconOptions? Lexicons { get; init; } = LexiconOptions.Default;

    /// <summary>Thread-context features; null for none. Default <see cref="ContextFeatureOptions.Default"/>.</summary>
    public ContextFeatureOptions? Context { get; init; } = ContextFeatureOptions.Default;

    /// <summary>
    /// Pair features of a (seeker post, response) pair, read against the message's <see cref="ThreadContext.Parent"/>
    /// (see <see cref="PairFeatureOptions"/>); null for none. Default null: triage models have none, and response
    /// models (<c>PeerTriage.Responses</c>) turn them on. Their dense features come after the lexicon and context ones.
    /// </summary>
    public PairFeatureOptions? Pairs { get; init; }

    /// <summary>
    /// Two stages: a text model over the hashed features gives probabilities; a second softmax regression reads their
    /// logarithms (out-of-fold during training) together with the dense lexicon and context features. Default false:
    /// one model reads every feature at once.
    /// </summary>
    public bool TwoStage { get; init; }

    /// <summary>
    /// Factor applied to every dense (lexicon and context) feature value before the model sees it. Smaller values
    /// regularize the dense weights more strongly relative to the L2-normalized n-gram blocks. Default 0.3: on the
    /// C-SSRS posts, lexicons at 1.0 cost 0.006 macro-F1 and at 0.3 cost 0.0015 (docs/features.md). Allowed (0, 10].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 10].</exception>
    public float DenseScale
    {
        get => _denseScale;
        init
        {
            if (!(value > 0 && value <= 10))
                throw new ArgumentOutOfRangeException(nameof(DenseScale), value, "DenseScale must be in (0, 10].");
            _denseScale = value;
        }
    }

    /// <summary>This pipeline with other n-gram options.</summary>
    /// <param name="ngrams">The n-gram options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ngrams"/> is null.</exception>
    public FeaturePipeline WithNGrams(NGramOptions ngrams)
    {
        ArgumentNullException.ThrowIfNull(ngrams);
        return this with { NGrams = ngrams };
    }

    /// <summary>
    /// Parses a comma-separated list of feature groups: <c>ngrams</c> (always on), <c>lexicons</c>, <c>context</c>
    /// (all context features), <c>history</c> (author history only), <c>pairs</c> (pair features), <c>two-stage</c>; or <c>default</c>.
    /// </summary>
    /// <param name="spec">The list, for example <c>ngrams,lexicons,history</c>.</param>
    /// <param name="ngrams">The n-gram options to use; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="FormatException">A name is not one of the groups; the message lists them.</exception>
    public static FeaturePipeline Parse(string spec, NGramOptions? ngrams = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pipeline = NGramsOnly with { NGrams = ngrams ?? NGramOptions.Default };
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            pipeline = part.ToLowerInvariant() switch
            {
                "ngrams" or "n-grams" => pipeline,
                "lexicons" or "lexicon" => pipeline with { Lexicons = LexiconOptions.Default },
                "context" => pipeline with { Context = ContextFeatureOptions.Default },
                "history" => pipeline with { Context = pipeline.Context is null ? ContextFeatureOptions.HistoryOnly : pipeline.Context with { AuthorHistory = true } },
                "pairs" or "pair" => pipeline with { Pairs = PairFeatureOptions.Default },
                "two-stage" or "twostage" or "stacked" => pipeline with { TwoStage = true },
                "default" => Default with { NGrams = pipeline.NGrams },
                _ => throw new FormatException($"Unknown feature group '{part}' in '{spec}'. Use ngrams, lexicons, context, history, pairs, two-stage or default."),
            };
        }
        return pipeline;
    }

    /// <summary>A short description such as <c>ngrams+lexicons+context</c>.</summary>
    public string Describe()
    {
        string s = "ngrams";
        if (Lexicons is not null)
            s += "+lexicons";
        if (Context is { } c)
            s += c == ContextFeatureOptions.HistoryOnly ? "+history" : "+context";
        if (Pairs is not null)
            s += "+pairs";
        if (TwoStage)
            s += "+two-stage";
        return s;
    }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        NGrams.Validate();
        if (TwoStage && Lexicons is null && Context is null && Pairs is null)
            throw new ArgumentException("TwoStage needs dense features for the second stage: turn on Lexicons, Context or Pairs.", nameof(TwoStage));
    }
}
