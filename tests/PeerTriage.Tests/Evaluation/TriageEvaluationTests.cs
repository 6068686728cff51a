using System.Text.Json;
using PeerTriage.Evaluation;

namespace PeerTriage.Tests.Evaluation;

public class TriageEvaluationTests
{
    private static readonly PriorityScheme S = PriorityScheme.Default;
    private const int G = 0, A = 1, R = 2, C = 3;

    // Ten messages:             1  2  3  4  5  6  7  8  9  10
    private static readonly int[] Gold = [G, G, G, A, A, R, R, C, C, G];
    private static readonly int[] Pred = [G, A, G, A, R, R, C, C, R, G];

    [Test]
    public void Hand_computed_example_matches_the_official_definitions()
    {
        var e = TriageEvaluation.Compute(S, Gold, Pred);

        // Confusion (rows gold, columns predicted):
        //          g  a  r  c
        // green    3  1  0  0
        // amber    0  1  1  0
        // red      0  0  1  1
        // crisis   0  0  1  1
        e.Confusion.Select(r => r.ToArray()).Should().BeEquivalentTo(
            new[] { new[] { 3, 1, 0, 0 }, new[] { 0, 1, 1, 0 }, new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 } },
            o => o.WithStrictOrdering());

        // green:  correct 3, system 3, gold 4 -> P 1, R 3/4, F 2*(3/4)/(7/4) = 6/7
        // amber:  correct 1, system 2, gold 2 -> P 1/2, R 1/2, F 1/2
        // red:    correct 1, system 3, gold 2 -> P 1/3, R 1/2, F 2*(1/6)/(5/6) = 2/5
        // crisis: correct 1, system 2, gold 2 -> P 1/2, R 1/2, F 1/2
        ExpectLevel(e.Levels[G], "green", 1.0, 0.75, 6.0 / 7, 4);
        ExpectLevel(e.Levels[A], "amber", 0.5, 0.5, 0.5, 2);
        ExpectLevel(e.Levels[R], "red", 1.0 / 3, 0.5, 0.4, 2);
        ExpectLevel(e.Levels[C], "crisis", 0.5, 0.5, 0.5, 2);

        // Official score: mean over crisis, red, amber (green excluded) = (0.5 + 0.4 + 0.5) / 3.
        e.MacroF1.Should().BeApproximately(1.4 / 3, 1e-12);
        // Exact matches: messages 1, 3, 4, 6, 8, 10.
        e.Accuracy.Should().BeApproximately(0.6, 1e-12);
        e.Count.Should().Be(10);

        // Flagged (non-green): gold positives 4..9 (6); predicted positives 2, 4..9 (7); both 4..9 (6).
        e.Flagged.Precision.Should().BeApproximately(6.0 / 7, 1e-12);
        e.Flagged.Recall.Should().Be(1.0);
        e.Flagged.F1.Should().BeApproximately(12.0 / 13, 1e-12);
        e.Flagged.Support.Should().Be(6);

