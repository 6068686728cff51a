namespace PeerTriage.Analytics.Statistics;

/// <summary>The result of <see cref="PlannedComparisons.CompareProportions"/>: two response ratios compared.</summary>
public sealed class ProportionComparison
{
    internal ProportionComparison(int successes1, int n1, int successes2, int n2, double z, double p, double alpha)
    {
        Successes1 = successes1;
        N1 = n1;
        Successes2 = successes2;
        N2 = n2;
        Z = z;
        ChiSquare = z * z;
        P = p;
        Alpha = alpha;
    }

    /// <summary>Successes (e.g. messages with a reply) in the first group.</summary>
    public int Successes1 { get; }

    /// <summary>Size of the first group.</summary>
    public int N1 { get; }

    /// <summary>Successes in the second group.</summary>
    public int Successes2 { get; }

    /// <summary>Size of the second group.</summary>
    public int N2 { get; }

    /// <summary>The first group's proportion.</summary>
    public double Proportion1 => (double)Successes1 / N1;

    /// <summary>The second group's proportion.</summary>
    public double Proportion2 => (double)Successes2 / N2;

    /// <summary>The pooled two-proportion z statistic, (p₁ − p₂) / SE under the null; 0 when both groups are all successes or all failures.</summary>
    public double Z { get; }

    /// <summary>Pearson's χ² of the 2×2 table without Yates's correction (1 df); equal to Z².</summary>
    public double ChiSquare { get; }

    /// <summary>The two-sided p.</summary>
    public double P { get; }

    /// <summary>The adjusted alpha the comparison was judged at.</summary>
    public double Alpha { get; }

    /// <summary>Whether P &lt; Alpha.</summary>
    public bool Significant => P < Alpha;
}

/// <summary>The result of <see cref="PlannedComparisons.MannWhitney"/>: two latency samples compared.</summary>
public sealed class MannWhitneyComparison
{
    internal MannWhitneyComparison(int n1, int n2, double u, double z, double p, double alpha, bool continuity)
    {
        N1 = n1;
        N2 = n2;
        U = u;
        Z = z;
        P = p;
        Alpha = alpha;
        ContinuityCorrection = continuity;
    }

    /// <summary>Size of the first sample.</summary>
    public int N1 { get; }

    /// <summary>Size of the second sample.</summary>
    public int N2 { get; }

    /// <summary>U of the first sample: its rank sum − n₁(n₁ + 1)/2 (scipy's statistic; SPSS reports min(U, n₁n₂ − U)).</summary>
    public double U { get; }

    /// <summary>The normal-approximation z, with the tie correction (and the continuity correction when chosen); 0 when every value is tied.</summary>
    public double Z { get; }

    /// <summary>The two-sided p.</summary>
    public double P { get; }

    /// <summary>The adjusted alpha the comparison was judged at.</summary>
    public double Alpha { get; }

    /// <summary>Whether the continuity correction (0.5 toward zero) was applied.</summary>
    public bool ContinuityCorrection { get; }

    /// <summary>Whether P &lt; Alpha.</summary>
    public bool Significant => P < Alpha;
}

/// <summary>
/// The study's planned pairwise comparisons between periods, each judged at an adjusted alpha (the paper used 0.004):
/// response ratios by the pooled two-proportion z test (the same test as Pearson's χ² on the 2×2 table without Yates's
/// correction), latencies by the Mann–Whitney U test with the normal approximation and the tie correction.
/// </summary>
public static class PlannedComparisons
{
    /// <summary>The adjusted alpha of the published study.</summary>
    public const double StudyAlpha = 0.004;

