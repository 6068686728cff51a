using System.Globalization;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Reports;

/// <summary>
/// The HTML report of a <see cref="ResponsivenessStudy"/>: Tables 2–4 with their charts (Figure 1's weekly stacked
/// histogram, response ratios by level and period, latency box plots), the planned comparisons, the per-level logistic
/// and linear regressions with the KS normality tests, and the reason wherever a model could not be fitted. One
/// self-contained file: images are embedded, nothing is fetched.
/// </summary>
public static class ResponsivenessReport
{
    /// <summary>Builds the report.</summary>
    /// <param name="result">The study's result.</param>
    /// <param name="source">The data's name for the header (a file name, never message text); null for none.</param>
    /// <returns>The report, ready to <see cref="HtmlReport.Save"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public static HtmlReport Build(ResponsivenessResult result, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var inputs = result.Inputs;
        string span = inputs.First is { } first && inputs.Last is { } last ? $", {Day(first)} to {Day(last)}" : "";
        var report = new HtmlReport("Responsiveness study",
            (string.IsNullOrEmpty(source) ? "" : source + ": ") + I($"{inputs.PeerMessages:N0} peers' messages, {inputs.ModeratorReplies:N0} moderator replies{span}"));

        var about = report.AddSection("Data and definitions");
        about.AddParagraph(I($"{inputs.Messages:N0} messages: {inputs.PeerMessages:N0} by peers (studied), {inputs.ModeratorMessages:N0} by moderators and staff, {inputs.OtherMessages:N0} of unknown role (ignored); {inputs.RepliesToUnseenMessages:N0} reply to a message the data does not hold."));
        about.AddParagraph("Periods: " + string.Join("; ", result.Periods.Select(Describe)) + ". A message posted exactly at a boundary belongs to the later period.");
        about.AddParagraph((inputs.CountDeeperReplies ? "A response is a moderator's or staff member's reply anywhere below the message in its reply tree" : "A response is a moderator's or staff member's direct reply to the message")
            + I($"; the response ratio is the share of messages with at least one, the latency the time to the first, in {inputs.LatencyUnit}. Quartiles: {inputs.Percentiles}. Weeks: {inputs.WeekDefinition}."));

