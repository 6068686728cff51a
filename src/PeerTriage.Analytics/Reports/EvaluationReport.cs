using System.Globalization;
using PeerTriage.Decisions;
using PeerTriage.Evaluation;

namespace PeerTriage.Analytics.Reports;

/// <summary>
/// What an evaluation report shows: gold levels, calibrated and uncalibrated probabilities, the decisions' metrics and
/// operating points. Build it with <see cref="FromCrossValidation"/> or <see cref="FromModel"/>.
/// </summary>
public sealed record EvaluationReportData
{
    /// <summary>The priority scheme. Required.</summary>
    public required PriorityScheme Scheme { get; init; }

    /// <summary>Metrics of the decisions. Required.</summary>
    public required TriageEvaluation Evaluation { get; init; }

    /// <summary>Gold level index per message. Required; same order as the probabilities.</summary>
    public required IReadOnlyList<int> Gold { get; init; }

    /// <summary>Calibrated probabilities (the ones the policy decides on), messages × levels, row-major. Required.</summary>
    public required IReadOnlyList<float> Probabilities { get; init; }

    /// <summary>Probabilities before calibration (temperature 1), same shape. Required.</summary>
    public required IReadOnlyList<float> UncalibratedProbabilities { get; init; }

    /// <summary>Recall and precision the decisions reached at each boundary "at least level j". Required.</summary>
    public required IReadOnlyList<OperatingPoint> OperatingPoints { get; init; }

    /// <summary>Metrics of plain argmax on uncalibrated probabilities, shown beside the policy's. Default null (not shown).</summary>
    public TriageEvaluation? Baseline { get; init; }

    /// <summary>How the predictions were made, one sentence (cross-validation or a model file). Default "".</summary>
    public string Method { get; init; } = "";

    /// <summary>The decision policy, described. Default "".</summary>
    public string Policy { get; init; } = "";

    /// <summary>The feature pipeline, described. Default "".</summary>
    public string Features { get; init; } = "";

    /// <summary>The data's name (a file name, never message text). Default "".</summary>
    public string Source { get; init; } = "";

    /// <summary>Out-of-fold predictions of a cross-validation run.</summary>
    /// <param name="result">The run.</param>
    /// <param name="scheme">Its scheme.</param>
    /// <param name="folds">The number of folds, for the description.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static EvaluationReportData FromCrossValidation(CrossValidationResult result, PriorityScheme scheme, int folds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scheme);
        int n = result.Gold.Count, k = scheme.Count;
        var calibrated = new float[n * k];
        var uncalibrated = new float[n * k];
        for (int i = 0; i < n; i++)
        {
            result.ProbabilitiesOf(i).CopyTo(calibrated.AsSpan(i * k, k));
            result.UncalibratedProbabilitiesOf(i).CopyTo(uncalibrated.AsSpan(i * k, k));
        }
        return new EvaluationReportData
        {
            Scheme = scheme,
            Evaluation = result.Evaluation,
            Gold = [.. result.Gold],
            Probabilities = calibrated,
            UncalibratedProbabilities = uncalibrated,
            OperatingPoints = result.OperatingPoints,
            Baseline = result.ArgmaxEvaluation,
            Method = $"{folds}-fold cross-validation: each message was scored by a model that did not see it; calibration and decision thresholds were fitted inside each training fold.",
        };
    }

    /// <summary>
    /// A trained model's predictions on labelled data. The uncalibrated probabilities are recovered from the calibrated
    /// ones and the model's temperature T: softmax(z / T) raised to the power T and renormalised is softmax(z).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="gold">Gold level index per message.</param>
    /// <param name="results">The model's result per message, same order.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static EvaluationReportData FromModel(TriageModel model, IReadOnlyList<int> gold, IReadOnlyList<TriageResult> results)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(results);
        if (gold.Count == 0 || gold.Count != results.Count)
            throw new ArgumentException($"{gold.Count} gold levels but {results.Count} results; give one of each per message, at least one.");
        var scheme = model.Scheme;
        int n = gold.Count, k = scheme.Count;
        var calibrated = new float[n * k];
        var uncalibrated = new float[n * k];
        var predicted = new int[n];
        double t = model.Temperature;
        var powered = new double[k];
        for (int i = 0; i < n; i++)
        {
            var p = results[i].Probabilities;
            predicted[i] = results[i].LevelIndex;
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                calibrated[i * k + c] = p[c];
                powered[c] = Math.Pow(Math.Max(p[c], 0), t);
                sum += powered[c];
            }
            for (int c = 0; c < k; c++)
                uncalibrated[i * k + c] = sum > 0 ? (float)(powered[c] / sum) : p[c];
        }
        var goldArray = gold.ToArray();
        double[]? thresholds = model.Policy is ThresholdPolicy policy ? [.. policy.Thresholds.Select(x => (double)x)] : null;
        double[] targets = [.. model.RecallTargets.Select(x => x ?? double.NaN)];
        return new EvaluationReportData
        {
            Scheme = scheme,
            Evaluation = TriageEvaluation.Compute(scheme, goldArray, predicted),
            Gold = goldArray,
            Probabilities = calibrated,
            UncalibratedProbabilities = uncalibrated,
            OperatingPoints = PeerTriage.Evaluation.OperatingPoints.Of(scheme, goldArray, predicted, targets, thresholds),
            Method = string.Create(CultureInfo.InvariantCulture,
                $"A trained model scored every message (calibration temperature {model.Temperature:0.###}). If the model was trained on any of these messages, the scores are optimistic."),
            Policy = model.Policy.Describe(scheme),
            Features = model.Features.Describe(),
        };
    }
}

