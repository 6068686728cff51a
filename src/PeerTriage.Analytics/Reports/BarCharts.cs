using System.Globalization;
using ScottPlot;

namespace PeerTriage.Analytics.Reports;

/// <summary>One series of a bar chart: a value per category (or per group).</summary>
/// <param name="Name">Its legend text.</param>
/// <param name="Values">One value per category, in category order.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values)
{
    /// <summary>Fill colour as "#RRGGBB". Default null: the categorical palette in series order.</summary>
    public string? Color { get; init; }
}

/// <summary>
/// Bars stacked per category, such as a weekly histogram of messages by level: one bar per category, one segment per
/// series, the first series at the bottom. With many categories only some are labelled, evenly spaced.
/// </summary>
public sealed record StackedBarChart : Chart
{
    /// <summary>The category labels along the x axis, left to right (for example week starts). Required.</summary>
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>The stacked series, bottom first; values must be 0 or more. Required; at least one.</summary>
    public required IReadOnlyList<BarSeries> Series { get; init; }

    private protected override void Validate() => BarData.Validate(this, Categories, Series, nonNegative: true);

    private protected override void Draw(Plot plot)
    {
        var bottoms = new double[Categories.Count];
        for (int s = 0; s < Series.Count; s++)
        {
            var series = Series[s];
            var color = BarData.ColorOf(this, series, s);
            var bars = new List<Bar>();
            for (int c = 0; c < Categories.Count; c++)
            {
                double v = series.Values[c];
                bars.Add(new Bar { Position = c, ValueBase = bottoms[c], Value = bottoms[c] + v, FillColor = color, LineWidth = 0, Size = 0.85 });
                bottoms[c] += v;
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series.Name;
        }
        var at = Enumerable.Range(0, Categories.Count).Select(c => (double)c).ToArray();
        CategoryTicks(plot.Axes.Bottom, Categories, at, MaxLabels(90));
        plot.Axes.Margins(bottom: 0);
        Legend(plot);
    }
}

/// <summary>
/// Bars grouped side by side, such as the response ratio per level (groups) and period (series), with the value
/// printed above each bar when asked.
/// </summary>
public sealed record GroupedBarChart : Chart
{
    /// <summary>The group labels along the x axis. Required.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>The series, one bar per group each; NaN leaves a gap (no data). Required; at least one.</summary>
    public required IReadOnlyList<BarSeries> Series { get; init; }

    /// <summary>.NET format of the value printed above each bar, e.g. "0.00" or "0%"; null prints none. Default null.</summary>
    public string? ValueFormat { get; init; }

    /// <summary>Vertical range. Default null (from 0 to the data, with room for the labels).</summary>
    public ChartRange? YRange { get; init; }

    private protected override void Validate()
    {
        BarData.Validate(this, Groups, Series, nonNegative: false);
        if (YRange is { } y && !(y.Max > y.Min))
            throw Bad("YRange.Max must be above YRange.Min.");
    }

    private protected override void Draw(Plot plot)
    {
        int k = Series.Count;
        double width = 0.8 / k;
        for (int s = 0; s < k; s++)
        {
            var series = Series[s];
            var color = BarData.ColorOf(this, series, s);
            var bars = new List<Bar>();
            for (int g = 0; g < Groups.Count; g++)
            {
                double v = series.Values[g];
                if (double.IsNaN(v))
                    continue;
                bars.Add(new Bar
                {
                    Position = g - 0.4 + width * (s + 0.5),
                    Value = v,
                    FillColor = color,
                    LineWidth = 0,
                    Size = width * 0.92,
                    Label = ValueFormat is null ? "" : v.ToString(ValueFormat, CultureInfo.InvariantCulture),
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series.Name;
            plottable.ValueLabelStyle.FontSize = k > 3 ? 10 : 12;
        }
        var at = Enumerable.Range(0, Groups.Count).Select(g => (double)g).ToArray();
        CategoryTicks(plot.Axes.Bottom, Groups, at, int.MaxValue);
        if (YRange is { } y)
            plot.Axes.SetLimitsY(y.Min, y.Max);
        else
            plot.Axes.Margins(bottom: 0, top: 0.15);
        Legend(plot);
    }
}

internal static class BarData
{
    public static void Validate(Chart chart, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, bool nonNegative)
    {
        string name = $"Chart '{chart.Title}'";
        if (categories is null || categories.Count == 0)
            throw new ArgumentException($"{name}: give at least one category.");
        if (series is null || series.Count == 0)
            throw new ArgumentException($"{name}: give at least one series.");
        foreach (var s in series)
        {
            if (s?.Values is null || s.Values.Count != categories.Count)
                throw new ArgumentException($"{name}: series '{s?.Name}' has {s?.Values?.Count ?? 0} values but there are {categories.Count} categories.");
            for (int i = 0; i < s.Values.Count; i++)
            {
                double v = s.Values[i];
                if (double.IsInfinity(v) || nonNegative && !(v >= 0))
                    throw new ArgumentException($"{name}: series '{s.Name}' value {i + 1} ({categories[i]}) is {v.ToString(CultureInfo.InvariantCulture)}; "
                        + (nonNegative ? "stacked values must be 0 or more." : "values must be finite (NaN for no data)."));
            }
            if (s.Color is not null)
                ChartColors.Parse(s.Color, $"{name} series '{s.Name}'");
        }
    }

    public static Color ColorOf(Chart chart, BarSeries series, int index) =>
        ChartColors.Parse(series.Color ?? ChartColors.Categorical(index), $"Chart '{chart.Title}' series '{series.Name}'");
}
