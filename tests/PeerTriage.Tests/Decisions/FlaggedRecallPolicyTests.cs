using PeerTriage.Decisions;
using PeerTriage.Evaluation;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Decisions;

/// <summary>The default policy: recall at the flagged boundary, F-beta or macro-F1 above it.</summary>
public class FlaggedRecallPolicyTests
{
    /// <summary>
    /// Four levels where green separates well from the rest but the top levels barely separate from each other, as on
    /// C-SSRS: the old recall targets flood crisis there.
    /// </summary>
    private static (float[] P, int[] Gold) HardTopLevels(int n, int seed)
    {
        var random = new Random(seed);
        var p = new float[n * 4];
        var gold = new int[n];
        Span<float> logits = stackalloc float[4];
        double[] baseRates = [0.25, 0.2, 0.3, 0.25];
        for (int i = 0; i < n; i++)
        {
            double u = random.NextDouble();
            int g = 0;
            for (double acc = baseRates[0]; g < 3 && u > acc; acc += baseRates[++g]) { }
            gold[i] = g;
            for (int c = 0; c < 4; c++)
            {
                double signal = c == 0 ? (g == 0 ? 2.0 : 0) : (g == c ? 0.25 : 0) + (g > 0 ? 1.0 : 0);
                logits[c] = (float)(signal + random.NextDouble() * 1.5);
            }
            Softmax.InPlace(logits);
            logits.CopyTo(p.AsSpan(i * 4, 4));
        }
        return (p, gold);
    }

    private static int[] Decide(DecisionPolicy policy, float[] p, int levels) =>
        Enumerable.Range(0, p.Length / levels).Select(i => policy.Decide(p.AsSpan(i * levels, levels))).ToArray();

    [Test]
    public void Default_targets_only_the_flagged_boundary()
    {
        var scheme = PriorityScheme.Default;
        DecisionOptions.Default.Policy.Should().Be(DecisionPolicyKind.FlaggedRecallThenF1);
        DecisionOptions.Default.ResolveRecallTargets(scheme).Should().Equal(null, 0.90, null, null);
        new DecisionOptions { RecallTargets = new Dictionary<string, double> { ["crisis"] = 0.9 } }.ResolveRecallTargets(scheme)
            .Should().Equal([null, 0.90, null, 0.9], "a named higher level gets its target and the flagged level keeps its own");
        new DecisionOptions { Policy = DecisionPolicyKind.RecallTargets }.ResolveRecallTargets(scheme)
            .Should().Equal([null, 0.90, 0.80, 0.90], "the old policy keeps its old defaults");
        new DecisionOptions { Policy = DecisionPolicyKind.Argmax }.ResolveRecallTargets(scheme).Should().Equal(null, null, null, null);
        var custom = new PriorityScheme(["minimum", "mild", "moderate", "severe"], flaggedFrom: 2, urgentFrom: 3);
        DecisionOptions.Default.ResolveRecallTargets(custom).Should().Equal(null, null, 0.90, null);
    }

    [Test]
    public void Flagged_recall_then_macro_F1_fills_the_top_levels_instead_of_flooding_them()
    {
        var (p, gold) = HardTopLevels(6000, 3);
        var scheme = PriorityScheme.Default;
        var old = new DecisionOptions { Policy = DecisionPolicyKind.RecallTargets };
        var (oldPolicy, _) = DecisionFitter.Fit(p, gold, 4, old.ResolveRecallTargets(scheme).Select(t => t ?? double.NaN).ToArray(), old);
        var oldEval = TriageEvaluation.Compute(scheme, gold, Decide(oldPolicy, p, 4));
        oldEval.Shares[3].IsFlooded.Should().BeTrue("the control: a 0.90 crisis recall target floods crisis on this data");

        var options = DecisionOptions.Default;
        var (policy, fits) = DecisionFitter.Fit(p, gold, 4, [double.NaN, 0.90, double.NaN, double.NaN], options);
        var eval = TriageEvaluation.Compute(scheme, gold, Decide(policy, p, 4));
        eval.Flagged.Recall.Should().BeApproximately(0.90, 0.03);
        eval.Shares[2].IsFlooded.Should().BeFalse();
        eval.Shares[3].IsFlooded.Should().BeFalse();
        eval.MacroF1.Should().BeGreaterThan(oldEval.MacroF1 + 0.05);
        fits.Select(f => f.Level).Should().Equal(1, 2, 3);
        fits[0].Target.Should().Be(0.90);
        double.IsNaN(fits[2].Target).Should().BeTrue();
    }

