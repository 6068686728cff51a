using FsCheck;
using FsCheck.Fluent;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class RationaleMetricsTests
{
    // Tokens: i(0,1) am(2,2) so(5,2) sorry(8,5) you(14,3) feel(18,4) this(23,4) way(28,3)
    private const string Text = "I am so sorry you feel this way";

    private static readonly CharSpan SoSorry = new(5, 8);

    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Test]
    public void Token_spans_are_the_tokenizers_tokens_in_the_text_as_written()
    {
        const string text = "Hi, I'm  SO sorry!! :) ok...";
        RationaleMetrics.TokenSpans(text).Select(s => s.In(text)).Should().Equal("Hi", "I'm", "SO", "sorry", "!!", ":)", "ok", "...");
    }

    [Test]
    public void A_run_that_normalization_lengthens_gives_each_token_the_whole_run()
    {
        // The ligature "ﬁ" becomes "fi", so the run is no longer aligned char for char.
        RationaleMetrics.TokenSpans("a ﬁne day").Should().Equal(new CharSpan(0, 1), new CharSpan(2, 3), new CharSpan(6, 3));
    }

    [Test]
    public void Token_f1_is_computed_on_the_tokens_a_span_overlaps()
    {
        // gold {so, sorry}; predicted "orry you fe" overlaps {sorry, you, feel}: TP 1, P 1/3, R 1/2, F1 0.4.
        RationaleMetrics.TokenF1(Text, [SoSorry], [new CharSpan(9, 11)]).Should().BeApproximately(0.4, 1e-12);
    }

    [Test]
    public void Overlapping_and_repeated_spans_count_each_token_once()
    {
        RationaleMetrics.TokenF1(Text, [SoSorry, new CharSpan(8, 3), new CharSpan(5, 2)], [SoSorry]).Should().Be(1);
    }

    [TestCase(8, 14, 0.0)]  // "sorry you feel" vs "so sorry": IOU 1/4
    [TestCase(2, 11, 1.0)]  // "am so sorry": IOU 2/3
    [TestCase(5, 2, 1.0)]   // "so": IOU exactly 1/2 matches (EPITOME's code tests >= 0.5)
    public void Iou_f1_matches_a_predicted_span_at_an_iou_of_at_least_one_half(int start, int length, double expected)
    {
        RationaleMetrics.IouF1(Text, [SoSorry], [new CharSpan(start, length)]).Should().Be(expected);
    }

    [Test]
    public void Iou_f1_counts_spans_not_tokens()
    {
        // Gold: "so sorry" and "this way"; predicted: only "so sorry". P 1, R 1/2.
        RationaleMetrics.IouF1(Text, [SoSorry, new CharSpan(23, 8)], [SoSorry]).Should().BeApproximately(2.0 / 3, 1e-12);
        // Adjacent gold spans are one run: predicting "so sorry you" matches the run "so sorry you" fully.
        RationaleMetrics.IouF1(Text, [new CharSpan(5, 2), new CharSpan(8, 9)], [new CharSpan(5, 12)]).Should().Be(1);
    }

    [Test]
    public void A_stricter_threshold_rejects_a_partial_match()
    {
        RationaleMetrics.IouF1(Text, [SoSorry], [new CharSpan(2, 11)], iouThreshold: 0.7).Should().Be(0);
    }

    [Test]
    public void Micro_pools_token_counts_and_macro_averages_examples()
    {
        var scores = RationaleMetrics.Evaluate(
        [
            new RationaleExample(Text, [SoSorry], [new CharSpan(9, 11)]),   // TP 1, FP 2, FN 1, F1 0.4
            new RationaleExample("thanks", [new CharSpan(0, 6)], [new CharSpan(0, 6)]), // TP 1, F1 1
            new RationaleExample("nothing here", [], []),                 // both empty
        ]);
        scores.Examples.Should().Be(3);
        scores.BothEmpty.Should().Be(1);
        scores.PerExampleCount.Should().Be(2);
        (scores.TruePositives, scores.FalsePositives, scores.FalseNegatives).Should().Be((2L, 2L, 1L));
        scores.MicroPrecision.Should().BeApproximately(0.5, 1e-12);
        scores.MicroRecall.Should().BeApproximately(2.0 / 3, 1e-12);
        scores.MicroF1.Should().BeApproximately(4.0 / 7, 1e-12);
        scores.MacroF1.Should().BeApproximately(0.7, 1e-12);
        scores.MacroPrecision.Should().BeApproximately((1.0 / 3 + 1) / 2, 1e-12);
        scores.MacroRecall.Should().BeApproximately(0.75, 1e-12);
        scores.IouF1.Should().BeApproximately(0.5, 1e-12); // IOU 1/4 fails, "thanks" matches
    }

    [Test]
    public void One_sided_examples_score_zero_and_empty_ones_are_perfect()
    {
        RationaleMetrics.TokenF1(Text, [], [SoSorry]).Should().Be(0);
        RationaleMetrics.IouF1(Text, [SoSorry], []).Should().Be(0);
        RationaleMetrics.TokenF1(Text, [], []).Should().Be(1);
        // A span over punctuation only covers no token.
        RationaleMetrics.IouF1("well, ok", [new CharSpan(4, 1)], []).Should().Be(1);
        var none = RationaleMetrics.Evaluate([]);
        (none.Examples, none.MicroF1, none.MacroF1, none.IouF1).Should().Be((0, 0.0, 0.0, 0.0));
    }

    [Test]
    public void Bad_spans_and_thresholds_are_rejected_clearly()
    {
        var act = () => RationaleMetrics.Evaluate([new RationaleExample("ok", [], []), new RationaleExample("short", [new CharSpan(0, 1), new CharSpan(3, 9)], [])]);
        act.Should().Throw<ArgumentException>().WithMessage("Example 1: gold span 1 (3, 9) ends at 12, past the end of its text (5 chars).");
        var negative = () => new CharSpan(-1, 2);
        negative.Should().Throw<ArgumentOutOfRangeException>().WithMessage("A span's start must be zero or more, not -1.*");
        var threshold = () => RationaleMetrics.IouF1("x", [], [], 0);
        threshold.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The IOU threshold must be in (0, 1], not 0*");
        var nullExample = () => RationaleMetrics.Evaluate([null!]);
        nullExample.Should().Throw<ArgumentNullException>().WithMessage("Example 0 is null.*");
    }

    private static readonly Gen<(string Text, CharSpan[] Gold, CharSpan[] Predicted)> Cases =
        from words in Gen.Elements("i", "feel", "so", "sorry", "you're", "ok", "!!", "...", ",", "café", "ﬁne", ":)", "2024").ListOf()
        let text = string.Join(" ", words)
        from gold in Span(text.Length).ArrayOf()
        from predicted in Span(text.Length).ArrayOf()
        select (text, gold, predicted);

    private static Gen<CharSpan> Span(int length) =>
        from start in Gen.Choose(0, length)
        from size in Gen.Choose(0, length - start)
        select new CharSpan(start, size);

    [Test]
    public void Scores_are_in_the_unit_interval_symmetric_and_perfect_on_agreement()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            double f1 = RationaleMetrics.TokenF1(c.Text, c.Gold, c.Predicted);
            double iou = RationaleMetrics.IouF1(c.Text, c.Gold, c.Predicted);
            var corpus = RationaleMetrics.Evaluate([new RationaleExample(c.Text, c.Gold, c.Predicted)]);
            return f1 is >= 0 and <= 1 && iou is >= 0 and <= 1
                && f1 == RationaleMetrics.TokenF1(c.Text, c.Predicted, c.Gold)
                && iou == RationaleMetrics.IouF1(c.Text, c.Predicted, c.Gold)
                && RationaleMetrics.TokenF1(c.Text, c.Gold, c.Gold) == 1
                && RationaleMetrics.IouF1(c.Text, c.Gold, c.Gold) == 1
                && (corpus.BothEmpty == 1 || Math.Abs(corpus.MacroF1 - f1) < 1e-12);
        }).Check(Checks);
    }

    [Test]
    public void Token_spans_lie_in_the_text_in_order_without_overlap()
    {
        Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var spans = RationaleMetrics.TokenSpans(c.Text);
            for (int k = 0; k < spans.Count; k++)
            {
                if (spans[k].End > c.Text.Length || spans[k].Length == 0 || (k > 0 && spans[k].Start < spans[k - 1].End && spans[k] != spans[k - 1]))
                    return false;
            }
            return true;
        }).Check(Checks);
    }
}
