using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Statistics;

/// <summary>Null arguments and out-of-range options are rejected with the parameter or option named.</summary>
public sealed class ArgumentTests
{
    [Test]
    public void Null_arguments_name_the_parameter()
    {
        double[][] x = [[1.0], [2.0], [3.0]];
        FluentActions.Invoking(() => LogisticRegression.Fit(null!, x, [true, false, true])).Should().Throw<ArgumentNullException>().WithParameterName("names");
        FluentActions.Invoking(() => LogisticRegression.Fit(["a"], null!, [true, false, true])).Should().Throw<ArgumentNullException>().WithParameterName("rows");
        FluentActions.Invoking(() => LogisticRegression.Fit(["a"], x, (bool[])null!)).Should().Throw<ArgumentNullException>().WithParameterName("outcome");
        FluentActions.Invoking(() => LinearRegression.Fit(["a"], x, null!)).Should().Throw<ArgumentNullException>().WithParameterName("outcome");
        FluentActions.Invoking(() => KolmogorovSmirnov.TestNormality(null!)).Should().Throw<ArgumentNullException>().WithParameterName("values");
        FluentActions.Invoking(() => PlannedComparisons.MannWhitney(null!, [1.0])).Should().Throw<ArgumentNullException>().WithParameterName("first");
        FluentActions.Invoking(() => Descriptives.Percentile(null!, 0.5)).Should().Throw<ArgumentNullException>().WithParameterName("values");
    }

    [Test]
    public void Out_of_range_options_are_named()
    {
        FluentActions.Invoking(() => LogisticRegression.Fit(StudyFixture.Predictors, StudyFixture.X, StudyFixture.Responded, new LogisticRegressionOptions { ConfidenceLevel = 95 }))
            .Should().Throw<ArgumentException>().WithMessage("*confidence level*95*");
        FluentActions.Invoking(() => LogisticRegression.Fit(StudyFixture.Predictors, StudyFixture.X, StudyFixture.Responded, new LogisticRegressionOptions { ClassificationCut = 1 }))
            .Should().Throw<ArgumentException>().WithMessage("*ClassificationCut*");
        FluentActions.Invoking(() => LinearRegression.Fit(StudyFixture.Predictors, StudyFixture.X, StudyFixture.Latency, new LinearRegressionOptions { RankTolerance = 0 }))
            .Should().Throw<ArgumentException>().WithMessage("*RankTolerance*");
    }
}
