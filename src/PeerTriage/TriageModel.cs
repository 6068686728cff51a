using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Serialization;
using PeerTriage.Training;

namespace PeerTriage;

/// <summary>
/// A trained triage model: a <see cref="FeaturePipeline"/> (hashed n-grams, lexicons, thread context) and multinomial
/// logistic regression, in one stage or two. The one entry point for training (<see cref="Train"/>), scoring
/// (<see cref="Triage(ForumMessage, ThreadContext?)"/>), explaining, saving and loading.
/// </summary>
/// <remarks>
/// A model is immutable and thread-safe. Scoring one message allocates nothing in steady state when called through
/// <see cref="Triage(ForumMessage, ThreadContext?, Span{float})"/>; each thread keeps its own scratch buffers.
/// A message with no usable text (empty or white-space body and subject) gets the model's prior: the result of its
/// biases and context features alone. Probabilities are calibrated by a fitted temperature, and the level comes from
/// the model's <see cref="Policy"/> (by default thresholds fitted to recall targets).
/// Context features read the <see cref="ThreadContext"/> passed with the message; null means "unknown", which the
/// model was also trained to handle.
/// </remarks>
public sealed class TriageModel : ITriageClassifier
{
    private readonly PipelineFeaturizer _featurizer;
    private readonly float[] _weights; // bucket-major: _weights[bucket * classes + k]; the text stage when two-stage
    private readonly float[] _bias;
    private readonly float[] _dense;   // one stage: dense-feature-major weights, _dense[j * classes + k]
    private readonly float[]? _stage2; // two stages: [ln text probabilities, dense features]-major weights
    private readonly float[]? _stage2Bias;
    private readonly int _classes;
    private readonly float _inverseTemperature;
    private readonly float _temperature;

    internal TriageModel(PriorityScheme scheme, FeaturePipeline pipeline, ModelWeights weights, ModelInfo info,
        DecisionPolicy? policy = null, float temperature = 1f, ExplanationVocabulary? vocabulary = null, DecisionRecord? decision = null)
    {
        Scheme = scheme;
        _featurizer = new PipelineFeaturizer(pipeline, scheme);
        _classes = scheme.Count;
        int d = _featurizer.DenseCount;
        if (weights.Bias.Length != _classes || weights.Table.Length != (long)_classes << pipeline.NGrams.HashBits)
            throw new ArgumentException("Weight shapes do not match the scheme and hash size.");
        if (pipeline.TwoStage
            ? weights.Dense.Length != 0 || weights.Stage2?.Length != (_classes + d) * _classes || weights.Stage2Bias?.Length != _classes
            : weights.Dense.Length != d * _classes || weights.Stage2 is not null)
            throw new ArgumentException("Weight shapes do not match the feature pipeline.");
        _weights = weights.Table;
        _bias = weights.Bias;
        _dense = weights.Dense;
        _stage2 = weights.Stage2;
        _stage2Bias = weights.Stage2Bias;
        Info = info;
        Policy = policy ?? new ArgmaxPolicy(_classes);
        if (Policy.LevelCount != _classes)
            throw new ArgumentException("The decision policy does not match the scheme.");
        // Temperature is what the file stores; deriving the factor from it here, for trained and loaded models alike,
        // keeps save → load bit-identical.
        _temperature = temperature;
        _inverseTemperature = 1f / temperature;
        Vocabulary = vocabulary ?? ExplanationVocabulary.Empty;
        Decision = decision ?? new DecisionRecord(DecisionPolicyKind.Argmax, [], []);
    }

    /// <summary>How this model turns probabilities into levels.</summary>
    public DecisionPolicy Policy { get; }

    /// <summary>The calibration temperature T: probabilities are softmax(logits / T). 1 means uncalibrated.</summary>
    public float Temperature => _temperature;

    internal float InverseTemperature => _inverseTemperature;

    internal ExplanationVocabulary Vocabulary { get; }

    internal DecisionRecord Decision { get; }

    /// <summary>
    /// The recall target each level's boundary ("at least this level") was fitted to, indexed by level; null where the
    /// boundary had none (fitted for F-beta, or the policy has no fitted thresholds). Entry 0 is always null.
    /// </summary>
    public IReadOnlyList<double?> RecallTargets => DecisionOptions.ToNullable(Decision.Targets, Scheme.Count);

    /// <inheritdoc />
    public PriorityScheme Scheme { get; }

    /// <summary>The feature pipeline this model was trained with, and scores with.</summary>
    public FeaturePipeline Features => _featurizer.Pipeline;

    /// <summary>Names of the model's dense features (lexicon, then context), in the order of its weights.</summary>
    public IReadOnlyList<string> DenseFeatureNames => _featurizer.DenseNames;

