namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Percentiles of sorted samples by linear interpolation between order statistics (Hyndman–Fan type 7, the default of
/// R and NumPy). A stand-in until Statistics/ provides percentiles.
/// </summary>
internal static class Quantiles
{
    /// <summary>The <paramref name="p"/> quantile (0 ≤ p ≤ 1) of ascending <paramref name="sorted"/>; NaN when empty.</summary>
    public static double Of(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
            return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