/// <summary>
/// The model-evaluation report: headline metrics, the confusion matrix as a heat map and a table, precision–recall
/// curves per boundary with the policy's operating points, and reliability diagrams before and after calibration.
/// </summary>
public static class EvaluationReport
{
    /// <summary>Section headings, in order; tests and readers can look for them.</summary>
    public static IReadOnlyList<string> SectionHeadings { get; } =
        ["Headline metrics", "Confusion matrix", "Precision–recall by boundary", "Calibration", "Scores per level"];

    /// <summary>Builds the report.</summary>
    /// <param name="data">What to show.</param>
    /// <param name="title">The report title. Default "PeerTriage evaluation".</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The probabilities do not have one row of levels per gold level, or there are no messages.</exception>
    public static HtmlReport Build(EvaluationReportData data, string title = "PeerTriage evaluation")
    {
        ArgumentNullException.ThrowIfNull(data);
        var scheme = data.Scheme;
        int n = data.Gold.Count, k = scheme.Count;
        if (n == 0 || data.Probabilities.Count != n * k || data.UncalibratedProbabilities.Count != n * k)
            throw new ArgumentException($"Expected {n} messages × {k} levels of probabilities (calibrated and uncalibrated); got {data.Probabilities.Count} and {data.UncalibratedProbabilities.Count}.", nameof(data));
        var inv = CultureInfo.InvariantCulture;
        string subtitle = string.Join(" · ", new[] { data.Source, $"{n:N0} labelled messages", $"levels {string.Join(", ", scheme.Levels)}" }
            .Where(s => s.Length > 0));
        var report = new HtmlReport(title, subtitle);

        var gold = data.Gold.ToArray();
        var calibrated = data.Probabilities.ToArray();
        var uncalibrated = data.UncalibratedProbabilities.ToArray();
        var before = CalibrationReport.Compute(uncalibrated, gold, k);
        var after = CalibrationReport.Compute(calibrated, gold, k);
        var curves = Enumerable.Range(1, k - 1).Select(j => PrecisionRecall.Of(calibrated, gold, k, j)).ToArray();

        // Headline metrics.
        var headline = report.AddSection(SectionHeadings[0]);
        if (data.Method.Length > 0)
            headline.AddParagraph(data.Method);
        if (data.Policy.Length > 0)
            headline.AddParagraph($"Decision policy: {data.Policy}.");
        if (data.Features.Length > 0)
            headline.AddParagraph($"Features: {data.Features}.");
        headline.AddTable(Headline(data, before, after, curves));

        // Confusion matrix.
        var confusion = report.AddSection(SectionHeadings[1]);
        confusion.AddParagraph("Rows are the gold levels, columns the decided levels. Each cell shows the count and its share of the row (the row's recall on the diagonal); the colour follows the share, so rare levels are as visible as common ones.");
        confusion.AddFigureWithTable(ConfusionChart(data.Evaluation).Render(), ConfusionTable(data.Evaluation));

        // Precision–recall curves.
        var pr = report.AddSection(SectionHeadings[2]);
        pr.AddParagraph("One curve per boundary \"at least level j\", from every threshold on the calibrated P(level ≥ j). The marked points are what the decision policy actually did at each boundary; they can sit off the curve because a message is decided at the highest level whose own threshold it passes.");
        var boundaryNames = Enumerable.Range(1, k - 1).Select(j => BoundaryName(scheme, j)).ToArray();
        pr.AddFigureWithTable(PrecisionRecallChart(curves, boundaryNames, data.OperatingPoints).Render(), OperatingPointTable(data.OperatingPoints, boundaryNames, curves));

        // Calibration.
        var calibration = report.AddSection(SectionHeadings[3]);
        calibration.AddParagraph("Reliability of the most probable level: for predictions grouped by confidence, how often they were right. Points on the diagonal are perfectly calibrated; the expected calibration error (ECE) weighs each bin's gap by its size.");
        int fewest = ReliabilityMinimum(n);
        calibration.AddFigureWithTable(ReliabilityChart(before, after, fewest).Render(), ReliabilityTable(before, after, fewest));

        // Per level.
        var levels = report.AddSection(SectionHeadings[4]);
        levels.AddTable(LevelTable(data.Evaluation));
        return report;
    }