    [Test]
    public void Each_boundarys_own_F1_floods_a_common_top_level_that_barely_separates()
    {
        // Why the default objective is the joint macro-F1: F1 of "at least red" is best when nearly everything is
        // placed there, which pushes every flagged message above amber and the flagged recall far past its target.
        var (p, gold) = HardTopLevels(6000, 3);
        double[] targets = [double.NaN, 0.90, double.NaN, double.NaN];
        var (boundary, _) = DecisionFitter.Fit(p, gold, 4, targets, new DecisionOptions { Objective = ThresholdObjective.BoundaryFBeta });
        var (joint, _) = DecisionFitter.Fit(p, gold, 4, targets, DecisionOptions.Default);
        var perBoundary = TriageEvaluation.Compute(PriorityScheme.Default, gold, Decide(boundary, p, 4));
        var macro = TriageEvaluation.Compute(PriorityScheme.Default, gold, Decide(joint, p, 4));
        perBoundary.Flagged.Recall.Should().BeGreaterThan(0.95);
        perBoundary.Shares[1].Predicted.Should().BeLessThan(0.5 * perBoundary.Shares[1].BaseRate, "amber is emptied into the levels above");
        macro.MacroF1.Should().BeGreaterThan(perBoundary.MacroF1);
    }

    [Test]
    public void Joint_macro_F1_is_at_least_the_per_boundary_fit_on_the_data_it_is_fitted_on()
    {
        var (p, gold) = HardTopLevels(3000, 8);
        var scheme = PriorityScheme.Default;
        double[] targets = [double.NaN, 0.90, double.NaN, double.NaN];
        var (boundary, _) = DecisionFitter.Fit(p, gold, 4, targets, new DecisionOptions { Objective = ThresholdObjective.BoundaryFBeta });
        var (joint, _) = DecisionFitter.Fit(p, gold, 4, targets, new DecisionOptions { Objective = ThresholdObjective.MacroF1 });
        TriageEvaluation.Compute(scheme, gold, Decide(joint, p, 4)).MacroF1
            .Should().BeGreaterThanOrEqualTo(TriageEvaluation.Compute(scheme, gold, Decide(boundary, p, 4)).MacroF1);
    }

    [Test]
    public void F_beta_above_1_buys_recall_at_a_boundary_and_below_1_precision()
    {
        var (p, gold) = HardTopLevels(4000, 5);
        double[] targets = [double.NaN, 0.90, double.NaN, double.NaN];
        double CrisisRecall(double beta)
        {
            var (policy, _) = DecisionFitter.Fit(p, gold, 4, targets, new DecisionOptions { Objective = ThresholdObjective.BoundaryFBeta, FBeta = beta });
            var decided = Decide(policy, p, 4);
            return (double)decided.Where((d, i) => d == 3 && gold[i] == 3).Count() / gold.Count(g => g == 3);
        }
        CrisisRecall(2).Should().BeGreaterThan(CrisisRecall(1));
        CrisisRecall(0.5).Should().BeLessThan(CrisisRecall(1));
        DecisionFitter.FBeta(0.5, 0.5, 1).Should().Be(0.5);
        DecisionFitter.FBeta(1, 0.5, 2).Should().BeApproximately(5 * 0.5 / (4 * 0.5 + 1), 1e-12);
        DecisionFitter.FBeta(0, 0, 2).Should().Be(0);
    }