    internal PipelineFeaturizer Featurizer => _featurizer;

    internal ModelWeights WeightSet => new(_weights, _bias, _dense, _stage2, _stage2Bias);

    /// <summary>How the model was trained.</summary>
    public ModelInfo Info { get; }

    internal ReadOnlySpan<float> Weights => _weights;

    internal ReadOnlySpan<float> Bias => _bias;

    /// <summary>Trains a model on labelled messages.</summary>
    /// <param name="examples">Training messages; every label must be a level of <see cref="TriageTrainingOptions.Scheme"/>.</param>
    /// <param name="options">Training options; null for <see cref="TriageTrainingOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/> or an item in it is null.</exception>
    /// <exception cref="ArgumentException">A label is not in the scheme (the message names it and its source), there are no
    /// examples, a level of the scheme has no examples (the message names it and counts the examples of each level), or an
    /// option is invalid.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    /// <remarks>
    /// Every level needs at least one example: a model cannot learn a level it never saw, and would predict it with
    /// probability near 0. To train without a level, use a <see cref="PriorityScheme"/> that leaves it out. A level with
    /// only a few examples trains, but its recall target cannot be fitted reliably (see <see cref="DecisionOptions.InnerFolds"/>).
    /// </remarks>
    public static TriageModel Train(IEnumerable<LabeledMessage> examples, TriageTrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var t = ModelTrainer.Train(examples, options, cancellationToken);
        // The format version is the file's business, not training's: a trained model reports the one Save writes.
        var info = t.Info with { FormatVersion = ModelFile.CurrentVersion };
        return new TriageModel(t.Scheme, t.Pipeline, t.Weights, info, t.Policy, t.Temperature, t.Vocabulary, t.Decision);
    }

    /// <summary>Triages one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="context">What was known about the thread when the message was posted; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public TriageResult Triage(ForumMessage message, ThreadContext? context = null)
    {
        Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
        int level = Triage(message, context, probabilities);
        return new TriageResult(Scheme, level, probabilities[.._classes]);
    }