    private static string BoundaryName(PriorityScheme scheme, int j)
    {
        string at = $"≥ {scheme.NameOf(j)}";
        return j == scheme.FlaggedFrom ? $"flagged ({at})" : j == scheme.UrgentFrom ? $"urgent ({at})" : at;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static ReportTable Headline(EvaluationReportData data, CalibrationReport before, CalibrationReport after, PrecisionRecall[] curves)
    {
        var e = data.Evaluation;
        var b = data.Baseline;
        var rows = new List<IReadOnlyList<string>>();
        void Row(string name, double value, double? baseline) =>
            rows.Add(b is null ? [name, F(value)] : [name, F(value), baseline is { } x ? F(x) : "–"]);
        Row("macro-F1 (official, levels above the lowest)", e.MacroF1, b?.MacroF1);
        Row("accuracy", e.Accuracy, b?.Accuracy);
        Row("flagged precision", e.Flagged.Precision, b?.Flagged.Precision);
        Row("flagged recall", e.Flagged.Recall, b?.Flagged.Recall);
        Row("flagged F1", e.Flagged.F1, b?.Flagged.F1);
        Row("urgent precision", e.Urgent.Precision, b?.Urgent.Precision);
        Row("urgent recall", e.Urgent.Recall, b?.Urgent.Recall);
        Row("urgent F1", e.Urgent.F1, b?.Urgent.F1);
        for (int j = 0; j < curves.Length; j++)
            Row($"average precision {BoundaryName(data.Scheme, j + 1)}", curves[j].AveragePrecision, null);
        Row("ECE before calibration", before.ExpectedCalibrationError, null);
        Row("ECE after calibration", after.ExpectedCalibrationError, null);
        ReportColumn[] columns = b is null
            ? [new("metric"), new("value", true)]
            : [new("metric"), new("policy", true), new("argmax baseline", true)];
        return new ReportTable
        {
            Columns = columns,
            Rows = rows,
            Caption = "Headline metrics",
            Notes = "Flagged = at least the flagged level, urgent = at least the urgent level. Average precision summarises each precision–recall curve (independent of the policy). "
                + (b is null ? "" : "The argmax baseline decides the most probable level on uncalibrated probabilities."),
        };
    }

    private static HeatmapChart ConfusionChart(TriageEvaluation e)
    {
        var levels = e.Scheme.Levels;
        var shares = new List<IReadOnlyList<double>>();
        var labels = new List<IReadOnlyList<string>>();
        foreach (var row in e.Confusion)
        {
            double total = row.Sum();
            shares.Add(row.Select(c => total > 0 ? c / total : 0).ToArray());
            labels.Add(row.Select(c => total > 0 ? string.Create(CultureInfo.InvariantCulture, $"{c:N0}\n{100.0 * c / total:0}%") : "0").ToArray());
        }
        return new HeatmapChart
        {
            Title = "Confusion matrix (share of each gold row)",
            XLabel = "decided level",
            YLabel = "gold level",
            Values = shares,
            CellLabels = labels,
            RowLabels = levels,
            ColumnLabels = levels,
            ColorRange = new ChartRange(0, 1),
            Width = 520,
            Height = 440,
            AltText = "Heat map of the confusion matrix: gold levels in rows, decided levels in columns, each cell with its count and row share.",
        };
    }

    private static ReportTable ConfusionTable(TriageEvaluation e)
    {
        var levels = e.Scheme.Levels;
        var columns = new List<ReportColumn> { new("gold \\ decided") };
        columns.AddRange(levels.Select(l => new ReportColumn(l, true)));
        columns.Add(new ReportColumn("total", true));
        var rows = new List<IReadOnlyList<string>>();
        for (int g = 0; g < levels.Count; g++)
        {
            var row = new List<string> { levels[g] };
            row.AddRange(e.Confusion[g].Select(c => c.ToString("N0", CultureInfo.InvariantCulture)));
            row.Add(e.Confusion[g].Sum().ToString("N0", CultureInfo.InvariantCulture));
            rows.Add(row);
        }
        var totals = new List<string> { "total" };
        totals.AddRange(Enumerable.Range(0, levels.Count).Select(p => e.Confusion.Sum(r => r[p]).ToString("N0", CultureInfo.InvariantCulture)));
        totals.Add(e.Count.ToString("N0", CultureInfo.InvariantCulture));
        rows.Add(totals);
        return new ReportTable { Columns = columns, Rows = rows, Caption = "Confusion matrix (counts)" };
    }

    private static LineChart PrecisionRecallChart(PrecisionRecall[] curves, string[] names, IReadOnlyList<OperatingPoint> points)
    {
        var series = new List<LineSeries>();
        var markers = new List<ChartMarker>();
        for (int j = 0; j < curves.Length; j++)
        {
            string color = ChartColors.Categorical(j);
            series.Add(new LineSeries(names[j], curves[j].Recall, curves[j].Precision) { Color = color });
            if (j < points.Count)
            {
                var p = points[j];
                // Short: the numbers are in the table beside the chart.
                markers.Add(new ChartMarker($"policy {names[j]}", p.Recall, p.Precision) { Color = color });
            }
        }
        return new LineChart
        {
            Title = "Precision–recall per boundary",
            XLabel = "recall",
            YLabel = "precision",
            Series = series,
            Markers = markers,
            XRange = new ChartRange(0, 1.02),
            YRange = new ChartRange(0, 1.02),
            Width = 540,
            Height = 520,
            AltText = "Precision against recall for each boundary, with the decision policy's operating point marked on each curve.",
        };
    }

    private static ReportTable OperatingPointTable(IReadOnlyList<OperatingPoint> points, string[] names, PrecisionRecall[] curves)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (int j = 0; j < points.Count; j++)
        {
            var p = points[j];
            rows.Add([j < names.Length ? names[j] : p.Level, p.TargetRecall is { } t ? F(t) : "–", p.Threshold is { } h ? F(h) : "–",
                F(p.Recall), F(p.Precision), p.Support.ToString("N0", CultureInfo.InvariantCulture), j < curves.Length ? F(curves[j].AveragePrecision) : "–"]);
        }
        return new ReportTable
        {
            Columns = [new("boundary"), new("target", true), new("threshold", true), new("recall", true), new("precision", true), new("support", true), new("AP", true)],
            Rows = rows,
            Caption = "Operating points of the decision policy",
            Notes = "Target: the recall target the threshold was fitted to. AP: average precision of the curve. Threshold: on P(level ≥ j), averaged over folds when cross-validating; – when the policy has none (argmax, cost matrix). Support: gold messages at or above the level.",
        };
    }

