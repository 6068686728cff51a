using System.Globalization;
using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// The models of one level: the logistic regression of response, the linear regression of log latency, and the
/// Kolmogorov–Smirnov normality test of latency before and after the log transform. A model that could not be fitted
/// is null and its error holds the reason (e.g. a predictor that separates the outcome), never a table of NaNs.
/// </summary>
/// <param name="Level">The level.</param>
/// <param name="Logistic">Response (1) or not (0) on the period dummies and the activity variables; null when it could not be fitted.</param>
/// <param name="LogisticError">Why <paramref name="Logistic"/> is null; null when it was fitted.</param>
/// <param name="Linear">ln(latency in minutes) of responded messages on the same predictors; null when it could not be fitted.</param>
/// <param name="LinearError">Why <paramref name="Linear"/> is null; null when it was fitted.</param>
/// <param name="LatencyNormality">KS normality of the latencies in minutes (all periods); null when it could not be run.</param>
/// <param name="LatencyNormalityError">Why <paramref name="LatencyNormality"/> is null.</param>
/// <param name="LogLatencyNormality">KS normality of ln(latency in minutes), the linear regression's outcome; null when it could not be run.</param>
/// <param name="LogLatencyNormalityError">Why <paramref name="LogLatencyNormality"/> is null.</param>
public sealed record LevelModels(string Level, LogisticRegressionResult? Logistic, string? LogisticError, LinearRegressionResult? Linear,
    string? LinearError, NormalityTestResult? LatencyNormality, string? LatencyNormalityError, NormalityTestResult? LogLatencyNormality,
    string? LogLatencyNormalityError);

/// <summary>
/// A planned pairwise comparison of one level between two periods, judged at <see cref="ResponsivenessOptions.Alpha"/>:
/// response ratios by the two-proportion z test, latencies by the Mann–Whitney U test.
/// </summary>
/// <param name="Level">The level.</param>
/// <param name="From">The earlier period.</param>
/// <param name="To">The later period.</param>
/// <param name="ResponseRatio">The comparison of the response ratios; null when a period has no messages.</param>
/// <param name="ResponseRatioError">Why <paramref name="ResponseRatio"/> is null.</param>
/// <param name="Latency">The comparison of the latencies; null when a period has no responded messages.</param>
/// <param name="LatencyError">Why <paramref name="Latency"/> is null.</param>
public sealed record PeriodComparison(string Level, string From, string To, ProportionComparison? ResponseRatio, string? ResponseRatioError,
    MannWhitneyComparison? Latency, string? LatencyError);

/// <summary>Fits the per-level models and runs the planned comparisons of a study.</summary>
internal static class StudyModels
{
    /// <summary>The positive and negative labels of the logistic regression's classification table.</summary>
    internal const string Responded = "responded", NotResponded = "not responded";

    public static LevelModels Fit(RegressionInput logistic, RegressionInput linear, double[][] latenciesByPeriod)
    {
        string context = "level " + logistic.Level;
        LogisticRegressionResult? lr = null;
        LinearRegressionResult? ols = null;
        string? lrError = null, olsError = null;
        try
        {
            lr = LogisticRegression.Fit(logistic.Names, logistic.Rows, logistic.Outcome,
                new LogisticRegressionOptions { Context = context, PositiveLabel = Responded, NegativeLabel = NotResponded });
        }
        catch (StatisticsException e)
        {
            lrError = e.Message;
        }
        try
        {
            ols = LinearRegression.Fit(linear.Names, linear.Rows, linear.Outcome, new LinearRegressionOptions { Context = context });
        }
        catch (StatisticsException e)
        {
            olsError = e.Message;
        }

        double[] minutes = [.. latenciesByPeriod.SelectMany(x => x)];
        var (before, beforeError) = Normality(minutes, context, "latency");
        var (after, afterError) = Normality(linear.Outcome, context, "ln latency");
        return new LevelModels(logistic.Level, lr, lrError, ols, olsError, before, beforeError, after, afterError);
    }

    public static PeriodComparison Compare(string level, string from, string to, ResponseRatioCell a, ResponseRatioCell b,
        double[] latencyA, double[] latencyB, double alpha)
    {
        ProportionComparison? ratio = null;
        MannWhitneyComparison? latency = null;
        string? ratioError = null, latencyError = null;
        if (a.Messages == 0 || b.Messages == 0)
            ratioError = Empty(level, a.Messages == 0 ? from : to, "messages");
        else
            ratio = PlannedComparisons.CompareProportions(a.Responded, a.Messages, b.Responded, b.Messages, alpha);
        if (latencyA.Length == 0 || latencyB.Length == 0)
            latencyError = Empty(level, latencyA.Length == 0 ? from : to, "responded messages");
        else
            latency = PlannedComparisons.MannWhitney(latencyA, latencyB, alpha);
        return new PeriodComparison(level, from, to, ratio, ratioError, latency, latencyError);
    }

    private static string Empty(string level, string period, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"Level {level} has no {what} in the period {period}; there is nothing to compare.");

    private static (NormalityTestResult?, string?) Normality(double[] values, string context, string what)
    {
        if (values.Length < 5)
            return (null, string.Create(CultureInfo.InvariantCulture, $"The KS test of {what} in {context} needs at least 5 responded messages; there are {values.Length}."));
        try
        {
            return (KolmogorovSmirnov.TestNormality(values), null);
        }
        catch (StatisticsException e)
        {
            return (null, $"The KS test of {what} in {context}: {e.Message}");
        }
    }
}