        // Urgent (red or crisis): gold 6..9 (4); predicted 5..9 (5); both 6..9 (4).
        e.Urgent.Precision.Should().BeApproximately(0.8, 1e-12);
        e.Urgent.Recall.Should().Be(1.0);
        e.Urgent.F1.Should().BeApproximately(8.0 / 9, 1e-12);
        e.Urgent.Support.Should().Be(4);
    }

    private static void ExpectLevel(LevelScore s, string name, double p, double r, double f, int support)
    {
        s.Level.Should().Be(name);
        s.Precision.Should().BeApproximately(p, 1e-12, name);
        s.Recall.Should().BeApproximately(r, 1e-12, name);
        s.F1.Should().BeApproximately(f, 1e-12, name);
        s.Support.Should().Be(support);
    }

    [Test]
    public void Level_without_true_positives_scores_zero_and_pulls_the_macro_down()
    {
        // Crisis is in gold twice but never predicted correctly; amber is never in gold and never predicted.
        int[] gold = [G, R, C, C];
        int[] pred = [G, R, R, G];

        var e = TriageEvaluation.Compute(S, gold, pred);

        e.Levels[C].Should().Be(new LevelScore("crisis", 0, 0, 0, 2));
        e.Levels[A].Should().Be(new LevelScore("amber", 0, 0, 0, 0), "P = 0 when never predicted, R = 0 when no gold");
        // red: correct 1, system 2, gold 1 -> P 1/2, R 1, F 2/3.
        e.Levels[R].F1.Should().BeApproximately(2.0 / 3, 1e-12);
        e.MacroF1.Should().BeApproximately((0 + 2.0 / 3 + 0) / 3, 1e-12);
    }

    [Test]
    public void Binary_scores_are_zero_when_nothing_is_predicted_positive()
    {
        var e = TriageEvaluation.Compute(S, [G, A, R], [G, G, G]);
        e.Flagged.Should().Be(new BinaryScore(0, 0, 0, 2));
        e.Urgent.Should().Be(new BinaryScore(0, 0, 0, 1));
        e.Accuracy.Should().BeApproximately(1.0 / 3, 1e-12);
    }

    [Test]
    public void Perfect_predictions_score_one()
    {
        int[] gold = [G, A, R, C, C, R, A, G];
        var e = TriageEvaluation.Compute(S, gold, gold);
        e.MacroF1.Should().Be(1.0);
        e.Accuracy.Should().Be(1.0);
        e.Flagged.F1.Should().Be(1.0);
        e.Urgent.F1.Should().Be(1.0);
        e.Levels.Should().OnlyContain(l => l.F1 == 1.0 && l.Precision == 1.0 && l.Recall == 1.0);
    }

    [Test]
    public void Custom_scheme_uses_its_own_levels_and_boundaries()
    {
        var scheme = new PriorityScheme(["minimum", "mild", "moderate", "severe"], flaggedFrom: 2, urgentFrom: 3);
        // gold:      minimum mild moderate severe severe
        // predicted: mild    mild moderate moderate severe
        var e = TriageEvaluation.Compute(scheme, ["minimum", "mild", "MODERATE", "severe", "severe"], ["mild", "mild", "moderate", "moderate", "Severe"]);

        e.Levels.Select(l => l.Level).Should().Equal("minimum", "mild", "moderate", "severe");
        // mild: correct 1, system 2, gold 1 -> P 1/2 R 1 F 2/3; moderate: 1, 2, 1 -> 2/3; severe: 1, 1, 2 -> P 1 R 1/2 F 2/3.
        e.MacroF1.Should().BeApproximately(2.0 / 3, 1e-12);
        // Flagged = moderate or severe: gold 3 (3, 4, 5), predicted 3 (3, 4, 5) -> perfect.
        e.Flagged.Should().Be(new BinaryScore(1, 1, 1, 3));
        // Urgent = severe: gold 2, predicted 1, both 1 -> P 1, R 1/2, F 2/3.
        e.Urgent.Precision.Should().Be(1.0);
        e.Urgent.Recall.Should().Be(0.5);
        e.Urgent.F1.Should().BeApproximately(2.0 / 3, 1e-12);
        e.Urgent.Support.Should().Be(2);
        e.ToText().Should().Contain("macro-F1 (mild, moderate, severe)");
    }

    [Test]
    public void Two_level_scheme_macro_is_the_f1_of_the_upper_level()
    {
        var scheme = new PriorityScheme(["ok", "review"], 1, 1);
        var e = TriageEvaluation.Compute(scheme, [0, 1, 1, 0], [0, 1, 0, 1]);
        e.MacroF1.Should().Be(0.5);
        e.Flagged.F1.Should().Be(0.5);
        e.Urgent.Should().Be(e.Flagged);
    }

    [Test]
    public void Invalid_inputs_are_rejected()
    {
        FluentActions.Invoking(() => TriageEvaluation.Compute(S, [0, 1], [0])).Should().Throw<ArgumentException>().WithMessage("*2 gold*1 predicted*");
        FluentActions.Invoking(() => TriageEvaluation.Compute(S, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => TriageEvaluation.Compute(S, [0, 4], [0, 1])).Should().Throw<ArgumentException>().WithMessage("*Gold level 4*");
        FluentActions.Invoking(() => TriageEvaluation.Compute(S, [0, 1], [0, -1])).Should().Throw<ArgumentException>().WithMessage("*Predicted level -1*");
        FluentActions.Invoking(() => TriageEvaluation.Compute(S, ["green"], ["purple"])).Should().Throw<ArgumentException>().WithMessage("*purple*");
    }

    [Test]
    public void Json_has_the_required_shape_and_round_trips_numbers()
    {
        var e = TriageEvaluation.Compute(S, Gold, Pred);

        foreach (bool indented in new[] { true, false })
        {
            using var doc = JsonDocument.Parse(e.ToJson(indented));
            var root = doc.RootElement;
            root.EnumerateObject().Select(p => p.Name).Should().Equal("macroF1", "accuracy", "flagged", "urgent", "levels", "confusion", "shares", "count");
            var shares = root.GetProperty("shares");
            shares.EnumerateObject().Select(p => p.Name).Should().Equal("green", "amber", "red", "crisis");
            shares.GetProperty("green").GetProperty("baseRate").GetDouble().Should().Be(0.4);
            shares.GetProperty("green").GetProperty("predicted").GetDouble().Should().Be(e.Shares[0].Predicted);

            root.GetProperty("macroF1").GetDouble().Should().Be(e.MacroF1, "full precision must survive");
            root.GetProperty("accuracy").GetDouble().Should().Be(0.6);
            root.GetProperty("count").GetInt32().Should().Be(10);
            foreach (string task in new[] { "flagged", "urgent" })
                root.GetProperty(task).EnumerateObject().Select(p => p.Name).Should().Equal("precision", "recall", "f1", "support");
            root.GetProperty("flagged").GetProperty("precision").GetDouble().Should().Be(e.Flagged.Precision);
            root.GetProperty("urgent").GetProperty("support").GetInt32().Should().Be(4);

            var levels = root.GetProperty("levels");
            levels.EnumerateObject().Select(p => p.Name).Should().Equal("green", "amber", "red", "crisis");
            levels.GetProperty("red").GetProperty("precision").GetDouble().Should().Be(1.0 / 3);
            levels.GetProperty("green").GetProperty("support").GetInt32().Should().Be(4);

            var confusion = root.GetProperty("confusion");
            confusion.GetProperty("labels").EnumerateArray().Select(x => x.GetString()).Should().Equal("green", "amber", "red", "crisis");
            var matrix = confusion.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
            matrix[0].Should().Equal(3, 1, 0, 0);
            matrix[3].Should().Equal(0, 0, 1, 1);
        }

        e.ToJson(indented: false).Should().NotContain("\n");
        e.ToJson().Should().Contain("\n");
    }

    [Test]
    public void Text_report_shows_levels_tasks_scores_and_matrix()
    {
        string text = TriageEvaluation.Compute(S, Gold, Pred).ToText();
        text.Should().Contain("precision").And.Contain("recall").And.Contain("support");
        text.Should().MatchRegex(@"(?m)^red\s+0\.333\s+0\.500\s+0\.400\s+2$");
        text.Should().MatchRegex(@"(?m)^flagged\s+0\.857\s+1\.000\s+0\.923\s+6$");
        text.Should().MatchRegex(@"(?m)^urgent\s+0\.800\s+1\.000\s+0\.889\s+4$");
        text.Should().Contain("macro-F1 (amber, red, crisis): 0.467");
        text.Should().Contain("accuracy: 0.600");
        text.Should().MatchRegex(@"(?m)^green\s+3\s+1\s+0\s+0$");
    }

    [Test]
    public void Confusion_cannot_be_mutated_through_the_public_view()
    {
        var e = TriageEvaluation.Compute(S, Gold, Pred);
        e.Confusion[0].Should().NotBeAssignableTo<int[]>();
        e.Confusion.Should().NotBeAssignableTo<IReadOnlyList<int>[]>();
    }
}