    /// <summary>Bins with fewer messages than this are left out of the diagram: one or two messages make a point that means nothing.</summary>
    private static int ReliabilityMinimum(int messages) => Math.Max(5, messages / 100);

    private static LineChart ReliabilityChart(CalibrationReport before, CalibrationReport after, int fewest)
    {
        LineSeries Series(string name, CalibrationReport r, string color, bool dashed)
        {
            var bins = r.Bins.Where(b => b.Count >= fewest).ToArray();
            return new LineSeries(string.Create(CultureInfo.InvariantCulture, $"{name} (ECE {r.ExpectedCalibrationError:0.000})"),
                bins.Select(b => b.MeanConfidence).ToArray(), bins.Select(b => b.Accuracy).ToArray())
            { Color = color, MarkerSize = 8, Dashed = dashed };
        }
        return new LineChart
        {
            Title = "Reliability of the most probable level",
            XLabel = "mean confidence in bin",
            YLabel = "accuracy in bin",
            Series = [Series("before calibration", before, "#D55E00", true), Series("after calibration", after, "#0072B2", false)],
            Diagonal = true,
            XRange = new ChartRange(0, 1.02),
            YRange = new ChartRange(0, 1.02),
            Width = 520,
            Height = 500,
            AltText = "Reliability diagram: accuracy against mean confidence per confidence bin, before and after calibration, with the diagonal of perfect calibration.",
        };
    }

