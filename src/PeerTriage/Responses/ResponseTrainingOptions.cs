using PeerTriage.Decisions;
using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Training;

namespace PeerTriage.Responses;

/// <summary>How <see cref="ResponseModel.Train"/> builds a model: each mechanism is trained as a triage model on its own
/// examples with these options. Every property has a documented default.</summary>
public sealed record ResponseTrainingOptions
{
    /// <summary>
    /// The default response pipeline: word 1–2 and character 3–5 n-grams of the response; the seeker post's n-grams in
    /// their own namespace (<see cref="ContextFeatureOptions.ParentText"/>, weight 0.25: on EPITOME's 5-fold CV it beat
    /// 0.5 on two mechanisms of three, macro-F1 0.740/0.579/0.683 against 0.733/0.573/0.685) and no other context (no thread
    /// position, board, parent level or author history, and no training dropout: a pair always has its seeker post);
    /// the pair features (<see cref="PairFeatureOptions.Default"/>); no risk or sentiment lexicons.
    /// </summary>
    public static FeaturePipeline DefaultPipeline { get; } = FeaturePipeline.NGramsOnly with
    {
        Context = new ContextFeatureOptions { Thread = false, Board = false, ParentText = true, ParentTextWeight = 0.25f, ParentLevel = false, AuthorHistory = false, TrainingDropout = 0 },
        Pairs = PairFeatureOptions.Default,
    };

    /// <summary>
    /// The default decision: the most probable level (<see cref="DecisionPolicyKind.Argmax"/>) of temperature-calibrated
    /// probabilities (5 inner folds). Measured on EPITOME (5-fold CV, docs/responses.md), argmax beat ordinal thresholds
    /// fitted for macro-F1 on every mechanism (macro-F1 0.733 vs 0.725, 0.573 vs 0.559, 0.685 vs 0.657).
    /// </summary>
    public static DecisionOptions DefaultDecision { get; } = new() { Policy = DecisionPolicyKind.Argmax, Calibrate = true };

    /// <summary>
    /// The decision that was measured against <see cref="DefaultDecision"/>: ordinal thresholds fitted jointly for
    /// macro-F1 with no recall target (<see cref="DecisionPolicyKind.RecallTargets"/>, an empty target list,
    /// <see cref="ThresholdObjective.MacroF1"/>).
    /// </summary>
    public static DecisionOptions MacroF1Thresholds { get; } = new()
    {
        Policy = DecisionPolicyKind.RecallTargets,
        RecallTargets = new Dictionary<string, double>(),
        Objective = ThresholdObjective.MacroF1,
    };

    /// <summary>The default options (declared after the defaults it reads).</summary>
    public static ResponseTrainingOptions Default { get; } = new();

    /// <summary>The mechanisms. Default <see cref="ResponseScheme.Epitome"/>.</summary>
    public ResponseScheme Scheme { get; init; } = ResponseScheme.Epitome;

    /// <summary>The feature pipeline of every mechanism's model. Default <see cref="DefaultPipeline"/>.</summary>
    public FeaturePipeline Features { get; init; } = DefaultPipeline;

    /// <summary>L2 penalty λ (see <see cref="TriageTrainingOptions.L2"/>). Default 1e-3.</summary>
    public double L2 { get; init; } = 1e-3;

    /// <summary>Class weighting. Default <see cref="ClassWeighting.Balanced"/>: rare levels (EPITOME's weak ones) count as
    /// much as common ones in total.</summary>
    public ClassWeighting ClassWeighting { get; init; } = ClassWeighting.Balanced;

    /// <summary>Maximum L-BFGS iterations. Default 300.</summary>
    public int MaxIterations { get; init; } = SoftmaxOptions.Default.MaxIterations;

    /// <summary>How probabilities become levels, and calibration. Default <see cref="DefaultDecision"/>.</summary>
    public DecisionOptions Decision { get; init; } = DefaultDecision;

    /// <summary>Seed for the inner folds. Default 42; the same seed and data give byte-identical models (with a fixed <see cref="Timestamp"/>).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// An n-gram's text is kept for explanations only when responses of at least this many distinct groups
    /// (<see cref="LabeledResponse.Group"/>) contain it. Default 5. Rationale spans are computed from the response being
    /// explained and need no kept text.
    /// </summary>
    public int ExplanationMinAuthors { get; init; } = 5;

    /// <summary>Threads for featurization and gradients. Default <see cref="Environment.ProcessorCount"/>; results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The creation time written in the model file; null for the time of training. Set it for byte-identical files.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Receives each mechanism's training phases. Default null.</summary>
    public IProgress<ResponseTrainingProgress>? Progress { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scheme, nameof(Scheme));
        foreach (var m in Scheme.Mechanisms)
            ForMechanism(m).Validate();
    }

    /// <summary>The triage options one mechanism's model is trained with.</summary>
    internal TriageTrainingOptions ForMechanism(ResponseMechanism mechanism, int index = 0) => new()
    {
        Scheme = mechanism.Levels,
        Features = Features,
        L2 = L2,
        ClassWeighting = ClassWeighting,
        MaxIterations = MaxIterations,
        Decision = Decision,
        Seed = Seed,
        ExplanationMinAuthors = ExplanationMinAuthors,
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        TrainingProgress = Progress is null ? null : new Relay(Progress, mechanism.Name, index, Scheme.Count),
    };

    private sealed class Relay(IProgress<ResponseTrainingProgress> target, string mechanism, int index, int count) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => target.Report(new ResponseTrainingProgress(mechanism, index, count, value));
    }
}

/// <summary>Progress of <see cref="ResponseModel.Train"/>: which mechanism is training, and its phase.</summary>
/// <param name="Mechanism">The mechanism being trained.</param>
/// <param name="Index">Its index (0-based).</param>
/// <param name="Count">How many mechanisms there are.</param>
/// <param name="Phase">The phase of that mechanism's training.</param>
public sealed record ResponseTrainingProgress(string Mechanism, int Index, int Count, TrainingProgress Phase);
