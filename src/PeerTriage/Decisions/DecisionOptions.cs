namespace PeerTriage.Decisions;

/// <summary>Which decision policy training fits.</summary>
public enum DecisionPolicyKind
{
    /// <summary>Ordinal thresholds fitted on out-of-fold predictions to reach recall targets. The default.</summary>
    RecallTargets = 0,

    /// <summary>The most probable level.</summary>
    Argmax = 1,

    /// <summary>Least expected cost under <see cref="DecisionOptions.Costs"/>.</summary>
    CostMatrix = 2,
}

/// <summary>
/// How a model turns probabilities into levels, and how it calibrates them. Fitted during training on out-of-fold
/// predictions of the training data, and stored in the model. Every property has a documented default.
/// </summary>
public sealed record DecisionOptions
{
    /// <summary>The default options: recall targets, temperature calibration, 5 inner folds.</summary>
    public static DecisionOptions Default { get; } = new();

    /// <summary>The policy. Default <see cref="DecisionPolicyKind.RecallTargets"/>.</summary>
    public DecisionPolicyKind Policy { get; init; } = DecisionPolicyKind.RecallTargets;

    /// <summary>
    /// Target recall for "at least this level", keyed by level name. Null (the default) means: the scheme's flagged
    /// level 0.90, its urgent level 0.80 and its highest level 0.90 (for the default scheme: amber 0.90, red 0.80,
    /// crisis 0.90); when two of those are the same level the larger target wins. A level without a target gets the
    /// threshold that maximizes F1 for "at least that level".
    /// </summary>
    public IReadOnlyDictionary<string, double>? RecallTargets { get; init; }

    /// <summary>
    /// For <see cref="DecisionPolicyKind.CostMatrix"/>: cost[truth][decided], one row and column per level. Default null.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<float>>? Costs { get; init; }

    /// <summary>Fit a temperature on out-of-fold predictions so that probabilities mean what they say. Default true.</summary>
    public bool Calibrate { get; init; } = true;

    /// <summary>
    /// Folds of the inner cross-validation that produces out-of-fold predictions. Default 5. The folds are grouped by
    /// author when every training message has one and there are enough authors, stratified by level otherwise. With
    /// fewer than 2 × InnerFolds training messages nothing is fitted: the model uses argmax (or the given cost matrix)
    /// on uncalibrated probabilities. A boundary "at least level j" with fewer than InnerFolds training messages at or
    /// above level j is not fitted to its recall target either: it gets the threshold 0.5 (P(≥ j) ≥ 0.5), because some
    /// inner folds would not have seen the level, and a target met on one or two such messages puts the threshold near 0.
    /// </summary>
    public int InnerFolds { get; init; } = 5;

    /// <summary>Whether fitting needs out-of-fold predictions at all.</summary>
    internal bool NeedsOutOfFold => Calibrate || Policy == DecisionPolicyKind.RecallTargets;

    /// <summary>Resolves the recall targets to one per level (NaN = no target), index 0 unused.</summary>
    internal double[] TargetsFor(PriorityScheme scheme)
    {
        var targets = new double[scheme.Count];
        Array.Fill(targets, double.NaN);
        if (RecallTargets is null)
        {
            Set(scheme.FlaggedFrom, 0.90);
            Set(scheme.UrgentFrom, 0.80);
            Set(scheme.Highest, 0.90);
            return targets;
        }
        foreach (var (level, target) in RecallTargets)
        {
            if (!scheme.TryGetIndex(level, out int j) || j == 0)
                throw new ArgumentException($"Recall target '{level}' is not a level above the lowest of the scheme ({scheme.Describe()}).", nameof(RecallTargets));
            if (!(target > 0 && target <= 1))
                throw new ArgumentOutOfRangeException(nameof(RecallTargets), target, $"The recall target for '{level}' must be in (0, 1].");
            targets[j] = target;
        }
        return targets;

        void Set(int j, double t) => targets[j] = double.IsNaN(targets[j]) ? t : Math.Max(targets[j], t);
    }

    /// <summary>Throws when the options don't fit the scheme.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate(PriorityScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (!Enum.IsDefined(Policy))
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "Unknown decision policy.");
        if (InnerFolds is < 2 or > 20)
            throw new ArgumentOutOfRangeException(nameof(InnerFolds), InnerFolds, "InnerFolds must be between 2 and 20.");
        _ = TargetsFor(scheme);
        if (Policy == DecisionPolicyKind.CostMatrix)
        {
            if (Costs is null)
                throw new ArgumentException("The cost-matrix policy needs Costs.", nameof(Costs));
            if (new CostMatrixPolicy(Costs).LevelCount != scheme.Count)
                throw new ArgumentException($"Costs must be {scheme.Count} × {scheme.Count}, one row and column per level.", nameof(Costs));
        }
    }
}
