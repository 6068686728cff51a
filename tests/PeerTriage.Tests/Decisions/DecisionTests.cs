using PeerTriage.Decisions;
using PeerTriage.Evaluation;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Decisions;

public class DecisionTests
{
    private static float[] Row(params float[] p) => p;

    [Test]
    public void Threshold_policy_is_ordinal_and_cumulative()
    {
        var policy = new ThresholdPolicy([0f, 0.5f, 0.4f, 0.3f]);
        policy.Decide(Row(0.6f, 0.3f, 0.05f, 0.05f)).Should().Be(0); // P(≥amber) 0.4 < 0.5
        policy.Decide(Row(0.4f, 0.5f, 0.05f, 0.05f)).Should().Be(1); // P(≥amber) 0.6
        policy.Decide(Row(0.5f, 0.05f, 0.25f, 0.2f)).Should().Be(2); // P(≥red) 0.45 ≥ 0.4, although amber test fails
        policy.Decide(Row(0.6f, 0.05f, 0.05f, 0.3f)).Should().Be(3);
    }

    [Test]
    public void Cost_matrix_policy_picks_the_minimum_expected_cost_level()
    {
        // Missing a crisis costs 20, any other mistake costs 1.
        float[][] costs = [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [20, 20, 20, 0]];
        var policy = new CostMatrixPolicy(costs);
        var p = Row(0.7f, 0.1f, 0.1f, 0.1f);
        // Expected cost of green is 0.3 + 0.1·20 = 2.3; of crisis 0.9: crisis wins although green is most probable.
        double Expected(int j) => Enumerable.Range(0, 4).Sum(i => p[i] * costs[i][j]);
        int best = Enumerable.Range(0, 4).OrderBy(Expected).ThenByDescending(j => j).First();
        policy.Decide(p).Should().Be(best).And.Be(3);
        policy.Decide(Row(0.97f, 0.01f, 0.01f, 0.01f)).Should().Be(0);
    }

    [Test]
    public void Threshold_fitting_reaches_targets_on_known_scores()
    {
        // Two levels; positives score uniformly in [0.3, 1), negatives in [0, 0.7). With 1,000 of each, recall 0.9
        // needs the 900 best positives: threshold ≈ 0.37, where precision is the best any cut reaching 0.9 can get.
        var random = new Random(5);
        int n = 2000;
        var p = new float[n * 2];
        var gold = new int[n];
        for (int i = 0; i < n; i++)
        {
            gold[i] = i % 2;
            float s = gold[i] == 1 ? 0.3f + 0.7f * (float)random.NextDouble() : 0.7f * (float)random.NextDouble();
            p[i * 2] = 1 - s;
            p[i * 2 + 1] = s;
        }
        var (policy, fits) = DecisionFitter.FitThresholds(p, gold, 2, [double.NaN, 0.9]);
        fits.Should().ContainSingle();
        fits[0].Recall.Should().BeGreaterThanOrEqualTo(0.9).And.BeLessThan(0.902);
        policy.Thresholds[1].Should().BeApproximately(0.37f, 0.03f);
        int tp = 0, pp = 0;
        for (int i = 0; i < n; i++)
        {
            if (policy.Decide(p.AsSpan(i * 2, 2)) == 1)
            {
                pp++;
                if (gold[i] == 1) tp++;
            }
        }
        ((double)tp / 1000).Should().Be(fits[0].Recall, "the fitted policy reproduces the fit's decisions exactly");
        ((double)tp / pp).Should().Be(fits[0].Precision);
        OperatingPoints.PrecisionAtRecall(p, gold, 2, 1, 0.9).Should().Be(fits[0].Precision);
    }

    [Test]
    public void Threshold_fitting_meets_every_boundary_of_a_four_level_scheme()
    {
        var random = new Random(11);
        int n = 4000;
        var p = new float[n * 4];
        var gold = new int[n];
        Span<float> logits = stackalloc float[4];
        for (int i = 0; i < n; i++)
        {
            gold[i] = random.Next(4);
            for (int c = 0; c < 4; c++)
                logits[c] = (c == gold[i] ? 1.0f : 0f) + (float)random.NextDouble() * 2;
            Softmax.InPlace(logits);
            logits.CopyTo(p.AsSpan(i * 4, 4));
        }
        double[] targets = [double.NaN, 0.9, 0.8, 0.9];
        var (policy, fits) = DecisionFitter.FitThresholds(p, gold, 4, targets);
        for (int j = 1; j < 4; j++)
        {
            int hit = 0, support = 0;
            for (int i = 0; i < n; i++)
            {
                if (gold[i] < j) continue;
                support++;
                if (policy.Decide(p.AsSpan(i * 4, 4)) >= j) hit++;
            }
            ((double)hit / support).Should().BeGreaterThanOrEqualTo(targets[j], $"boundary {j}");
            fits[j - 1].Recall.Should().Be((double)hit / support);
        }
    }

