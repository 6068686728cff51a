using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Statistics;

public sealed class PlannedComparisonsTests
{
    private static double[] Latency(int period) => [.. StudyFixture.Rows.Where(r => r.Period == period).Select(r => r.Latency)];

    [TestCase(false, 0.00012956235503018286)]
    [TestCase(true, 0.00013017978290667123)]
    public void Mann_whitney_matches_scipy(bool continuity, double p)
    {
        // scipy mannwhitneyu(prelaunch, post-training, alternative="two-sided", use_continuity=..., method="asymptotic").
        var result = PlannedComparisons.MannWhitney(Latency(0), Latency(2), continuityCorrection: continuity);
        result.U.Should().Be(6921.0);
        result.P.ShouldMatch(p, "p");
        result.N1.Should().Be(109);
        result.N2.Should().Be(97);
        result.Alpha.Should().Be(0.004);
        result.Significant.Should().BeTrue();
    }

    [Test]
    public void Mann_whitney_with_ties_matches_scipy()
    {
        // The same samples rounded to tens of minutes (numpy round half to even): many ties.
        var a = Latency(0).Select(v => Math.Round(v / 10, MidpointRounding.ToEven)).ToArray();
        var b = Latency(2).Select(v => Math.Round(v / 10, MidpointRounding.ToEven)).ToArray();
        var result = PlannedComparisons.MannWhitney(a, b);
        result.U.Should().Be(6929.5);
        result.P.ShouldMatch(8.432326196048457e-05, "p");
    }

    [Test]
    public void Mann_whitney_is_judged_at_the_callers_alpha()
    {
        var result = PlannedComparisons.MannWhitney(Latency(0), Latency(2), alpha: 0.0001);
        result.Significant.Should().BeFalse();
    }

    [Test]
    public void Two_proportions_match_statsmodels_and_pearson_chi_square()
    {
        // statsmodels proportions_ztest([43, 51], [109, 97]); scipy chi2_contingency(correction=False).
        var result = PlannedComparisons.CompareProportions(43, 109, 51, 97);
        result.Z.ShouldMatch(-1.8882131683460126, "z");
        result.ChiSquare.ShouldMatch(3.5653489691152878, "chi2");
        result.P.ShouldMatch(0.05899733869319265, "p");
        result.Proportion1.Should().BeApproximately(43.0 / 109, 1e-15);
        result.Significant.Should().BeFalse();
        PlannedComparisons.CompareProportions(43, 109, 51, 97, alpha: 0.1).Significant.Should().BeTrue();
    }

    [Test]
    public void Degenerate_but_legal_comparisons_give_p_one_not_nan()
    {
        var allReplied = PlannedComparisons.CompareProportions(10, 10, 5, 5);
        allReplied.Z.Should().Be(0);
        allReplied.P.Should().Be(1);
        var allTied = PlannedComparisons.MannWhitney([2.0, 2.0, 2.0], [2.0, 2.0]);
        allTied.Z.Should().Be(0);
        allTied.P.Should().Be(1);
        allTied.U.Should().Be(3);
        PlannedComparisons.MannWhitney([1.0], [2.0]).P.Should().BeInRange(0, 1);
    }

    [Test]
    public void Bad_counts_and_alpha_are_named()
    {
        var act = () => PlannedComparisons.CompareProportions(11, 10, 1, 2);
        act.Should().Throw<ArgumentException>().WithMessage("*Group 1 has 11 successes out of 10*");
        var empty = () => PlannedComparisons.CompareProportions(0, 0, 1, 2);
        empty.Should().Throw<ArgumentException>().WithMessage("*Group 1 is empty*");
        var alpha = () => PlannedComparisons.MannWhitney([1.0], [2.0], alpha: 0);
        alpha.Should().Throw<ArgumentException>().WithMessage("*alpha*");
    }
}
