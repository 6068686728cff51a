namespace PeerTriage;

/// <summary>What is known about how a model was built. Stored in the model file; contains no message text.</summary>
public sealed record ModelInfo
{
    /// <summary>The PeerTriage version that trained the model.</summary>
    public required string LibraryVersion { get; init; }

    /// <summary>When the model was trained (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Number of training messages.</summary>
    public required int TrainingRows { get; init; }

    /// <summary>Training messages per level, indexed like the scheme's levels.</summary>
    public required IReadOnlyList<int> RowsPerLevel { get; init; }

    /// <summary>
    /// SHA-256 (lower-case hex) over the training data's labels, subjects and bodies in order, to tell datasets apart
    /// without storing them.
    /// </summary>
    public required string TrainingDataSha256 { get; init; }

    /// <summary>The L2 penalty used.</summary>
    public required double L2 { get; init; }

    /// <summary>The class weighting used, as text (<c>Balanced</c> or <c>None</c>).</summary>
    public required string ClassWeighting { get; init; }

    /// <summary>L-BFGS iterations run.</summary>
    public required int Iterations { get; init; }

    /// <summary>Whether the optimizer met its tolerance before the iteration limit.</summary>
    public required bool Converged { get; init; }

    /// <summary>
    /// Cross-validated metrics on the training data (the model card), or null when no inner cross-validation ran
    /// (too few rows, or a policy that needs no out-of-fold predictions). Default null.
    /// </summary>
    public ModelCardMetrics? Metrics { get; init; }

    /// <summary>What training warned about (no authors, duplicate texts, a missed recall target). Empty by default.</summary>
    public IReadOnlyList<TrainingWarning> Warnings { get; init; } = [];

    /// <summary>
    /// The learner of the second stage when it is not the built-in linear one (<see cref="TriageTrainingOptions.SecondStage"/>),
    /// such as <c>fasttree</c>; null for the linear stage. Default null.
    /// </summary>
    public string? SecondStageKind { get; init; }

    /// <summary>That learner's settings (<see cref="Learning.SecondStageLearner.Settings"/>), name → text. Empty by default.</summary>
    public IReadOnlyDictionary<string, string> SecondStageSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The model file format version this model was read from, such as <c>1.0</c>; for a model trained in this process,
    /// the version <c>Save</c> writes. Default "".
    /// </summary>
    public string FormatVersion { get; init; } = "";
}