    [Test]
    public void Temperature_scaling_lowers_the_calibration_error_of_an_over_confident_model()
    {
        var random = new Random(3);
        int n = 3000;
        var p = new float[n * 3];
        var gold = new int[n];
        Span<float> logits = stackalloc float[3];
        Span<float> truth = stackalloc float[3];
        for (int i = 0; i < n; i++)
        {
            // True probabilities come from mild logits; the model reports them 4× sharper.
            for (int c = 0; c < 3; c++)
                logits[c] = (float)random.NextDouble() * 2;
            logits.CopyTo(truth);
            Softmax.InPlace(truth);
            double u = random.NextDouble();
            gold[i] = u < truth[0] ? 0 : u < truth[0] + truth[1] ? 1 : 2;
            for (int c = 0; c < 3; c++)
                logits[c] *= 4;
            Softmax.InPlace(logits);
            logits.CopyTo(p.AsSpan(i * 3, 3));
        }
        double before = CalibrationReport.Compute(p, gold, 3).ExpectedCalibrationError;
        float beta = DecisionFitter.FitInverseTemperature(p, gold, 3);
        beta.Should().BeApproximately(0.25f, 0.05f, "the model was made 4× too sharp");
        DecisionFitter.ApplyInverseTemperature(p, 3, beta);
        double after = CalibrationReport.Compute(p, gold, 3).ExpectedCalibrationError;
        after.Should().BeLessThan(before / 2);
    }