    private static ReportTable ReliabilityTable(CalibrationReport before, CalibrationReport after, int fewest)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < before.Bins.Count; i++)
        {
            var b = before.Bins[i];
            var a = after.Bins[i];
            rows.Add([string.Create(CultureInfo.InvariantCulture, $"[{b.Lower:0.0}, {b.Upper:0.0})"),
                b.Count.ToString("N0", CultureInfo.InvariantCulture), b.Count > 0 ? F(b.MeanConfidence) : "–", b.Count > 0 ? F(b.Accuracy) : "–",
                a.Count.ToString("N0", CultureInfo.InvariantCulture), a.Count > 0 ? F(a.MeanConfidence) : "–", a.Count > 0 ? F(a.Accuracy) : "–"]);
        }
        return new ReportTable
        {
            Columns = [new("confidence"), new("n before", true), new("conf. before", true), new("acc. before", true),
                new("n after", true), new("conf. after", true), new("acc. after", true)],
            Rows = rows,
            Caption = "Reliability table",
            Notes = string.Create(CultureInfo.InvariantCulture,
                $"ECE before calibration {before.ExpectedCalibrationError:0.000}, after {after.ExpectedCalibrationError:0.000}. Bins with fewer than {fewest} messages are not drawn in the diagram."),
        };
    }

    private static ReportTable LevelTable(TriageEvaluation e)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (int j = 0; j < e.Levels.Count; j++)
        {
            var l = e.Levels[j];
            var s = e.Shares[j];
            rows.Add([l.Level, F(l.Precision), F(l.Recall), F(l.F1), l.Support.ToString("N0", CultureInfo.InvariantCulture),
                (100 * s.Predicted).ToString("0.0", CultureInfo.InvariantCulture) + "%", (100 * s.BaseRate).ToString("0.0", CultureInfo.InvariantCulture) + "%"]);
        }
        return new ReportTable
        {
            Columns = [new("level"), new("precision", true), new("recall", true), new("F1", true), new("support", true), new("decided share", true), new("base rate", true)],
            Rows = rows,
            Caption = "Scores per level",
            Notes = "A level decided much more often than it occurs floods the moderators' list.",
        };
    }
}

/// <summary>The precision–recall curve of one boundary, from every distinct threshold on P(level ≥ j).</summary>
internal sealed class PrecisionRecall
{
    /// <summary>At most this many points are drawn; the area uses them all.</summary>
    private const int MaxPoints = 400;

    private PrecisionRecall(double[] recall, double[] precision, double averagePrecision)
    {
        Recall = recall;
        Precision = precision;
        AveragePrecision = averagePrecision;
    }

    public double[] Recall { get; }

    public double[] Precision { get; }

    /// <summary>Σ (R_k − R_{k−1}) P_k over thresholds, highest first: the step-wise area under the curve.</summary>
    public double AveragePrecision { get; }

    public static PrecisionRecall Of(float[] probabilities, int[] gold, int levels, int level)
    {
        int n = gold.Length;
        var score = new double[n];
        var order = new int[n];
        int positives = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int c = levels - 1; c >= level; c--)
                s += probabilities[i * levels + c];
            score[i] = s;
            order[i] = i;
            if (gold[i] >= level)
                positives++;
        }
        // Highest score first; ties by index so the order is the same every run.
        Array.Sort(order, (a, b) => score[b].CompareTo(score[a]) is var c && c != 0 ? c : a.CompareTo(b));
        var recall = new List<double>();
        var precision = new List<double>();
        int tp = 0, pp = 0;
        double ap = 0, lastRecall = 0;
        for (int i = 0; i < n;)
        {
            double s = score[order[i]];
            for (; i < n && score[order[i]] == s; i++)
            {
                pp++;
                if (gold[order[i]] >= level)
                    tp++;
            }
            double r = positives == 0 ? 0 : (double)tp / positives, p = (double)tp / pp;
            ap += (r - lastRecall) * p;
            lastRecall = r;
            recall.Add(r);
            precision.Add(p);
        }
        if (recall.Count > MaxPoints)
        {
            // Thin evenly, keeping the last point (recall 1).
            int step = (recall.Count + MaxPoints - 1) / MaxPoints;
            var keep = Enumerable.Range(0, recall.Count).Where(i => i % step == 0 || i == recall.Count - 1).ToArray();
            return new PrecisionRecall([.. keep.Select(i => recall[i])], [.. keep.Select(i => precision[i])], ap);
        }
        return new PrecisionRecall([.. recall], [.. precision], ap);
    }
}
