using FsCheck;
using FsCheck.Fluent;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class RankingMetricsTests
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Test]
    public void Pairwise_accuracy_uses_pairs_with_different_gold_and_gives_predicted_ties_half()
    {
        RankingMetrics.PairwiseAccuracy([3, 1, 0], [0.9, 0.5, 0.1]).Should().Be(1);
        RankingMetrics.PairwiseAccuracy([3, 1, 0], [0.1, 0.5, 0.9]).Should().Be(0);
        RankingMetrics.PairwiseAccuracy([3, 1, 0], [7, 7, 7]).Should().Be(0.5);
        // Pairs (0,2) agree and (1,2) is a predicted tie; (0,1) is a gold tie and left out: (1 + 0.5) / 2.
        RankingMetrics.PairwiseAccuracy([2, 2, 0], [1, 0, 0]).Should().Be(0.75);
        RankingMetrics.PairwiseAccuracy([1, 1], [0, 1]).Should().BeNull();
    }

    [Test]
    public void Ndcg_at_one_compares_the_top_pick_with_the_best_answer_by_log_gain()
    {
        RankingMetrics.Ndcg([0, 3, 1], [0.9, 0.5, 0.1]).Should().Be(0);
        // Top pick has 1 upvote (gain log2 2 = 1), the best has 3 (gain log2 4 = 2).
        RankingMetrics.Ndcg([0, 3, 1], [0.1, 0.5, 0.9]).Should().BeApproximately(0.5, 1e-12);
        RankingMetrics.Ndcg([0, 3, 1], [0.1, 0.9, 0.5]).Should().Be(1);
    }

    [Test]
    public void Predicted_ties_share_their_ranks_mean_gain()
    {
        // Tied at the top: expected gain (0 + 2) / 2 against the ideal 2.
        RankingMetrics.Ndcg([0, 3], [1, 1]).Should().BeApproximately(0.5, 1e-12);
        // NDCG@2, gains 1, 0, 2 in predicted order: (1 + 0 / log2 3) / (2 + 1 / log2 3).
        RankingMetrics.Ndcg([1, 0, 3], [3, 2, 1], k: 2).Should().BeApproximately(1 / (2 + (1 / Math.Log2(3))), 1e-12);
    }

    [Test]
    public void Groups_without_an_order_are_skipped_and_counted()
    {
        var summary = RankingMetrics.Evaluate(
        [
            new RankingGroup([5], [1]),
            new RankingGroup([0, 0, 0], [1, 2, 3]),
            new RankingGroup([2, 0], [1, 0]),
            new RankingGroup([0, 1, 4], [0, 0, 1]),
        ]);
        (summary.Groups, summary.SkippedSingle, summary.SkippedTied, summary.Pairs).Should().Be((2, 1, 1, 4L));
        summary.PerGroupPairwiseAccuracy.Should().Equal(1.0, 5.0 / 6);
        summary.PairwiseAccuracy.Should().BeApproximately(11.0 / 12, 1e-12);
        summary.PooledPairwiseAccuracy.Should().BeApproximately(3.5 / 4, 1e-12);
        summary.PerGroupNdcg.Should().Equal(1.0, 1.0);
        summary.PairwiseAccuracyInterval.Contains(summary.PairwiseAccuracy).Should().BeTrue();
        summary.K.Should().Be(1);
    }

    [Test]
    public void The_bootstrap_is_reproducible_with_a_seed_and_brackets_the_mean()
    {
        double[] values = Enumerable.Range(0, 200).Select(i => (i * 37 % 101) / 100.0).ToArray();
        var a = RankingMetrics.BootstrapMean(values, seed: 5);
        a.Should().Be(RankingMetrics.BootstrapMean(values, seed: 5));
        a.Should().NotBe(RankingMetrics.BootstrapMean(values, seed: 6));
        double mean = values.Average();
        a.Contains(mean).Should().BeTrue();
        // The standard error of the mean is about 0.29 / sqrt(200) = 0.02, so the 95% interval is about ±0.04.
        (a.Upper - a.Lower).Should().BeInRange(0.05, 0.12);
        RankingMetrics.BootstrapMean([0.3, 0.3, 0.3]).Should().Be(new BootstrapInterval(0.3, 0.3));
        RankingMetrics.BootstrapMean([]).Should().Be(new BootstrapInterval(0, 0));
    }

    [Test]
    public void Bad_groups_are_rejected_naming_the_group_and_item()
    {
        var mismatch = () => RankingMetrics.Evaluate([new RankingGroup([1, 0], [1, 0]), new RankingGroup([1, 0], [1])]);
        mismatch.Should().Throw<ArgumentException>().WithMessage("Ranking group 1 has 2 gold scores but 1 predicted scores.");
        var negative = () => RankingMetrics.Evaluate([new RankingGroup([1, -1], [1, 0])]);
        negative.Should().Throw<ArgumentException>().WithMessage("Ranking group 0, item 1: the gold score must be finite and zero or more, not -1.");
        var nan = () => RankingMetrics.PairwiseAccuracy([1, 0], [double.NaN, 0]);
        nan.Should().Throw<ArgumentException>().WithMessage("Ranking group 0, item 0: the predicted score must be finite, not NaN.");
        var k = () => RankingMetrics.Evaluate([], new RankingOptions { K = 0 });
        k.Should().Throw<ArgumentOutOfRangeException>().WithMessage("RankingOptions.K must be at least 1, not 0.*");
    }

    private static readonly Gen<(double[] Gold, double[] Predicted)> Groups =
        from n in Gen.Choose(2, 8)
        from gold in Gen.Choose(0, 4).Select(v => (double)v).ArrayOf(n)
        from predicted in Gen.Choose(-3, 3).Select(v => (double)v).ArrayOf(n)
        select (gold, predicted);

    [Test]
    public void Metrics_are_in_the_unit_interval_perfect_on_the_gold_order_and_reversal_complements_pairwise()
    {
        Prop.ForAll(Groups.ToArbitrary(), g =>
        {
            double? pairwise = RankingMetrics.PairwiseAccuracy(g.Gold, g.Predicted);
            double? ndcg = RankingMetrics.Ndcg(g.Gold, g.Predicted, k: 3);
            if (pairwise is null)
                return ndcg is null;
            double[] reversed = g.Predicted.Select(p => -p).ToArray();
            return pairwise is >= 0 and <= 1 && ndcg is >= 0 and <= 1 + 1e-12
                && Math.Abs(pairwise.Value + RankingMetrics.PairwiseAccuracy(g.Gold, reversed)!.Value - 1) < 1e-12
                && RankingMetrics.PairwiseAccuracy(g.Gold, g.Gold) == 1
                && Math.Abs(RankingMetrics.Ndcg(g.Gold, g.Gold, k: 3)!.Value - 1) < 1e-12
                && RankingMetrics.PairwiseAccuracy(g.Gold, new double[g.Gold.Length]) == 0.5;
        }).Check(Checks);
    }
}
