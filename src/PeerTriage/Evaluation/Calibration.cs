namespace PeerTriage.Evaluation;

/// <summary>One bin of a reliability table: predictions whose confidence fell in [Lower, Upper).</summary>
/// <param name="Lower">Lower edge of the confidence bin.</param>
/// <param name="Upper">Upper edge of the confidence bin.</param>
/// <param name="Count">Predictions in the bin.</param>
/// <param name="MeanConfidence">Mean probability of the predicted level.</param>
/// <param name="Accuracy">Share of those predictions that were right.</param>
public readonly record struct ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// How well probabilities mean what they say: the expected calibration error (ECE) of the top-level probability over
/// equal-width confidence bins, and the reliability table behind it.
/// </summary>
public sealed class CalibrationReport
{
    private CalibrationReport(double ece, IReadOnlyList<ReliabilityBin> bins)
    {
        ExpectedCalibrationError = ece;
        Bins = bins;
    }

    /// <summary>Σ over bins of (bin share) × |accuracy − mean confidence|; 0 is perfect.</summary>
    public double ExpectedCalibrationError { get; }

    /// <summary>The reliability table, one row per bin (empty bins included, with count 0).</summary>
    public IReadOnlyList<ReliabilityBin> Bins { get; }

    /// <summary>Computes the report for the most probable level of each row.</summary>
    /// <param name="probabilities">Rows × levels, row-major.</param>
    /// <param name="gold">Gold level per row.</param>
    /// <param name="levels">Levels per row.</param>
    /// <param name="bins">Number of equal-width bins. Default 10.</param>
    /// <exception cref="ArgumentException">The sizes do not agree, or there are no rows.</exception>
    public static CalibrationReport Compute(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels, int bins = 10)
    {
        if (levels < 2 || gold.Length == 0 || probabilities.Length != gold.Length * levels)
            throw new ArgumentException($"Expected {gold.Length} rows × {levels} levels of probabilities; got {probabilities.Length} values.", nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var count = new int[bins];
        var confidence = new double[bins];
        var correct = new int[bins];
        for (int r = 0; r < gold.Length; r++)
        {
            var p = probabilities.Slice(r * levels, levels);
            int best = 0;
            for (int c = 1; c < levels; c++)
            {
                if (p[c] >= p[best])
                    best = c;
            }
            int b = Math.Clamp((int)(p[best] * bins), 0, bins - 1);
            count[b]++;
            confidence[b] += p[best];
            if (best == gold[r])
                correct[b]++;
        }
        double ece = 0;
        var table = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
        {
            double meanConfidence = count[b] == 0 ? 0 : confidence[b] / count[b];
            double accuracy = count[b] == 0 ? 0 : (double)correct[b] / count[b];
            ece += (double)count[b] / gold.Length * Math.Abs(accuracy - meanConfidence);
            table[b] = new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], meanConfidence, accuracy);
        }
        return new CalibrationReport(ece, table);
    }

    /// <summary>The reliability table as aligned text.</summary>
    public string ToText()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"ECE {ExpectedCalibrationError:0.000}");
        sb.AppendLine("  confidence     count  mean conf  accuracy");
        foreach (var b in Bins)
            sb.AppendLine($"  [{b.Lower:0.0}, {b.Upper:0.0})  {b.Count,8}  {b.MeanConfidence,9:0.000}  {b.Accuracy,8:0.000}");
        return sb.ToString().TrimEnd();
    }
}

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
