using PeerTriage.Decisions;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage;

/// <summary>How <see cref="TriageModel.Train"/> builds a model. Every property has a documented default.</summary>
public sealed record TriageTrainingOptions
{
    /// <summary>The default options.</summary>
    public static TriageTrainingOptions Default { get; } = new();

    /// <summary>The priority levels. Default <see cref="PriorityScheme.Default"/> (green, amber, red, crisis).</summary>
    public PriorityScheme Scheme { get; init; } = PriorityScheme.Default;

    /// <summary>
    /// Which featurizers run: n-grams, lexicons, thread context, one or two stages. Default <see cref="FeaturePipeline.Default"/>.
    /// For only other n-gram settings, use <c>FeaturePipeline.Default.WithNGrams(...)</c>.
    /// </summary>
    public FeaturePipeline Features { get; init; } = FeaturePipeline.Default;

    /// <summary>
    /// L2 penalty λ on the weights; the objective is the weighted mean cross-entropy plus λ/2·‖W‖². Biases are not penalized.
    /// Default 1e-3, the best of a sweep over 3e-5…3e-3 on both the demo corpus and the C-SSRS posts (docs/results.md). Larger values give smoother, less confident models.
    /// </summary>
    public double L2 { get; init; } = SoftmaxOptions.Default.L2;

    /// <summary>Class weighting. Default <see cref="ClassWeighting.Balanced"/>: each level counts as much as any other in total, which favours recall on rare urgent levels.</summary>
    public ClassWeighting ClassWeighting { get; init; } = SoftmaxOptions.Default.ClassWeighting;

    /// <summary>Maximum L-BFGS iterations. Default 300.</summary>
    public int MaxIterations { get; init; } = SoftmaxOptions.Default.MaxIterations;

    /// <summary>Convergence tolerance on the relative decrease of the objective. Default 1e-5.</summary>
    public double Tolerance { get; init; } = SoftmaxOptions.Default.Tolerance;

    /// <summary>
    /// Threads used for featurization and gradients. Default <see cref="Environment.ProcessorCount"/>.
    /// The trained weights are bit-identical whatever the value.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>How probabilities become levels, and their calibration. Default <see cref="DecisionOptions.Default"/>: thresholds fitted to recall targets (flagged 0.90, urgent 0.80, crisis 0.90) on calibrated out-of-fold probabilities.</summary>
    public DecisionOptions Decision { get; init; } = DecisionOptions.Default;

    /// <summary>Seed for the inner cross-validation folds that decisions and calibration are fitted on. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// An n-gram's text is kept in the model, for explanations, only when messages by at least this many distinct
    /// authors contain it, so a model never stores a phrase only one person wrote. Authors are
    /// <see cref="ForumMessage.AuthorId"/>, else <see cref="LabeledMessage.Group"/>; messages with neither add nothing. Default 5.
    /// </summary>
    public int ExplanationMinAuthors { get; init; } = 5;

    /// <summary>Largest number of n-gram texts kept for explanations (the most widely used first). Default 50,000.</summary>
    public int ExplanationVocabularyLimit { get; init; } = 50_000;

    /// <summary>
    /// Keep rows with exactly the same text in the same inner fold, so that a copy in the training folds cannot make the
    /// out-of-fold predictions of the others (and so the calibration, thresholds and model card) look better than they
    /// are. Default true. Training warns with the count either way (<see cref="TrainingWarningKind.DuplicateTexts"/>).
    /// </summary>
    public bool KeepDuplicateTextsTogether { get; init; } = true;

    /// <summary>
    /// The learner of a two-stage model's second stage, for example PeerTriage.ML's <c>FastTreeStage</c> (boosted trees).
    /// Default null: the built-in linear second stage (softmax regression), or none when <see cref="Features"/> has one
    /// stage. When set, <see cref="FeaturePipeline.TwoStage"/> must be true. The learner's ensemble is scored, saved and
    /// explained by the core alone; calibration and the decision policy are fitted on its inner out-of-fold predictions
    /// as for every model.
    /// </summary>
    public SecondStageLearner? SecondStage { get; init; }

    /// <summary>Receives the iteration number of each solver run as training proceeds. Default null.</summary>
    public IProgress<int>? Progress { get; init; }

    /// <summary>
    /// Receives the phase of training (inner fold k of K, decisions, final fit, ...) with the time so far and an
    /// estimate of the time left; the CLI prints one line per phase from it. Default null.
    /// </summary>
    public IProgress<TrainingProgress>? TrainingProgress { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scheme, nameof(Scheme));
        ArgumentNullException.ThrowIfNull(Features, nameof(Features));
        Features.Validate();
        if (!(L2 >= 0) || double.IsInfinity(L2))
            throw new ArgumentOutOfRangeException(nameof(L2), L2, "L2 must be a finite number ≥ 0.");
        if (MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be at least 1.");
        if (!(Tolerance > 0))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be > 0.");
        if (MaxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1.");
        if (SecondStage is not null && !Features.TwoStage)
        {
            throw new ArgumentException($"SecondStage ('{SecondStage.Kind}') replaces the second stage of a two-stage model, but Features.TwoStage is false. "
                + "Use a pipeline with TwoStage = true (for example FeaturePipeline.Default with { TwoStage = true }).", nameof(SecondStage));
        }
        ArgumentNullException.ThrowIfNull(Decision, nameof(Decision));
        Decision.Validate(Scheme);
        if (ExplanationMinAuthors < 1)
            throw new ArgumentOutOfRangeException(nameof(ExplanationMinAuthors), ExplanationMinAuthors, "ExplanationMinAuthors must be at least 1.");
        if (ExplanationVocabularyLimit < 0)
            throw new ArgumentOutOfRangeException(nameof(ExplanationVocabularyLimit), ExplanationVocabularyLimit, "ExplanationVocabularyLimit must be ≥ 0.");
        if (!Enum.IsDefined(ClassWeighting))
            throw new ArgumentOutOfRangeException(nameof(ClassWeighting), ClassWeighting, "Unknown class weighting.");
    }
}