    [Test]
    public void Invalid_decision_options_name_the_problem()
    {
        var scheme = PriorityScheme.Default;
        FluentActions.Invoking(() => new DecisionOptions { RecallTargets = new Dictionary<string, double> { ["purple"] = 0.9 } }.Validate(scheme))
            .Should().Throw<ArgumentException>().WithMessage("*purple*");
        FluentActions.Invoking(() => new DecisionOptions { RecallTargets = new Dictionary<string, double> { ["red"] = 1.5 } }.Validate(scheme))
            .Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new DecisionOptions { Policy = DecisionPolicyKind.CostMatrix }.Validate(scheme))
            .Should().Throw<ArgumentException>().WithMessage("*Costs*");
        FluentActions.Invoking(() => new DecisionOptions { Policy = DecisionPolicyKind.CostMatrix, Costs = [[0f, 1f], [1f, 0f]] }.Validate(scheme))
            .Should().Throw<ArgumentException>().WithMessage("*4 × 4*");
        FluentActions.Invoking(() => new CostMatrixPolicy([[0f, -1f], [1f, 0f]])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ThresholdPolicy([0f, 2f])).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Trained_policy_and_calibration_survive_save_and_load()
    {
        var options = new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 16 }) };
        var model = TriageModel.Train(TestData.Corpus, options);
        model.Policy.Should().BeOfType<ThresholdPolicy>();
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = TriageModel.Load(stream);
        loaded.Temperature.Should().Be(model.Temperature);
        ((ThresholdPolicy)loaded.Policy).Thresholds.Should().Equal(((ThresholdPolicy)model.Policy).Thresholds);
        foreach (var e in TestData.Corpus.Take(100))
        {
            var a = model.Triage(e.Message);
            var b = loaded.Triage(e.Message);
            b.LevelIndex.Should().Be(a.LevelIndex);
            b.Probabilities.Should().Equal(a.Probabilities);
        }
    }

    [Test]
    public void Cost_matrix_and_argmax_policies_train_and_round_trip()
    {
        float[][] costs = [[0, 1, 1, 1], [1, 0, 1, 1], [2, 2, 0, 1], [8, 8, 4, 0]];
        foreach (var decision in new[]
        {
            new DecisionOptions { Policy = DecisionPolicyKind.CostMatrix, Costs = costs },
            new DecisionOptions { Policy = DecisionPolicyKind.Argmax, Calibrate = false },
        })
        {
            var model = TriageModel.Train(TestData.Corpus, new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 14 }), Decision = decision });
            using var stream = new MemoryStream();
            model.Save(stream);
            stream.Position = 0;
            var loaded = TriageModel.Load(stream);
            loaded.Policy.GetType().Should().Be(model.Policy.GetType());
            if (decision.Policy == DecisionPolicyKind.Argmax)
                model.Temperature.Should().Be(1f);
            foreach (var e in TestData.Corpus.Take(30))
                loaded.Triage(e.Message).LevelIndex.Should().Be(model.Triage(e.Message).LevelIndex);
        }
    }

    [Test]
    public void Too_few_messages_to_fit_decisions_fall_back_to_uncalibrated_argmax()
    {
        // Two of each level: every level present (training refuses an empty one), fewer than 2 × InnerFolds in all.
        var few = TestData.Corpus.GroupBy(e => e.Label).SelectMany(g => g.Take(2)).ToList();
        few.Should().HaveCount(8);
        var model = TriageModel.Train(few, new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 12 }) });
        model.Policy.Should().BeOfType<ArgmaxPolicy>();
        model.Temperature.Should().Be(1f);
    }

    [Test]
    public void Nested_cross_validation_reports_operating_points_and_calibration()
    {
        var result = CrossValidation.Run(TestData.Corpus, new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 16 }) },
            new CrossValidationOptions { Grouped = true, Folds = 5 });
        result.OperatingPoints.Select(p => p.Level).Should().Equal("amber", "red", "crisis");
        result.OperatingPoints[0].TargetRecall.Should().Be(0.90);
        result.OperatingPoints[0].Recall.Should().BeGreaterThan(0.75, "the flagged target is 0.90; 382 messages make it noisy");
        result.CalibrationAfter.Bins.Sum(b => b.Count).Should().Be(TestData.Corpus.Count);
        result.PrecisionAtFlaggedRecall90.Should().BeInRange(0, 1);
        result.Evaluation.Count.Should().Be(result.ArgmaxEvaluation.Count);
    }

    [Test]
    [Category(TestData.RealData)]
    public void Cssrs_nested_flagged_recall_lands_within_003_of_its_target()
    {
        string path = TestData.SharedFile("data/cssrs/posts.csv");
        var rows = PeerTriage.Data.DatasetReader.LoadLabeled(path, new PeerTriage.Data.DatasetColumns { Label = "triage_weak", Group = "user" }, PriorityScheme.Default);
        var result = CrossValidation.Run(rows, null, new CrossValidationOptions { Grouped = true, Folds = 5 });
        result.OperatingPoints[0].Recall.Should().BeApproximately(0.90, 0.03);
        result.PrecisionAtFlaggedRecall90.Should().BeGreaterThan(0.785, "the scikit-learn peer reaches 0.785");
        result.PrecisionAtUrgentRecall80.Should().BeGreaterThan(0.620, "the scikit-learn peer reaches 0.620");
        result.CalibrationAfter.ExpectedCalibrationError.Should().BeLessThan(result.CalibrationBefore.ExpectedCalibrationError);
        // The default policy keeps the engine's accuracy: macro-F1 within 0.02 of argmax, and no urgent level flooded.
        result.Evaluation.MacroF1.Should().BeGreaterThanOrEqualTo(result.ArgmaxEvaluation.MacroF1 - 0.02);
        result.Evaluation.Shares[2].IsFlooded.Should().BeFalse();
        result.Evaluation.Shares[3].IsFlooded.Should().BeFalse();
    }

    [Test]
    [Category(TestData.RealData)]
    public void Cssrs_with_three_levels_keeps_flagged_recall_and_argmax_accuracy_under_the_default_policy()
    {
        string path = TestData.SharedFile("data/cssrs/posts.csv");
        var scheme = new PriorityScheme(["green", "amber", "red"], flaggedFrom: 1, urgentFrom: 2);
        var rows = PeerTriage.Data.DatasetReader.LoadLabeled(path, new PeerTriage.Data.DatasetColumns { Label = "triage_weak", Group = "user" }, PriorityScheme.Default)
            .Select(r => r with { Label = r.Label == "crisis" ? "red" : r.Label })
            .ToList();
        var result = CrossValidation.Run(rows, new TriageTrainingOptions { Scheme = scheme }, new CrossValidationOptions { Grouped = true, Folds = 5 });
        result.Evaluation.Flagged.Recall.Should().BeApproximately(0.90, 0.03);
        result.Evaluation.MacroF1.Should().BeGreaterThanOrEqualTo(result.ArgmaxEvaluation.MacroF1 - 0.02);
        result.Evaluation.Shares[2].IsFlooded.Should().BeFalse();
    }
}
