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
