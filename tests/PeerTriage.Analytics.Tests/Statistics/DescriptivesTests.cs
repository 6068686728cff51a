using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Statistics;

public sealed class DescriptivesTests
{
    private static readonly double[] Probabilities = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.99, 1];

    [Test]
    public void Weighted_average_percentiles_match_numpy_weibull()
    {
        // numpy.percentile(latency, [0, 1, 5, 25, 50, 75, 99, 100], method="weibull") (R type 6, SPSS HAVERAGE).
        double[] expected = [1.729, 2.0545, 4.25555, 11.2835, 20.003, 35.61175, 154.4958500000003, 336.978];
        for (var i = 0; i < Probabilities.Length; i++)
        {
            Descriptives.Percentile(StudyFixture.Latency, Probabilities[i]).ShouldMatch(expected[i], $"P{Probabilities[i] * 100}", 1e-12);
        }
    }

    [Test]
    public void Linear_percentiles_match_numpy_default()
    {
        // numpy.percentile(..., method="linear") (R type 7).
        double[] expected = [1.729, 2.1035, 4.42745, 11.2905, 20.003, 35.54125, 120.47514999999969, 336.978];
        for (var i = 0; i < Probabilities.Length; i++)
        {
            Descriptives.Percentile(StudyFixture.Latency, Probabilities[i], PercentileDefinition.Linear).ShouldMatch(expected[i], $"P{Probabilities[i] * 100}", 1e-12);
        }
    }

    [Test]
    public void Median_and_iqr()
    {
        Descriptives.Median(StudyFixture.Latency).ShouldMatch(20.003, "median", 1e-12);
        Descriptives.InterquartileRange(StudyFixture.Latency).ShouldMatch(35.61175 - 11.2835, "IQR", 1e-12);
        Descriptives.InterquartileRange(StudyFixture.Latency, PercentileDefinition.Linear).ShouldMatch(35.54125 - 11.2905, "IQR type 7", 1e-12);
        Descriptives.Median([4.0]).Should().Be(4.0);
        Descriptives.InterquartileRange([4.0]).Should().Be(0);
        Descriptives.Median([3.0, 1.0, 2.0, 10.0]).Should().Be(2.5);
    }

    [Test]
    public void Mean_and_standard_deviation()
    {
        Descriptives.Mean([1.0, 2.0, 6.0]).Should().Be(3.0);
        Descriptives.StandardDeviation([1.0, 2.0, 6.0]).ShouldMatch(Math.Sqrt(7.0), "sd", 1e-14);
        Descriptives.StandardDeviation([5.0]).Should().Be(0);
    }

    [TestCase(10.0, 15.0, 50.0)]
    [TestCase(40.0, 10.0, -75.0)]
    [TestCase(-10.0, -5.0, 50.0)]
    public void Percent_change(double before, double after, double expected) =>
        Descriptives.PercentChange(before, after).Should().BeApproximately(expected, 1e-12);

    [Test]
    public void Percent_change_from_zero_is_undefined_except_zero_to_zero()
    {
        Descriptives.PercentChange(0, 5).Should().BeNull();
        Descriptives.PercentChange(0, 0).Should().Be(0);
    }

    [Test]
    public void Bad_input_is_named()
    {
        var empty = () => Descriptives.Percentile([], 0.5);
        empty.Should().Throw<ArgumentException>().WithMessage("*empty*");
        var nan = () => Descriptives.Median([1.0, double.NaN]);
        nan.Should().Throw<ArgumentException>().WithMessage("*Value 1*NaN*");
        var p = () => Descriptives.Percentile([1.0], 1.5);
        p.Should().Throw<ArgumentException>().WithMessage("*from 0 to 1*");
        var infinite = () => Descriptives.PercentChange(double.PositiveInfinity, 1);
        infinite.Should().Throw<ArgumentException>().WithMessage("*before*");
    }
}
