using PeerTriage.Decisions;
using PeerTriage.Evaluation;
using PeerTriage.Learning;

namespace PeerTriage;

/// <summary>A fitted model's parts before they become a <see cref="TriageModel"/>.</summary>
internal sealed record FittedModel(SoftmaxSolution Solution, float InverseTemperature, DecisionPolicy Policy, BoundaryFit[] Boundaries);

/// <summary>
/// Fits weights on some rows, and — on out-of-fold predictions of those same rows only — the calibration and the
/// decision policy. Used by <see cref="TriageModel.Train"/> (all rows) and by cross-validation (each outer fold's
/// training rows), which makes the cross-validated operating point an honest, nested estimate.
/// </summary>
internal static class ModelFitter
{
    public static FittedModel Fit(SparseMatrix x, int[] labels, string?[] groups, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken)
    {
        int levels = options.Scheme.Count;
        var decision = options.Decision;
        float beta = 1f;
        DecisionPolicy policy = decision.Policy == DecisionPolicyKind.CostMatrix ? new CostMatrixPolicy(decision.Costs!) : new ArgmaxPolicy(levels);
        BoundaryFit[] boundaries = [];
        if (decision.NeedsOutOfFold && rows.Length >= decision.InnerFolds * 2)
        {
            var gold = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++)
                gold[i] = labels[rows[i]];
            var oof = OutOfFold(x, labels, groups, rows, options, cancellationToken);
            if (decision.Calibrate)
            {
                beta = DecisionFitter.FitInverseTemperature(oof, gold, levels);
                DecisionFitter.ApplyInverseTemperature(oof, levels, beta);
            }
            if (decision.Policy == DecisionPolicyKind.RecallTargets)
                (policy, boundaries) = DecisionFitter.FitThresholds(oof, gold, levels, decision.TargetsFor(options.Scheme));
        }
        var solution = FitWeights(x, labels, rows, options, cancellationToken);
        return new FittedModel(solution, beta, policy, boundaries);
    }

    public static SoftmaxSolution FitWeights(SparseMatrix x, int[] labels, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken)
    {
        var subset = rows.Length == x.Rows ? x : x.SelectRows(rows);
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            y[i] = labels[rows[i]];
        return SoftmaxRegression.Fit(subset, y, options.Scheme.Count, TriageModel.ToSoftmaxOptions(options), options.Progress, cancellationToken);
    }

    /// <summary>Out-of-fold probabilities for <paramref name="rows"/>, in that order, from an inner cross-validation.</summary>
    public static float[] OutOfFold(SparseMatrix x, int[] labels, string?[] groups, int[] rows, TriageTrainingOptions options, CancellationToken cancellationToken)
    {
        int levels = options.Scheme.Count;
        int k = options.Decision.InnerFolds;
        int[] fold = AssignFolds(labels, groups, rows, k, options.Seed);
        var result = new float[rows.Length * levels];
        for (int f = 0; f < k; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var train = new List<int>();
            var test = new List<int>();
            for (int i = 0; i < rows.Length; i++)
                (fold[i] == f ? test : train).Add(i);
            if (test.Count == 0 || train.Count == 0)
                continue;
            var solution = FitWeights(x, labels, [.. train.Select(i => rows[i])], options, cancellationToken);
            var probabilities = new float[test.Count * levels];
            SoftmaxRegression.PredictProbabilities(solution, x.SelectRows([.. test.Select(i => rows[i])]), probabilities);
            for (int t = 0; t < test.Count; t++)
                probabilities.AsSpan(t * levels, levels).CopyTo(result.AsSpan(test[t] * levels, levels));
        }
        return result;
    }

    /// <summary>Grouped folds when every row has a group and there are enough groups; stratified otherwise.</summary>
    public static int[] AssignFolds(int[] labels, string?[] groups, int[] rows, int folds, int seed)
    {
        var g = new string[rows.Length];
        bool grouped = true;
        for (int i = 0; i < rows.Length && grouped; i++)
        {
            string? group = groups[rows[i]];
            if (group is null)
                grouped = false;
            else
                g[i] = group;
        }
        if (grouped && g.Distinct(StringComparer.Ordinal).Count() >= folds)
            return Folds.Grouped(g, folds, seed);
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            y[i] = labels[rows[i]];
        return Folds.Stratified(y, folds, seed);
    }
}
