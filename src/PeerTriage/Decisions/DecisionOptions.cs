namespace PeerTriage.Decisions;

/// <summary>Which decision policy training fits.</summary>
public enum DecisionPolicyKind
{
    /// <summary>
    /// Ordinal thresholds fitted on out-of-fold predictions to reach a recall target at every boundary that has one; by
    /// default the flagged level 0.90, the urgent level 0.80 and the highest level 0.90 (the policy before 0.2). On data
    /// where the top levels are hard to separate it floods them; prefer <see cref="FlaggedRecallThenF1"/>.
    /// </summary>
    RecallTargets = 0,

    /// <summary>The most probable level.</summary>
    Argmax = 1,

    /// <summary>Least expected cost under <see cref="DecisionOptions.Costs"/>.</summary>
    CostMatrix = 2,

    /// <summary>
    /// The default. Ordinal thresholds fitted on out-of-fold predictions: the flagged boundary (which messages enter the
    /// moderators' sidebar) to a recall target, 0.90 unless <see cref="DecisionOptions.RecallTargets"/> says otherwise;
    /// every other boundary for <see cref="DecisionOptions.Objective"/> (default: the official macro-F1) of the decisions
    /// the policy makes, unless a recall target is given for it. Mistakes above the flagged boundary only reorder the sidebar, so
    /// they are not bought with false alarms.
    /// </summary>
    FlaggedRecallThenF1 = 3,
}

/// <summary>What a boundary without a recall target is fitted for.</summary>
public enum ThresholdObjective
{
    /// <summary>
    /// All boundaries without a recall target jointly, for the official macro-F1 (mean F1 over every level but the
    /// lowest) of the decisions, by coordinate ascent; boundaries with a recall target are refitted to it at every step.
    /// The default: it counts what a threshold costs the level below it, where a boundary's own F1 does not, and so
    /// does not flood a top level that is hard to separate (measured in docs/decisions.md).
    /// </summary>
    MacroF1 = 0,

    /// <summary>
    /// Each boundary, from the highest down, for its own F-beta ("at least this level" vs below it;
    /// <see cref="DecisionOptions.FBeta"/>), counting the messages that higher boundaries already placed. When a top
    /// level is common and hard to separate, F1 is best when nearly everything is placed there: it floods.
    /// </summary>
    BoundaryFBeta = 1,
}

/// <summary>
/// How a model turns probabilities into levels, and how it calibrates them. Fitted during training on out-of-fold
/// predictions of the training data, and stored in the model. Every property has a documented default.
/// </summary>
public sealed record DecisionOptions
{
    /// <summary>The default options: flagged recall 0.90 then F1, temperature calibration, 5 inner folds.</summary>
    public static DecisionOptions Default { get; } = new();

    /// <summary>The flagged boundary's recall target when none is given: 0.90, as in the published deployment.</summary>
    public const double DefaultFlaggedRecall = 0.90;

    /// <summary>
    /// Fewer training rows than this at or above a level with a recall target make training warn
    /// (<see cref="TrainingWarningKind.UnreliableRecallTarget"/>): 50. With 11 crisis rows, a 0.90 target fitted out of
    /// fold reached 0.18 recall on held-out data.
    /// </summary>
    public const int MinRowsForRecallTarget = 50;

    /// <summary>The policy. Default <see cref="DecisionPolicyKind.FlaggedRecallThenF1"/>.</summary>
    public DecisionPolicyKind Policy { get; init; } = DecisionPolicyKind.FlaggedRecallThenF1;

    /// <summary>
    /// Target recall for "at least this level", keyed by level name (matched case-insensitively). Default null.
    /// <para>With <see cref="DecisionPolicyKind.FlaggedRecallThenF1"/>: the flagged level gets
    /// <see cref="DefaultFlaggedRecall"/> unless it is named here, each named level gets its target, and every other
    /// boundary is fitted for <see cref="Objective"/>. So <c>{ ["crisis"] = 0.9 }</c> asks for crisis recall on top of
    /// the flagged recall.</para>
    /// <para>With <see cref="DecisionPolicyKind.RecallTargets"/>: null means the scheme's flagged level 0.90, its urgent
    /// level 0.80 and its highest level 0.90 (when two are the same level the larger wins); otherwise exactly the named
    /// levels get targets.</para>
    /// </summary>
    public IReadOnlyDictionary<string, double>? RecallTargets { get; init; }

    /// <summary>What a boundary without a recall target is fitted for. Default <see cref="ThresholdObjective.MacroF1"/>.</summary>
    public ThresholdObjective Objective { get; init; } = ThresholdObjective.MacroF1;

    /// <summary>
    /// β of the F-beta that <see cref="ThresholdObjective.BoundaryFBeta"/> maximizes: above 1 weighs recall more,
    /// below 1 precision. Default 1 (F1); ignored by <see cref="ThresholdObjective.MacroF1"/>. Must be in [0.1, 10].
    /// </summary>
    public double FBeta { get; init; } = 1;

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
    internal bool NeedsOutOfFold => Calibrate || FitsThresholds;

    /// <summary>Whether the policy is ordinal thresholds fitted on out-of-fold predictions.</summary>
    internal bool FitsThresholds => Policy is DecisionPolicyKind.RecallTargets or DecisionPolicyKind.FlaggedRecallThenF1;

    /// <summary>
    /// The recall target each level's boundary will be fitted to under these options, indexed by level; null where the
    /// boundary has none (it is fitted for <see cref="Objective"/>, or the policy fits no thresholds). Entry 0 is null.
    /// </summary>
    /// <param name="scheme">The scheme the model will be trained with.</param>
    /// <returns>One entry per level.</returns>
    /// <exception cref="ArgumentException">A recall target names no level above the lowest, or is outside (0, 1].</exception>
    public IReadOnlyList<double?> ResolveRecallTargets(PriorityScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return ToNullable(FitsThresholds ? TargetsFor(scheme) : [], scheme.Count);
    }

    internal static IReadOnlyList<double?> ToNullable(double[] targets, int levels)
    {
        var result = new double?[levels];
        for (int j = 1; j < levels && j < targets.Length; j++)
            result[j] = double.IsNaN(targets[j]) ? null : targets[j];
        return result;
    }

    /// <summary>Resolves the recall targets to one per level (NaN = no target), index 0 unused.</summary>
    internal double[] TargetsFor(PriorityScheme scheme)
    {
        var targets = new double[scheme.Count];
        Array.Fill(targets, double.NaN);
        if (Policy == DecisionPolicyKind.FlaggedRecallThenF1)
            targets[scheme.FlaggedFrom] = DefaultFlaggedRecall;
        else if (RecallTargets is null)
        {
            Set(scheme.FlaggedFrom, 0.90);
            Set(scheme.UrgentFrom, 0.80);
            Set(scheme.Highest, 0.90);
            return targets;
        }
        foreach (var (level, target) in RecallTargets ?? new Dictionary<string, double>())
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
        if (!Enum.IsDefined(Objective))
            throw new ArgumentOutOfRangeException(nameof(Objective), Objective, "Unknown threshold objective.");
        if (!(FBeta >= 0.1 && FBeta <= 10))
            throw new ArgumentOutOfRangeException(nameof(FBeta), FBeta, "FBeta must be between 0.1 and 10.");
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
