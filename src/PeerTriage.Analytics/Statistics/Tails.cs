using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace PeerTriage.Analytics.Statistics;

/// <summary>
/// Upper-tail probabilities and quantiles. Tails come from MathNet's regularized special functions rather than
/// <c>1 - CDF</c>, which loses every digit below about 1e-16; the quantiles come from MathNet's distributions.
/// </summary>
internal static class Tails
{
    /// <summary>Two-sided p of a standard normal statistic: P(|Z| ≥ |z|).</summary>
    public static double NormalTwoSided(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2.0));

    /// <summary>P(χ²(df) ≥ x).</summary>
    public static double ChiSquareUpper(double x, double df) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2.0, x / 2.0);

    /// <summary>Two-sided p of a Student t statistic with df degrees of freedom: P(|T| ≥ |t|).</summary>
    public static double StudentTTwoSided(double t, double df) =>
        SpecialFunctions.BetaRegularized(df / 2.0, 0.5, df / (df + (t * t)));

    /// <summary>P(F(d1, d2) ≥ f).</summary>
    public static double FisherUpper(double f, double d1, double d2) =>
        f <= 0 ? 1.0 : SpecialFunctions.BetaRegularized(d2 / 2.0, d1 / 2.0, d2 / (d2 + (d1 * f)));

    /// <summary>The two-sided normal critical value for a confidence level (1.959964 for 0.95).</summary>
    public static double NormalCritical(double level) => Normal.InvCDF(0.0, 1.0, 1.0 - ((1.0 - level) / 2.0));

    /// <summary>The two-sided Student t critical value for a confidence level.</summary>
    public static double StudentTCritical(double level, double df) =>
        StudentT.InvCDF(0.0, 1.0, df, 1.0 - ((1.0 - level) / 2.0));

    /// <summary>Clamps a probability into [0, 1] (special functions can overshoot by an ulp).</summary>
    public static double Probability(double p) => p < 0 ? 0 : p > 1 ? 1 : p;
}
