using PeerTriage.Analytics.Reports;
using PeerTriage.Evaluation;

namespace PeerTriage.Analytics.Tests.Reports;

public class EvaluationReportTests
{
    private static EvaluationReportData Data()
    {
        var scheme = PriorityScheme.Default;
        int[] gold = [0, 0, 0, 1, 1, 2, 2, 3, 3, 0, 1, 2];
        var rng = new Random(7);
        var probabilities = new float[gold.Length * 4];
        for (int i = 0; i < gold.Length; i++)
        {
            float sum = 0;
            for (int c = 0; c < 4; c++)
                sum += probabilities[i * 4 + c] = (c == gold[i] ? 2f : 0.5f) + (float)rng.NextDouble();
            for (int c = 0; c < 4; c++)
                probabilities[i * 4 + c] /= sum;
        }
        int[] predicted = [0, 0, 1, 1, 2, 2, 3, 3, 3, 0, 0, 2];
        return new EvaluationReportData
        {
            Scheme = scheme,
            Evaluation = TriageEvaluation.Compute(scheme, gold, predicted),
            Gold = gold,
            Probabilities = probabilities,
            UncalibratedProbabilities = probabilities,
            OperatingPoints = OperatingPoints.Of(scheme, gold, predicted),
            Policy = "thresholds <&>",
            Source = "forum \"export\".csv",
        };
    }

    [Test]
    public void The_report_has_every_section_a_figure_for_each_chart_and_is_self_contained()
    {
        string html = EvaluationReport.Build(Data()).ToHtml();
        foreach (string heading in EvaluationReport.SectionHeadings)
            html.Should().Contain(">" + System.Net.WebUtility.HtmlEncode(heading) + "</h2>");
        // Confusion heat map, precision–recall curves, reliability diagram.
        html.Split("<img ").Length.Should().Be(3 + 1);
        html.Should().Contain("Confusion matrix (counts)").And.Contain("Operating points of the decision policy").And.Contain("Reliability table");
        html.Should().Contain("thresholds &lt;&amp;&gt;").And.Contain("forum &quot;export&quot;.csv");
        SelfContained.Check(html);
    }

    [Test]
    public void The_confusion_table_holds_the_counts_with_totals()
    {
        string html = EvaluationReport.Build(Data()).ToHtml();
        // Gold green: 3 decided green, 1 amber, of 4.
        html.Should().Contain("<tr><td>green</td><td class=\"num\">3</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">4</td></tr>");
        html.Should().Contain("<td>total</td><td class=\"num\">4</td><td class=\"num\">2</td><td class=\"num\">3</td><td class=\"num\">3</td><td class=\"num\">12</td>");
    }

    [Test]
    public void Precision_recall_curve_and_average_precision_follow_the_ranking()
    {
        // Scores of P(≥ amber): positives ranked 1st and 3rd, negatives 2nd and 4th.
        float[] p = [0.1f, 0.9f, 0, 0, 0.2f, 0.8f, 0, 0, 0.3f, 0.7f, 0, 0, 0.4f, 0.6f, 0, 0];
        int[] gold = [1, 0, 1, 0];
        var curve = PrecisionRecall.Of(p, gold, 4, 1);
        // Thresholds from the highest P(≥ amber) = 0.9 (row 0, positive) down.
        curve.Recall.Should().Equal(0.5, 0.5, 1, 1);
        curve.Precision.Should().Equal(1, 0.5, 2.0 / 3, 0.5);
        curve.AveragePrecision.Should().BeApproximately(0.5 * 1 + 0.5 * 2.0 / 3, 1e-12);
    }

    [Test]
    public void Uncalibrated_probabilities_are_recovered_from_the_model_temperature()
    {
        var model = TestData.DemoModel;
        model.Temperature.Should().NotBe(1f, "the check needs a calibrated model");
        var rows = TestData.Corpus.Take(40).ToList();
        var results = model.TriageBatch(rows.Select(r => r.Message).ToList());
        var gold = rows.Select(r => model.Scheme.IndexOf(r.Label)).ToArray();
        var data = EvaluationReportData.FromModel(model, gold, results);

        data.Probabilities.Should().Equal(results.SelectMany(r => r.Probabilities));
        for (int i = 0; i < rows.Count; i++)
        {
            // softmax(z) recovered from softmax(z / T): the log-odds between levels scale by T.
            var cal = results[i].Probabilities;
            double expected = model.Temperature * Math.Log(cal[1] / cal[0]);
            double actual = Math.Log(data.UncalibratedProbabilities[i * 4 + 1] / data.UncalibratedProbabilities[i * 4]);
            actual.Should().BeApproximately(expected, 1e-3);
            Enumerable.Range(0, 4).Sum(c => (double)data.UncalibratedProbabilities[i * 4 + c]).Should().BeApproximately(1, 1e-5);
        }
        data.Evaluation.Count.Should().Be(40);
        data.OperatingPoints.Should().HaveCount(3);
        SelfContained.Check(EvaluationReport.Build(data).ToHtml());
    }
}
