using MathNet.Numerics.Distributions;

namespace PeerTriage.Analytics.Statistics;

/// <summary>The result of <see cref="KolmogorovSmirnov.TestNormality"/>.</summary>
public sealed class NormalityTestResult
{
    internal NormalityTestResult(int n, double mean, double standardDeviation, double d, double lillieforsP, bool lillieforsPIsLowerBound, double kolmogorovP)
    {
        N = n;
        Mean = mean;
        StandardDeviation = standardDeviation;
        D = d;
        LillieforsP = lillieforsP;
        LillieforsPIsLowerBound = lillieforsPIsLowerBound;
        KolmogorovP = kolmogorovP;
    }

    /// <summary>The sample size.</summary>
    public int N { get; }

    /// <summary>The sample mean, the mean of the normal tested against.</summary>
    public double Mean { get; }

    /// <summary>The sample standard deviation (n − 1), the SD of the normal tested against.</summary>
    public double StandardDeviation { get; }

    /// <summary>The KS statistic D: the largest distance between the empirical CDF and the fitted normal's CDF.</summary>
    public double D { get; }

    /// <summary>
    /// The Lilliefors-corrected p (what SPSS's "Tests of Normality" table reports), by the Dallal–Wilkinson (1986)
    /// approximation, which accounts for the mean and SD being estimated from the sample. The approximation holds for
    /// p ≤ 0.1; above that this is 0.1 and <see cref="LillieforsPIsLowerBound"/> is true.
    /// </summary>
    public double LillieforsP { get; }

    /// <summary>True when the true Lilliefors p is above 0.1 and <see cref="LillieforsP"/> only bounds it from below (normality not rejected at any usual alpha).</summary>
    public bool LillieforsPIsLowerBound { get; }

    /// <summary>
    /// The plain KS p from the asymptotic Kolmogorov distribution of √n·D, as if the mean and SD were known in advance
    /// (SPSS's one-sample "NPAR TESTS /K-S" "Asymp. Sig."). It ignores the estimation and so is too large (conservative).
    /// </summary>
    public double KolmogorovP { get; }
}

/// <summary>
/// The one-sample Kolmogorov–Smirnov test of normality against a normal with the sample's mean and standard deviation,
/// with both p-values: Lilliefors-corrected (<see cref="NormalityTestResult.LillieforsP"/>) and plain Kolmogorov
/// (<see cref="NormalityTestResult.KolmogorovP"/>). The study tested latency before and after the log transform.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Tests <paramref name="values"/> for normality.</summary>
    /// <param name="values">The sample: at least 5 finite values, not all equal.</param>
    /// <returns>D and the two p-values.</returns>
    /// <exception cref="ArgumentException">The sample is empty or holds a non-finite value.</exception>
    /// <exception cref="StatisticsException">Fewer than 5 values, or all values are equal.</exception>
    public static NormalityTestResult TestNormality(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = Descriptives.Sorted(values, nameof(values));
        var n = sorted.Length;
        if (n < 5)
        {
            throw new StatisticsException($"A normality test needs at least 5 values; got {n}.");
        }

        var mean = Descriptives.MeanOf(sorted);
        var sd = Descriptives.StandardDeviationOf(sorted);
        if (sd == 0)
        {
            throw new StatisticsException($"All {n} values are equal ({sorted[0]}); a normality test is meaningless for a constant sample.");
        }

        var d = 0.0;
        for (var i = 0; i < n; i++)
        {
            var f = Normal.CDF(mean, sd, sorted[i]);
            d = Math.Max(d, Math.Max(((i + 1.0) / n) - f, f - ((double)i / n)));
        }

        var dw = DallalWilkinson(d, n);
        var lowerBound = dw > 0.1;
        return new NormalityTestResult(n, mean, sd, d, lowerBound ? 0.1 : dw, lowerBound, KolmogorovUpper(Math.Sqrt(n) * d));
    }

    /// <summary>
    /// Dallal &amp; Wilkinson (1986), The American Statistician 40(4), 294–296: for n &gt; 100, D is scaled by
    /// (n/100)^0.49 and n set to 100; p = exp(−7.01256 D²(n + 2.78019) + 2.99587 D √(n + 2.78019) − 0.122119
    /// + 0.974598/√n + 1.67997/n). Valid for p ≤ 0.1.
    /// </summary>
    internal static double DallalWilkinson(double d, int sampleSize)
    {
        double n = sampleSize;
        if (n > 100)
        {
            d *= Math.Pow(n / 100.0, 0.49);
            n = 100;
        }

        return Math.Exp((-7.01256 * d * d * (n + 2.78019)) + (2.99587 * d * Math.Sqrt(n + 2.78019)) - 0.122119
            + (0.974598 / Math.Sqrt(n)) + (1.67997 / n));
    }

    /// <summary>
    /// P(K ≥ λ) for the Kolmogorov distribution: 2 Σₖ (−1)^(k−1) exp(−2k²λ²) for larger λ, and the Jacobi-theta form
    /// 1 − (√(2π)/λ) Σₖ exp(−(2k−1)²π²/(8λ²)) for small λ, where the alternating series converges slowly.
    /// </summary>
    internal static double KolmogorovUpper(double lambda)
    {
        if (lambda <= 0)
        {
            return 1.0;
        }

        if (lambda < 1.0)
        {
            var sum = 0.0;
            for (var k = 1; k <= 20; k++)
            {
                var m = (2 * k) - 1;
                sum += Math.Exp(-m * m * Math.PI * Math.PI / (8 * lambda * lambda));
            }

            return Tails.Probability(1.0 - (Math.Sqrt(2 * Math.PI) / lambda * sum));
        }

        var total = 0.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            total += (k % 2 == 1 ? term : -term);
            if (term < 1e-300)
            {
                break;
            }
        }

        return Tails.Probability(2.0 * total);
    }
}
