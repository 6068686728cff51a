using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Serialization;
using PeerTriage.Training;

namespace PeerTriage;

/// <summary>
/// A trained triage model: a <see cref="FeaturePipeline"/> (hashed n-grams, lexicons, thread context) and multinomial
/// logistic regression, in one stage or two (the second stage linear, or a learner's boosted trees,
/// <see cref="TriageTrainingOptions.SecondStage"/>). The one entry point for training (<see cref="Train"/>), scoring
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
    private readonly LinearScorer _scorer;

    /// <summary>Builds a model from its parts; <paramref name="featurizer"/> runs the model's pipeline, built once by the caller.</summary>
    internal TriageModel(PriorityScheme scheme, PipelineFeaturizer featurizer, ModelWeights weights, ModelInfo info,
        DecisionPolicy? policy = null, float temperature = 1f, ExplanationVocabulary? vocabulary = null, DecisionRecord? decision = null)
    {
        Scheme = scheme;
        _featurizer = featurizer;
        var pipeline = featurizer.Pipeline;
        int classes = scheme.Count;
        int d = featurizer.DenseCount;
        if (weights.Bias.Length != classes || weights.Table.Length != (long)classes << pipeline.NGrams.HashBits)
            throw new ArgumentException("Weight shapes do not match the scheme and hash size.");
        bool shapesMatch = weights.Trees is { } trees
            ? pipeline.TwoStage && weights.Dense.Length == 0 && weights.Stage2 is null && weights.Stage2Bias is null && trees.Classes == classes && trees.Inputs == classes + d
            : pipeline.TwoStage
                ? weights.Dense.Length == 0 && weights.Stage2?.Length == (classes + d) * classes && weights.Stage2Bias?.Length == classes
                : weights.Dense.Length == d * classes && weights.Stage2 is null;
        if (!shapesMatch)
            throw new ArgumentException("Weight shapes do not match the feature pipeline.");
        // Temperature is what the file stores; deriving the factor from it here, for trained and loaded models alike,
        // keeps save → load bit-identical.
        Temperature = temperature;
        _scorer = new LinearScorer(classes, weights.Table, weights.Bias, weights.Dense, weights.Stage2, weights.Stage2Bias, 1f / temperature, weights.Trees);
        Info = info;
        Policy = policy ?? new ArgmaxPolicy(classes);
        if (Policy.LevelCount != classes)
            throw new ArgumentException("The decision policy does not match the scheme.");
        Vocabulary = vocabulary ?? ExplanationVocabulary.Empty;
        Decision = decision ?? new DecisionRecord(DecisionPolicyKind.Argmax, [], []);
    }

    /// <summary>How this model turns probabilities into levels.</summary>
    public DecisionPolicy Policy { get; }

    /// <summary>The calibration temperature T: probabilities are softmax(logits / T). 1 means uncalibrated.</summary>
    public float Temperature { get; }

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

    internal LinearScorer Scorer => _scorer;

    internal ModelWeights WeightSet => new(_scorer.Table, _scorer.Bias, _scorer.Dense, _scorer.Stage2, _scorer.Stage2Bias, _scorer.Trees);

    /// <summary>How the model was trained.</summary>
    public ModelInfo Info { get; }

    internal ReadOnlySpan<float> Weights => _scorer.Table;

    internal ReadOnlySpan<float> Bias => _scorer.Bias;

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
        return new TriageModel(t.Scheme, t.Featurizer, t.Weights, info, t.Policy, t.Temperature, t.Vocabulary, t.Decision);
    }

    /// <summary>Triages one message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="context">What was known about the thread when the message was posted; null for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public TriageResult Triage(ForumMessage message, ThreadContext? context = null)
    {
        Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
        int level = Triage(message, context, probabilities);
        return new TriageResult(Scheme, level, probabilities[..Scheme.Count]);
    }

    /// <inheritdoc />
    public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(message);
        int classes = Scheme.Count;
        if (probabilities.Length < classes)
            throw new ArgumentException($"The buffer holds {probabilities.Length} probabilities; the scheme has {classes} levels.", nameof(probabilities));
        var builder = FeatureBuilder.ForCurrentThread();
        int n = _featurizer.Extract(message, context, builder);
        return Score(builder.Buckets.AsSpan(0, n), builder.Values.AsSpan(0, n), builder.Dense.AsSpan(0, _featurizer.DenseCount), probabilities[..classes]);
    }

    /// <summary>Scores featurized input with the model's kernel (<see cref="LinearScorer.Score"/>); returns the chosen level. Hot path.</summary>
    internal int Score(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, ReadOnlySpan<float> dense, Span<float> probabilities)
    {
        _scorer.Score(buckets, values, dense, probabilities);
        return Policy.Decide(probabilities);
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
    public TriageExplanation Explain(ForumMessage message, ThreadContext? context = null, int top = 10) =>
        TriageExplainer.Explain(Triage(message, context), _featurizer, _scorer, Vocabulary, message, context, top);

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