    /// <summary>Compares two proportions, e.g. the response ratios of one level in two periods.</summary>
    /// <param name="successes1">Successes in the first group.</param>
    /// <param name="n1">Size of the first group (at least 1).</param>
    /// <param name="successes2">Successes in the second group.</param>
    /// <param name="n2">Size of the second group (at least 1).</param>
    /// <param name="alpha">The adjusted alpha; defaults to <see cref="StudyAlpha"/>.</param>
    /// <returns>z, χ², p and the verdict.</returns>
    /// <exception cref="ArgumentException">A count is negative, a group is empty, successes exceed the group, or alpha is not in (0, 1).</exception>
    public static ProportionComparison CompareProportions(int successes1, int n1, int successes2, int n2, double alpha = StudyAlpha)
    {
        CheckAlpha(alpha);
        CheckCounts(successes1, n1, "1");
        CheckCounts(successes2, n2, "2");
        var p1 = (double)successes1 / n1;
        var p2 = (double)successes2 / n2;
        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var variance = pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2));

        // Both groups all successes or all failures: no difference to test.
        var z = variance > 0 ? (p1 - p2) / Math.Sqrt(variance) : 0.0;
        return new ProportionComparison(successes1, n1, successes2, n2, z, Tails.Probability(Tails.NormalTwoSided(z)), alpha);
    }

    /// <summary>Compares two samples by the Mann–Whitney U test (normal approximation, tie-corrected variance).</summary>
    /// <param name="first">The first sample (e.g. latencies before); at least one finite value.</param>
    /// <param name="second">The second sample; at least one finite value.</param>
    /// <param name="alpha">The adjusted alpha; defaults to <see cref="StudyAlpha"/>.</param>
    /// <param name="continuityCorrection">Apply the 0.5 continuity correction; defaults to false, as SPSS's asymptotic test.</param>
    /// <returns>U, z, p and the verdict.</returns>
    /// <exception cref="ArgumentException">A sample is empty or holds a non-finite value, or alpha is not in (0, 1).</exception>
    public static MannWhitneyComparison MannWhitney(IReadOnlyList<double> first, IReadOnlyList<double> second, double alpha = StudyAlpha, bool continuityCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        CheckAlpha(alpha);
        var a = Descriptives.Sorted(first, nameof(first));
        var b = Descriptives.Sorted(second, nameof(second));
        int n1 = a.Length, n2 = b.Length, n = n1 + n2;

        // Merge the two sorted samples, giving tied runs their mid-rank.
        var rankSum1 = 0.0;
        var tieTerm = 0.0;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var value = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            var start = i + j;
            int inFirst = 0;
            while (i < n1 && a[i] == value)
            {
                i++;
                inFirst++;
            }

            while (j < n2 && b[j] == value)
            {
                j++;
            }

            var t = (double)(i + j - start);
            var midRank = start + ((t + 1) / 2.0);
            rankSum1 += inFirst * midRank;
            tieTerm += (t * t * t) - t;
        }

        var u = rankSum1 - (n1 * (n1 + 1) / 2.0);
        var mean = n1 * (double)n2 / 2.0;
        var variance = n1 * (double)n2 / 12.0 * ((n + 1) - (tieTerm / (n * (double)(n - 1))));
        double z;
        if (!(variance > 0))
        {
            z = 0; // every value tied: no evidence either way.
        }
        else
        {
            var diff = u - mean;
            if (continuityCorrection)
            {
                diff = Math.Sign(diff) * Math.Max(0, Math.Abs(diff) - 0.5);
            }

            z = diff / Math.Sqrt(variance);
        }

        return new MannWhitneyComparison(n1, n2, u, z, Tails.Probability(Tails.NormalTwoSided(z)), alpha, continuityCorrection);
    }

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentException($"The adjusted alpha must be between 0 and 1 (exclusive); got {alpha}.", nameof(alpha));
        }
    }

    private static void CheckCounts(int successes, int n, string group)
    {
        if (n < 1)
        {
            throw new ArgumentException($"Group {group} is empty (n = {n}); a proportion needs at least one message.", "n" + group);
        }

        if (successes < 0 || successes > n)
        {
            throw new ArgumentException($"Group {group} has {successes} successes out of {n}; successes must be from 0 to n.", "successes" + group);
        }
    }
}