    [Test]
    public void Ordinal_consistency_no_message_is_crisis_without_passing_red()
    {
        var (p, gold) = HardTopLevels(2000, 13);
        var (policy, _) = DecisionFitter.Fit(p, gold, 4, [double.NaN, 0.90, double.NaN, double.NaN], DecisionOptions.Default);
        for (int i = 0; i < gold.Length; i++)
        {
            var row = p.AsSpan(i * 4, 4);
            int level = policy.Decide(row);
            // The decision is the highest boundary passed: its own test holds, and no test above it does.
            if (level > 0)
                DecisionFitter.AtLeast(row, level).Should().BeGreaterThanOrEqualTo(policy.Thresholds[level]);
            for (int j = level + 1; j < 4; j++)
                DecisionFitter.AtLeast(row, j).Should().BeLessThan(policy.Thresholds[j]);
        }
    }

    [Test]
    public void Invalid_f_beta_and_objective_name_the_option()
    {
        FluentActions.Invoking(() => new DecisionOptions { FBeta = 0 }.Validate(PriorityScheme.Default))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*FBeta*");
        FluentActions.Invoking(() => new DecisionOptions { Objective = (ThresholdObjective)9 }.Validate(PriorityScheme.Default))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*objective*");
    }

    [Test]
    public void A_trained_default_model_records_how_it_was_fitted_and_its_shares_through_save_and_load()
    {
        var options = new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 14 }) };
        var model = TriageModel.Train(TestData.Corpus, options);
        model.RecallTargets.Should().Equal(null, 0.90, null, null);
        var shares = model.Info.Metrics!.Shares(model.Scheme);
        shares.Should().HaveCount(4);
        shares.Sum(s => s.Predicted).Should().BeApproximately(1, 1e-9);
        shares.Sum(s => s.BaseRate).Should().BeApproximately(1, 1e-9);
        model.ToModelCard().Should().Contain("fitted for flagged recall, then F1: recall at amber 0.90; macro-F1 jointly at red, crisis")
            .And.Contain("crisis: decided for");

        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = TriageModel.Load(stream);
        loaded.ToModelCard().Should().Be(model.ToModelCard());
        loaded.RecallTargets.Should().Equal(model.RecallTargets);
        loaded.Info.Metrics!.Shares(loaded.Scheme).Should().Equal(shares);
    }

    [Test]
    public void Level_shares_flag_a_level_decided_more_than_twice_its_base_rate()
    {
        var scheme = PriorityScheme.Default;
        var shares = LevelShare.Of(scheme, [10, 10, 30, 50], [40, 20, 20, 20]);
        shares.Select(s => s.IsFlooded).Should().Equal(false, false, false, true);
        shares[3].Ratio.Should().Be(2.5);
        shares[2].Ratio.Should().BeApproximately(1.5, 1e-12);
        LevelShare.Of(scheme, [0, 0, 0, 1], [1, 0, 0, 0])[3].Ratio.Should().Be(double.PositiveInfinity);
        FluentActions.Invoking(() => LevelShare.Of(scheme, [1, 2], [1, 2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => LevelShare.Of(null!, [1], [1])).Should().Throw<ArgumentNullException>().WithParameterName("scheme");
        FluentActions.Invoking(() => LevelShare.Of(scheme, null!, [1])).Should().Throw<ArgumentNullException>().WithParameterName("predicted");
        FluentActions.Invoking(() => DecisionOptions.Default.ResolveRecallTargets(null!)).Should().Throw<ArgumentNullException>();
        LevelShare.Of(scheme, [0, 0, 0, 0], [0, 0, 0, 0]).Should().OnlyContain(s => s.Predicted == 0 && s.BaseRate == 0 && !s.IsFlooded, "no messages is a documented result, not a division by zero");
    }
}