    /// <inheritdoc />
    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (probabilities.Length < _classes)
            throw new ArgumentException($"The buffer holds {probabilities.Length} probabilities; the scheme has {_classes} levels.", nameof(probabilities));
        var builder = FeatureBuilder.ForCurrentThread();
        int n = _featurizer.Extract(message, context, builder);
        return Score(builder.Buckets.AsSpan(0, n), builder.Values.AsSpan(0, n), builder.Dense.AsSpan(0, _featurizer.DenseCount), probabilities[.._classes]);
    }

    /// <summary>Softmax over bias + Σ value·weight; returns the chosen level. The innermost loop of scoring.</summary>
    /// <remarks>
    /// With four levels one weight row is one <see cref="Vector128{T}"/>: a single load and multiply-add per feature,
    /// with the running logits in a register. The additions happen in the same order and with the same separate
    /// multiply and add as the scalar loop, so both give bit-identical results.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int Score(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, ReadOnlySpan<float> dense, Span<float> probabilities)
    {
        int k = _classes;
        Span<float> logits = probabilities[..k];
        values = values[..buckets.Length];
        if (k == 4 && Vector128.IsHardwareAccelerated)
        {
            ref float weights = ref MemoryMarshal.GetArrayDataReference(_weights);
            uint mask = (uint)(_weights.Length / 4) - 1; // bucket count is a power of two; masking keeps reads in the array
            Vector128<float> sum = Vector128.Create((ReadOnlySpan<float>)_bias);
            for (int i = 0; i < buckets.Length; i++)
            {
                Vector128<float> row = Vector128.LoadUnsafe(ref weights, ((uint)buckets[i] & mask) * 4);
                sum += Vector128.Create(values[i]) * row;
            }
            sum.CopyTo(logits);
        }
        else
        {
            _bias.AsSpan().CopyTo(logits);
            ReadOnlySpan<float> all = _weights;
            for (int i = 0; i < buckets.Length; i++)
            {
                ReadOnlySpan<float> row = all.Slice(buckets[i] * k, k);
                float v = values[i];
                for (int c = 0; c < row.Length; c++)
                    logits[c] += v * row[c];
            }
        }
        if (_stage2 is null)
            AddDense(dense, _dense, logits);
        else
            Stage2(dense, logits);
        if (_inverseTemperature != 1f)
        {
            for (int c = 0; c < k; c++)
                logits[c] *= _inverseTemperature;
        }
        Softmax.InPlace(logits);
        return Policy.Decide(probabilities);
    }

    private static void AddDense(ReadOnlySpan<float> dense, ReadOnlySpan<float> weights, Span<float> logits)
    {
        int k = logits.Length;
        for (int j = 0; j < dense.Length; j++)
        {
            float v = dense[j];
            if (v == 0)
                continue;
            ReadOnlySpan<float> row = weights.Slice(j * k, k);
            for (int c = 0; c < k; c++)
                logits[c] += v * row[c];
        }
    }

    /// <summary>Replaces the text stage's logits with the second stage's: its bias + Σ z·V over z = [ln p_text, dense].</summary>
    private void Stage2(ReadOnlySpan<float> dense, Span<float> logits)
    {
        int k = logits.Length;
        Span<float> z = stackalloc float[PriorityScheme.MaxLevels];
        z = z[..k];
        logits.CopyTo(z);
        Softmax.InPlace(z);
        for (int c = 0; c < k; c++)
            z[c] = MathF.Log(Math.Max(z[c], Softmax.MinStackedProbability));
        _stage2Bias.AsSpan().CopyTo(logits);
        AddDense(z, _stage2, logits);
        AddDense(dense, _stage2.AsSpan(k * k), logits);
    }

    /// <summary>
    /// Explains a message's level: the features that moved the chosen level's calibrated logit relative to the level
    /// below it (relative to the level above, when the chosen level is the lowest). N-grams appear as text only when
    /// the model's vocabulary keeps them (seen from at least <see cref="TriageTrainingOptions.ExplanationMinAuthors"/>
    /// authors); everything else is summed into <see cref="TriageExplanation.Other"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="context">Thread context, or null.</param>
    /// <param name="top">How many contributions to list in <see cref="TriageExplanation.Top"/>. Default 10.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is negative.</exception>
    public TriageExplanation Explain(ForumMessage message, ThreadContext? context = null, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var result = Triage(message, context);
        int chosen = result.LevelIndex;
        int other = chosen > 0 ? chosen - 1 : 1;
        int k = _classes;

        var ngrams = Features.NGrams;
        var tokens = NGramText.Tokens(message, _featurizer.NGrams);
        var wordLabels = new Dictionary<int, string>();
        foreach (var (bucket, text) in NGramText.WordNGrams(tokens, ngrams))
        {
            if (Vocabulary.Label(bucket, text) is { } kept)
                wordLabels.TryAdd(bucket, kept);
        }
        var charLabels = new Dictionary<int, string>();
        foreach (string token in tokens)
        {
            if (!Vocabulary.Contains(token))
                continue;
            foreach (int bucket in NGramText.CharNGramBuckets(token, ngrams))
                charLabels.TryAdd(bucket, token);
        }

        var builder = new FeatureBuilder();
        int n = _featurizer.Extract(message, context, builder);
        int ownFeatures = builder.MessageFeatures;
        int parentFeatures = builder.ParentFeatures;
        double beta = _inverseTemperature;
        var sums = new Dictionary<(ContributionKind, string), double>();
        double rest = 0;
        double difference = 0;
        void Add(ContributionKind kind, string name, double c)
        {
            sums[(kind, name)] = sums.GetValueOrDefault((kind, name)) + c;
            difference += c;
        }

        // The hashed features: the whole model when one stage, the text stage's logits when two.
        Span<float> textLogits = stackalloc float[k];
        _bias.AsSpan().CopyTo(textLogits);
        for (int i = 0; i < n; i++)
        {
            int bucket = builder.Buckets[i];
            float v = builder.Values[i];
            for (int c = 0; c < k; c++)
                textLogits[c] += v * _weights[bucket * k + c];
            if (_stage2 is not null)
                continue;
            double contribution = beta * v * ((double)_weights[bucket * k + chosen] - _weights[bucket * k + other]);
            if (i >= ownFeatures)
                Add(ContributionKind.Context, i < ownFeatures + parentFeatures ? "the parent post's text" : $"board: {message.Board}", contribution);
            else if (wordLabels.TryGetValue(bucket, out string? word))
                Add(ContributionKind.WordNGram, word, contribution);
            else if (charLabels.TryGetValue(bucket, out string? token))
                Add(ContributionKind.CharacterNGrams, token, contribution);
            else
            {
                rest += contribution;
                difference += contribution;
            }
        }

        ReadOnlySpan<float> dense = builder.Dense.AsSpan(0, _featurizer.DenseCount);
        ReadOnlySpan<float> denseWeights = _dense;
        float[] bias = _bias;
        if (_stage2 is not null)
        {
            Span<float> z = textLogits;
            Softmax.InPlace(z);
            double text = 0;
            for (int c = 0; c < k; c++)
            {
                float lnP = MathF.Log(Math.Max(z[c], Softmax.MinStackedProbability));
                text += beta * lnP * ((double)_stage2[c * k + chosen] - _stage2[c * k + other]);
            }
            Add(ContributionKind.TextModel, "the text model's probabilities (n-grams" + (Features.Context is null ? ")" : ", parent text and board)"), text);
            denseWeights = _stage2.AsSpan(k * k);
            bias = _stage2Bias!;
        }
        var names = _featurizer.DenseNames;
        int lexiconFeatures = _featurizer.Lexicons?.FeatureCount ?? 0;
        var terms = lexiconFeatures == 0 ? [] : LexiconTerms(new string(builder.Raw, 0, builder.RawLength));
        for (int j = 0; j < dense.Length; j++)
        {
            if (dense[j] == 0)
                continue;
            double contribution = beta * dense[j] * ((double)denseWeights[j * k + chosen] - denseWeights[j * k + other]);
            if (j < lexiconFeatures)
                Add(ContributionKind.Lexicon, terms.TryGetValue(names[j], out var found) ? $"{names[j]} ({string.Join(", ", found)})" : names[j], contribution);
            else if (context is null)
            {
                // Without a context every context feature is an "unknown" indicator: one item reads better than five.
                Add(ContributionKind.Context, "no thread context given (context.unknown and the indicators it implies)", contribution);
            }
            else
                Add(ContributionKind.Context, names[j], contribution);
        }

        double biasShare = beta * ((double)bias[chosen] - bias[other]);
        difference += biasShare;
        var all = sums.Select(e => new FeatureContribution(e.Key.Item2, e.Key.Item1, e.Value))
            .OrderByDescending(c => Math.Abs(c.Contribution)).ThenBy(c => c.Feature, StringComparer.Ordinal).ToList();
        var biasContribution = new FeatureContribution($"bias ({Scheme.NameOf(chosen)} vs {Scheme.NameOf(other)} before reading the text)", ContributionKind.Bias, biasShare);
        var otherContribution = new FeatureContribution(
            $"other features (n-grams from fewer than {Vocabulary.MinAuthors} authors, or not kept)", ContributionKind.Other, rest);
        return new TriageExplanation(result, other, difference, biasContribution, otherContribution, all.Take(top).ToList(), all);
    }

    /// <summary>The lexicon terms found in a text, grouped under the dense feature each one feeds.</summary>
    private Dictionary<string, List<string>> LexiconTerms(string text)
    {
        var options = Features.Lexicons!;
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Put(string feature, string term)
        {
            if (!result.TryGetValue(feature, out var list))
                result[feature] = list = [];
            if (!list.Contains(term))
                list.Add(term);
        }
        foreach (var m in _featurizer.Lexicons!.Matches(text))
        {
            if (options.Risk is { } risk && m.Lexicon == risk.Name)
                Put("risk." + m.Category + (m.Negated ? ".negated" : ""), m.Negated ? "not " + m.Term : m.Term);
            else if (options.Sentiment is { } sentiment && m.Lexicon == sentiment.Name)
            {
                Put(m.Weight >= 0 ? "sentiment.positive" : "sentiment.negative", m.Term);
                Put("sentiment.compound", m.Term);
                Put("sentiment.neutral", m.Term);
            }
            else
                Put(m.Lexicon + "." + m.Category, m.Term);
        }
        return result;
    }

    /// <summary>
    /// The model card as readable text: format and library version, scheme, feature pipeline, decision policy with the
    /// operating point it was fitted to, calibration, training summary and cross-validated metrics. Contains no message text.
    /// </summary>
    public string ToModelCard() => ModelCard.Describe(this);

    /// <summary>Writes the model to a stream in the PeerTriage model format (<c>.ptm</c>).</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="options">How to store the weights; null for <see cref="ModelSaveOptions.Default"/> (single precision, exact).</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void Save(Stream stream, ModelSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelFile.Write(this, stream, options ?? ModelSaveOptions.Default);
    }

    /// <summary>
    /// Writes the model to a file. The file is written to a temporary name first and then moved into place, so a
    /// crash never leaves a half-written model under <paramref name="path"/>.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="options">How to store the weights; null for <see cref="ModelSaveOptions.Default"/> (single precision, exact).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public void Save(string path, ModelSaveOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Shared.AtomicFile.Write(path, stream => ModelFile.Write(this, stream, options ?? ModelSaveOptions.Default));
    }

    /// <summary>Reads a model written by <see cref="Save(Stream, ModelSaveOptions?)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ModelFormatException">The bytes are not a valid model; the message says what is wrong.</exception>
    public static TriageModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ModelFile.Read(stream, sourceName: null);
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model; the message names the file and the problem.</exception>
    public static TriageModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ModelFile.Read(stream, path);
    }
}