        VolumeSection(report, result);
        WeeklySection(report, result);
        RatioSection(report, result);
        LatencySection(report, result);
        ComparisonSection(report, result);
        LogisticSection(report, result);
        LinearSection(report, result);
        return report;
    }

    private static void VolumeSection(HtmlReport report, ResponsivenessResult r)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (string level in r.Levels)
            rows.Add([level, .. r.Periods.Select(p => r.Volume.Single(c => c.Level == level && c.Period == p.Name)).Select(c => I($"{c.Count:N0} ({Pct(c.Percent)})"))]);
        rows.Add(["total", .. r.Periods.Select(p => I($"{r.Volume.Where(c => c.Period == p.Name).Sum(c => c.Count):N0}"))]);
        report.AddSection("Table 2: peers' messages per level and period").AddTable(new ReportTable
        {
            Columns = [new("Level"), .. r.Periods.Select(p => new ReportColumn(p.Name + ", n (%)", Numeric: true))],
            Rows = rows,
            Notes = "Percentages are of the period's peers' messages.",
        });
    }

    private static void WeeklySection(HtmlReport report, ResponsivenessResult r)
    {
        var section = report.AddSection("Figure 1: peers' messages per week by level");
        if (r.Weeks.Count == 0)
        {
            section.AddParagraph("There are no messages.");
            return;
        }
        var chart = new StackedBarChart
        {
            Title = "Peers' messages per ISO week",
            XLabel = "week starting (Monday, UTC)",
            YLabel = "messages",
            Width = 1000,
            Height = 420,
            Categories = [.. r.Weeks.Select(w => w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            Series = [.. r.Levels.Select((level, l) => new BarSeries(level, [.. r.Weeks.Select(w => (double)w.Counts[l])]) { Color = ChartColors.Level(level, l) })],
            AltText = "Stacked weekly histogram of peers' messages by level",
            Caption = "Each bar is one ISO week, stacked by level, lowest level at the bottom. " + Boundaries(r),
        };
        section.AddFigures(chart.Render());
    }

    private static void RatioSection(HtmlReport report, ResponsivenessResult r)
    {
        var rows = r.Levels.Select(level => (IReadOnlyList<string>)[level, .. r.Periods.Select(p => r.ResponseRatios.Single(c => c.Level == level && c.Period == p.Name))
            .Select(c => c.Ratio is { } ratio ? I($"{c.Responded:N0} / {c.Messages:N0} ({100 * ratio:0.0}%)") : "–")]).ToList();
        var table = new ReportTable
        {
            Columns = [new("Level"), .. r.Periods.Select(p => new ReportColumn(p.Name, Numeric: true))],
            Rows = rows,
            Notes = "Responded / messages (response ratio).",
        };
        var chart = new GroupedBarChart
        {
            Title = "Response ratio by level and period",
            YLabel = "responded (%)",
            Groups = [.. r.Levels],
            Series = [.. r.Periods.Select(p => new BarSeries(p.Name, [.. r.Levels.Select(level => r.ResponseRatios.Single(c => c.Level == level && c.Period == p.Name).Ratio is { } x ? 100 * x : double.NaN)]))],
            ValueFormat = "0",
            YRange = new ChartRange(0, 110),
            AltText = "Grouped bars of the response ratio per level and period",
        };
        report.AddSection("Table 3: response ratio per level and period").AddFigureWithTable(chart.Render(), table);
    }

    private static void LatencySection(HtmlReport report, ResponsivenessResult r)
    {
        var section = report.AddSection("Table 4: response latency per level and period (minutes)");
        var rows = new List<IReadOnlyList<string>>();
        foreach (string level in r.Levels)
        {
            rows.Add([level, .. r.Periods.Select(p => r.Latencies.Single(c => c.Level == level && c.Period == p.Name))
                .Select(c => c.Median is { } m ? I($"{m:0.0} ({c.Iqr:0.0})") : "–")]);
        }
        section.AddTable(new ReportTable
        {
            Columns = [new("Level"), .. r.Periods.Select(p => new ReportColumn(p.Name + ": median (IQR)", Numeric: true))],
            Rows = rows,
            Notes = "Minutes from the message to the first moderator reply, over the responded messages of Table 3. Quartiles: " + r.Inputs.Percentiles + ".",
        });
        if (r.LatencyChanges.Count > 0)
        {
            section.AddTable(new ReportTable
            {
                Caption = "Percentage changes",
                Columns = [new("Level"), new("Periods"), new("Median", true), new("IQR", true)],
                Rows = [.. r.LatencyChanges.Select(c => (IReadOnlyList<string>)[c.Level, $"{c.From} → {c.To}", Signed(c.MedianPercentChange), Signed(c.IqrPercentChange)])],
                Notes = "100 × (later − earlier) / earlier; – where either period has no latencies or the earlier value is 0.",
            });
        }

        var series = r.Periods.Select((p, q) => new BoxSeries(p.Name, [.. r.Levels.Select(level => Box(r.GetLatencies(level, p.Name), r.PercentileDefinition))])
        { Color = ChartColors.Categorical(q) }).ToList();
        if (series.All(s => s.Boxes.All(b => b is null)))
        {
            section.AddParagraph("No message was responded to, so there are no latencies to plot.");
            return;
        }
        var chart = new BoxPlotChart
        {
            Title = "Latency by level and period",
            YLabel = "minutes to first reply (log scale)",
            Groups = [.. r.Levels],
            Series = series,
            LogScale = true,
            Width = 900,
            AltText = "Box plots of response latency per level and period on a log scale",
            Caption = "Boxes: quartiles (the table's definition); whiskers: the most extreme values within 1.5 IQR of the box.",
        };
        section.AddFigures(chart.Render());
    }

    private static void ComparisonSection(HtmlReport report, ResponsivenessResult r)
    {
        var section = report.AddSection("Planned comparisons between periods");
        section.AddParagraph(I($"Every pair of periods per level, each judged at the adjusted alpha {r.Alpha:0.####}: response ratios by the two-proportion z test (Pearson's χ² without continuity correction), latencies by the Mann–Whitney U test (normal approximation, tie-corrected). z > 0 when the earlier period is higher; * marks p < alpha."));
        if (r.Comparisons.Count == 0)
        {
            section.AddParagraph("No comparisons were run.");
            return;
        }
        section.AddTable(new ReportTable
        {
            Columns = [new("Level"), new("Periods"), new("Ratio before → after", true), new("z", true), new("p", true), new("Latency U", true), new("z", true), new("p", true)],
            Rows = [.. r.Comparisons.Select(c => (IReadOnlyList<string>)[
                c.Level, $"{c.From} → {c.To}",
                c.ResponseRatio is { } pr ? I($"{100 * pr.Proportion1:0.0}% → {100 * pr.Proportion2:0.0}%") : "–",
                c.ResponseRatio is { } pz ? F2(pz.Z) : "–",
                c.ResponseRatio is { } pp ? P(pp.P) + (pp.Significant ? " *" : "") : "–",
                c.Latency is { } mu ? I($"{mu.U:0}") : "–",
                c.Latency is { } mz ? F2(mz.Z) : "–",
                c.Latency is { } mp ? P(mp.P) + (mp.Significant ? " *" : "") : "–"])],
            Notes = Errors(r.Comparisons.SelectMany(c => new[] { c.ResponseRatioError, c.LatencyError })),
        });
    }

    private static void LogisticSection(HtmlReport report, ResponsivenessResult r)
    {
        var section = report.AddSection("Logistic regression of response, per level");
        section.AddParagraph($"Outcome: responded (1) or not (0). Predictors: the period (reference: {r.Periods[0].Name}) and the 20 activity variables (messages and unique authors of peers and of moderators in five hour-long windows from 2 hours before the post to 3 hours after it; m2 = 2 to 1 hours before, p0 = the first hour after, …). Odds ratios with 95% Wald confidence intervals.");
        if (r.Models.Count == 0)
        {
            section.AddParagraph("The models were not fitted.");
            return;
        }
        foreach (var m in r.Models)
        {
            var sub = section.AddSection("Level " + m.Level);
            if (m.Logistic is not { } lr)
            {
                sub.AddParagraph("Not fitted: " + m.LogisticError);
                continue;
            }
            sub.AddParagraph(I($"χ²({lr.ModelDegreesOfFreedom}) = {lr.ModelChiSquare:0.00}, p {PWithSign(lr.ModelP)}, N = {lr.N:N0} ({lr.Events:N0} responded); Cox & Snell R² = {lr.CoxSnellRSquared:0.000}, Nagelkerke R² = {lr.NagelkerkeRSquared:0.000}; {lr.PercentCorrect:0.0}% correctly classified."));
            sub.AddTable(new ReportTable
            {
                Columns = [new("Predictor"), new("B", true), new("SE", true), new("Wald", true), new("p", true), new("Odds ratio (95% CI)", true)],
                Rows = [.. lr.Coefficients.Select(c => (IReadOnlyList<string>)[c.Name, F3(c.Estimate), F3(c.StandardError), F2(c.WaldChiSquare), P(c.P),
                    I($"{c.OddsRatio:0.000} ({c.OddsRatioLower:0.000}–{c.OddsRatioUpper:0.000})")])],
            });
        }
    }

    private static void LinearSection(HtmlReport report, ResponsivenessResult r)
    {
        var section = report.AddSection("Linear regression of log latency, per level");
        section.AddParagraph("Outcome: ln(latency in minutes), responded messages only; the same predictors. Latency is skewed: the Kolmogorov–Smirnov test of normality (against a normal with the sample's mean and SD; Lilliefors-corrected p, as SPSS) is shown before and after the log transform.");
        if (r.Models.Count == 0)
        {
            section.AddParagraph("The models were not fitted.");
            return;
        }
        section.AddTable(new ReportTable
        {
            Caption = "Kolmogorov–Smirnov normality of latency",
            Columns = [new("Level"), new("n", true), new("D, minutes", true), new("p", true), new("D, ln minutes", true), new("p", true)],
            Rows = [.. r.Models.Select(m => (IReadOnlyList<string>)[m.Level,
                m.LatencyNormality is { } n ? I($"{n.N:N0}") : "–",
                m.LatencyNormality is { } a ? F3(a.D) : "–", m.LatencyNormality is { } ap ? Lilliefors(ap) : "–",
                m.LogLatencyNormality is { } b ? F3(b.D) : "–", m.LogLatencyNormality is { } bp ? Lilliefors(bp) : "–"])],
            Notes = Errors(r.Models.SelectMany(m => new[] { m.LatencyNormalityError, m.LogLatencyNormalityError })),
        });
        foreach (var m in r.Models)
        {
            var sub = section.AddSection("Level " + m.Level);
            if (m.Linear is not { } ols)
            {
                sub.AddParagraph("Not fitted: " + m.LinearError);
                continue;
            }
            sub.AddParagraph(I($"R² = {ols.RSquared:0.000} (adjusted {ols.AdjustedRSquared:0.000}), F({ols.ModelDegreesOfFreedom}, {ols.ResidualDegreesOfFreedom}) = {ols.F:0.00}, p {PWithSign(ols.FP)}, N = {ols.N:N0}."));
            sub.AddTable(new ReportTable
            {
                Columns = [new("Predictor"), new("B", true), new("SE", true), new("β (standardized)", true), new("t", true), new("p", true)],
                Rows = [.. ols.Coefficients.Select(c => (IReadOnlyList<string>)[c.Name, F3(c.Estimate), F3(c.StandardError),
                    c.StandardizedBeta is { } beta ? F3(beta) : "–", F2(c.T), P(c.P)])],
                Notes = "B: change in ln(minutes) per unit; exp(B) is the factor on the latency (a period's B of ln 0.5 halves it).",
            });
        }
    }

    /// <summary>A box by the study's percentile definition (so boxes match Table 4), Tukey whiskers; null without data.</summary>
    private static BoxSummary? Box(IReadOnlyList<double> sorted, PercentileDefinition definition)
    {
        if (sorted.Count == 0)
            return null;
        double[] x = [.. sorted.Select(v => Math.Max(v, 1.0 / 60))]; // the log axis needs values above 0; one second at least, as the regression
        double q1 = Descriptives.PercentileOfSorted(x, 0.25, definition), median = Descriptives.PercentileOfSorted(x, 0.5, definition),
            q3 = Descriptives.PercentileOfSorted(x, 0.75, definition);
        double fence = 1.5 * (q3 - q1);
        return new BoxSummary(x.First(v => v >= q1 - fence), q1, median, q3, x.Last(v => v <= q3 + fence), x.Length);
    }

    private static string Describe(StudyPeriod p) => (p.Start, p.End) switch
    {
        (null, null) => $"{p.Name} (all)",
        (null, { } end) => $"{p.Name} (before {Day(end)})",
        ({ } start, null) => $"{p.Name} (from {Day(start)})",
        ({ } start, { } end) => $"{p.Name} ({Day(start)} to before {Day(end)})",
    };

    private static string Boundaries(ResponsivenessResult r) =>
        r.Periods.Count < 2 ? "" : "Periods start: " + string.Join(", ", r.Periods.Skip(1).Select(p => $"{p.Name} {Day(p.Start!.Value)}")) + ".";

    private static string? Errors(IEnumerable<string?> errors)
    {
        var list = errors.OfType<string>().Distinct().ToList();
        return list.Count == 0 ? null : "Not computed: " + string.Join(" ", list);
    }

    private static string Day(DateTimeOffset t) =>
        t.UtcDateTime.TimeOfDay == TimeSpan.Zero ? t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Lilliefors(NormalityTestResult n) => n.LillieforsPIsLowerBound ? "> 0.1" : P(n.LillieforsP);

    private static string Pct(double? percent) => percent is { } p ? I($"{p:0.0}%") : "–";

    private static string Signed(double? percent) => percent is { } p ? I($"{p:+0;−0;0}%") : "–";

    private static string F2(double v) => I($"{(Math.Round(v, 2) == 0 ? 0 : v):0.00}"); // no "-0.00"

    private static string F3(double v) => I($"{(Math.Round(v, 3) == 0 ? 0 : v):0.000}");

    private static string P(double p) => p < 0.001 ? "< 0.001" : I($"{p:0.000}");

    private static string PWithSign(double p) => p < 0.001 ? "< 0.001" : I($"= {p:0.000}");

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
