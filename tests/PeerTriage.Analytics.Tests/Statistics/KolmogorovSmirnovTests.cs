using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Statistics;

public sealed class KolmogorovSmirnovTests
{
    // statsmodels lilliefors(v, dist="norm", pvalmethod="approx") -> (D, p);
    // scipy kstest(v, "norm", args=(mean, std(ddof=1)), method="asymp") -> (D, p).
    [TestCase(300, 0.19849438961983146, 1.93739214075144e-32, 1.082187530903079e-10, TestName = "Latency, n = 300 (scaled Dallal-Wilkinson)")]
    [TestCase(40, 0.1886581656869165, 0.0010009591736327692, 0.11597272957846486, TestName = "Latency, first 40 rows")]
    [TestCase(12, 0.24349282751746093, 0.047767014922266385, 0.47527150178966227, TestName = "Latency, first 12 rows")]
    public void Latency_matches_statsmodels_and_scipy(int take, double d, double lillieforsP, double kolmogorovP)
    {
        var result = KolmogorovSmirnov.TestNormality([.. StudyFixture.Latency.Take(take)]);
        result.N.Should().Be(take);
        result.D.ShouldMatch(d, "D");
        result.LillieforsP.ShouldMatch(lillieforsP, "Lilliefors p");
        result.LillieforsPIsLowerBound.Should().BeFalse();
        result.KolmogorovP.ShouldMatch(kolmogorovP, "Kolmogorov p");
    }

    [Test]
    public void Log_latency_is_not_rejected_and_its_lilliefors_p_is_a_lower_bound()
    {
        // statsmodels: D = 0.04434314470192868, p = 0.2218 (its table, above the formula's range); scipy asymp p = 0.5968908446664727.
        var result = KolmogorovSmirnov.TestNormality([.. StudyFixture.Latency.Select(v => Math.Log(v))]);
        result.D.ShouldMatch(0.04434314470192868, "D");
        result.KolmogorovP.ShouldMatch(0.5968908446664727, "Kolmogorov p");
        result.LillieforsPIsLowerBound.Should().BeTrue();
        result.LillieforsP.Should().Be(0.1);
    }

    [Test]
    public void The_kolmogorov_tail_is_continuous_where_its_two_series_meet()
    {
        var below = KolmogorovSmirnov.KolmogorovUpper(1.0 - 1e-12);
        var above = KolmogorovSmirnov.KolmogorovUpper(1.0);
        below.ShouldMatch(above, "P(K >= 1)", 1e-9);
        above.ShouldMatch(0.26999967167735456, "P(K >= 1) (scipy kstwobign.sf(1))", 1e-9);
        KolmogorovSmirnov.KolmogorovUpper(0.2).Should().BeInRange(0.999999, 1.0);
    }

    [Test]
    public void A_constant_or_tiny_sample_is_a_clear_error()
    {
        var constant = () => KolmogorovSmirnov.TestNormality([3.0, 3.0, 3.0, 3.0, 3.0, 3.0]);
        constant.Should().Throw<StatisticsException>().WithMessage("*All 6 values are equal*");
        var tiny = () => KolmogorovSmirnov.TestNormality([1.0, 2.0]);
        tiny.Should().Throw<StatisticsException>().WithMessage("*at least 5*");
    }
}
