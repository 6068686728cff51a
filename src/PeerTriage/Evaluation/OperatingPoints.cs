namespace PeerTriage.Evaluation;

/// <summary>
/// The operating point reached at one boundary, "at least <see cref="Level"/>": recall and precision of that binary
/// decision, and the recall target and mean threshold that produced it when thresholds were fitted.
/// </summary>
/// <param name="Level">The boundary's level (for the default scheme: amber = flagged, red = urgent, crisis).</param>
/// <param name="TargetRecall">The recall target, or null when the boundary had none.</param>
/// <param name="Threshold">The mean fitted threshold on P(≥ level) across folds, or null for other policies.</param>
/// <param name="Recall">Achieved recall.</param>
/// <param name="Precision">Achieved precision.</param>
/// <param name="Support">Gold messages at or above the level.</param>
public readonly record struct OperatingPoint(string Level, double? TargetRecall, double? Threshold, double Recall, double Precision, int Support);

/// <summary>Operating points of decisions, and ranking measures on probabilities independent of any policy.</summary>
public static class OperatingPoints
{
    /// <summary>
    /// Recall and precision of "at least level j" for every level above the lowest, from gold and decided levels.
    /// </summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="gold">Gold level per message.</param>
    /// <param name="predicted">Decided level per message.</param>
    /// <param name="targets">Optional recall target per level (index 0 unused; NaN = none).</param>
    /// <param name="thresholds">Optional threshold per level (index 0 unused).</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static IReadOnlyList<OperatingPoint> Of(PriorityScheme scheme, ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted,
        IReadOnlyList<double>? targets = null, IReadOnlyList<double>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (gold.Length != predicted.Length)
            throw new ArgumentException($"{gold.Length} gold levels but {predicted.Length} predictions.", nameof(predicted));
        var points = new List<OperatingPoint>();
        for (int j = 1; j < scheme.Count; j++)
        {
            int tp = 0, pp = 0, support = 0;
            for (int i = 0; i < gold.Length; i++)
            {
                bool y = gold[i] >= j, yhat = predicted[i] >= j;
                if (y) support++;
                if (yhat) pp++;
                if (y && yhat) tp++;
            }
            double? target = targets is not null && j < targets.Count && !double.IsNaN(targets[j]) ? targets[j] : null;
            double? threshold = thresholds is not null && j < thresholds.Count ? thresholds[j] : null;
            points.Add(new OperatingPoint(scheme.NameOf(j), target, threshold, support == 0 ? 0 : (double)tp / support, pp == 0 ? 0 : (double)tp / pp, support));
        }
        return points;
    }

    /// <summary>
    /// The best precision of "at least <paramref name="level"/>" among all thresholds on P(≥ level) that reach
    /// <paramref name="recall"/>. Compares models at a fixed operating point.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not agree, or the level is not above the lowest.</exception>
    public static double PrecisionAtRecall(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels, int level, double recall)
    {
        if (gold.Length == 0 || probabilities.Length != gold.Length * levels)
            throw new ArgumentException("Probabilities must hold one row of levels per gold label.", nameof(probabilities));
        if (level < 1 || level >= levels)
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level must be above the lowest.");
        var scored = new (float Score, bool Positive)[gold.Length];
        int positives = 0;
        for (int r = 0; r < gold.Length; r++)
        {
            float s = 0;
            for (int c = levels - 1; c >= level; c--)
                s += probabilities[r * levels + c];
            scored[r] = (-s, gold[r] >= level);
            if (gold[r] >= level) positives++;
        }
        if (positives == 0)
            return 0;
        Array.Sort(scored, (a, b) => a.Score.CompareTo(b.Score));
        int tp = 0, pp = 0;
        double best = 0;
        for (int i = 0; i < scored.Length;)
        {
            float s = scored[i].Score;
            for (; i < scored.Length && scored[i].Score == s; i++)
            {
                pp++;
                if (scored[i].Positive) tp++;
            }
            if ((double)tp / positives >= recall - 1e-12)
                best = Math.Max(best, (double)tp / pp);
        }
        return best;
    }
}
