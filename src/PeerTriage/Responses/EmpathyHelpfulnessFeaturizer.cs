using PeerTriage.Features;

namespace PeerTriage.Responses;

/// <summary>
/// Helpfulness features with empathy: a base featurizer's features (by default
/// <see cref="BasicHelpfulnessFeaturizer"/>'s), then a <see cref="ResponseModel"/>'s outputs for the pair (question as
/// the seeker post, answer as the response), then the model's pair features of that pair.
/// </summary>
/// <remarks>
/// <para>Features after the base ones, in order:</para>
/// <list type="number">
/// <item><description>per mechanism of the model's scheme, in scheme order: <c>&lt;mechanism&gt;.shows</c>, the
/// calibrated probability that the level is above the lowest ("none"), 1 − P(none); and
/// <c>&lt;mechanism&gt;.expected_level</c>, Σ level index × probability (0 to the number of levels − 1);</description></item>
/// <item><description>the pair features of the first mechanism's pipeline, under their own names (<c>pair.reflection</c>,
/// <c>pair.question_to_seeker</c>, ...), as that pipeline computes them before its dense scale; none when the pipeline
/// has no pair features.</description></item>
/// </list>
/// <para>Each text is cut to <see cref="ResponsePair.MaxTextLength"/> chars (never refused); the model reads at most
/// <see cref="NGramOptions.MaxTextLength"/> chars of plain text of each anyway.</para>
/// <para>Deterministic and thread-safe (the model is immutable). Not allocation-free: each call builds one
/// <see cref="ResponsePair"/> (a few small objects), and the model analyses the answer once per mechanism and once more
/// for the pair features. It keeps no text.</para>
/// </remarks>
public sealed class EmpathyHelpfulnessFeaturizer : IHelpfulnessFeaturizer
{
    private readonly IHelpfulnessFeaturizer _base;
    private readonly int _baseCount;
    private readonly int _pairCount;
    private readonly string[] _names;

    /// <summary>Adds a response model's outputs to a base featurizer's features.</summary>
    /// <param name="model">The response model, such as one trained on EPITOME.</param>
    /// <param name="baseFeaturizer">The features to extend; null (the default) for <see cref="BasicHelpfulnessFeaturizer.Instance"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public EmpathyHelpfulnessFeaturizer(ResponseModel model, IHelpfulnessFeaturizer? baseFeaturizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _base = baseFeaturizer ?? BasicHelpfulnessFeaturizer.Instance;
        _baseCount = _base.FeatureNames.Count;
        var names = new List<string>(_base.FeatureNames);
        foreach (var mechanism in model.Scheme.Mechanisms)
        {
            names.Add(mechanism.Name + ".shows");
            names.Add(mechanism.Name + ".expected_level");
        }
        var pairs = model.ModelAt(0).Featurizer.Pairs;
        if (pairs is not null)
        {
            _pairCount = pairs.FeatureCount;
            names.AddRange(pairs.FeatureNames);
        }
        _names = [.. names];
        FeatureNames = Array.AsReadOnly(_names);
    }

    /// <summary>The response model whose outputs are added.</summary>
    public ResponseModel Model { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> or its question or text is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="features"/> is not exactly <see cref="FeatureNames"/> long.</exception>
    public void Featurize(HelpfulnessAnswer answer, Span<double> features)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Text is null || answer.Question is null)
            throw new ArgumentNullException(nameof(answer), $"The answer's {(answer.Text is null ? "text" : "question")} is null.");
        if (features.Length != _names.Length)
            throw new ArgumentException($"The feature vector must have {_names.Length} entries, not {features.Length}.", nameof(features));
        _base.Featurize(answer, features[.._baseCount]);

        var pair = new ResponsePair(Cut(answer.Question), Cut(answer.Text));
        int at = _baseCount;
        Span<float> p = stackalloc float[PriorityScheme.MaxLevels];
        for (int m = 0; m < Model.Scheme.Count; m++)
        {
            int levels = Model.Scheme.Mechanisms[m].Levels.Count;
            Model.Assess(pair, m, p);
            double expected = 0;
            for (int j = 1; j < levels; j++)
                expected += j * (double)p[j];
            features[at++] = Math.Clamp(1 - (double)p[0], 0, 1);
            features[at++] = expected;
        }
        if (_pairCount > 0)
        {
            // The pipeline writes the pair features into the thread's builder, after its lexicon and context features.
            var featurizer = Model.ModelAt(0).Featurizer;
            var builder = FeatureBuilder.ForCurrentThread();
            featurizer.Extract(pair.Message, pair.Context, builder);
            float scale = featurizer.Pipeline.DenseScale;
            ReadOnlySpan<float> dense = builder.Dense.AsSpan(featurizer.PairOffset, _pairCount);
            for (int k = 0; k < dense.Length; k++)
                features[at++] = dense[k] / scale;
        }
    }

    /// <summary>The text, cut to <see cref="ResponsePair.MaxTextLength"/> chars without leaving half a surrogate pair.</summary>
    private static string Cut(string text)
    {
        if (text.Length <= ResponsePair.MaxTextLength)
            return text;
        int length = ResponsePair.MaxTextLength;
        if (char.IsHighSurrogate(text[length - 1]))
            length--;
        return text[..length];
    }
}
