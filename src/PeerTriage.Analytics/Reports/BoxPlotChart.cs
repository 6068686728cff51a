using System.Globalization;
using ScottPlot;

namespace PeerTriage.Analytics.Reports;

/// <summary>
/// The five numbers of a box plot: whiskers, quartiles and median, with the number of values behind them.
/// </summary>
/// <param name="WhiskerLow">Lower whisker end.</param>
/// <param name="Q1">First quartile (box bottom).</param>
/// <param name="Median">Median.</param>
/// <param name="Q3">Third quartile (box top).</param>
/// <param name="WhiskerHigh">Upper whisker end.</param>
/// <param name="Count">Values summarised.</param>
public readonly record struct BoxSummary(double WhiskerLow, double Q1, double Median, double Q3, double WhiskerHigh, int Count)
{
    /// <summary>
    /// Summarises values: quartiles by linear interpolation between order statistics (Hyndman and Fan type 7, the
    /// default of R and NumPy), whiskers at the most extreme values within 1.5 IQR of the box (Tukey).
    /// </summary>
    /// <param name="values">The values; at least one, all finite.</param>
    /// <exception cref="ArgumentException">No values, or a value that is not finite.</exception>
    public static BoxSummary Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("A box plot needs at least one value.", nameof(values));
        var sorted = values.ToArray();
        if (sorted.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("Box plot values must be finite numbers.", nameof(values));
        Array.Sort(sorted);
        double q1 = Quantile(sorted, 0.25), median = Quantile(sorted, 0.5), q3 = Quantile(sorted, 0.75);
        double fence = 1.5 * (q3 - q1);
        double low = sorted.First(v => v >= q1 - fence), high = sorted.Last(v => v <= q3 + fence);
        return new BoxSummary(low, q1, median, q3, high, sorted.Length);
    }

    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

/// <summary>One series of a <see cref="BoxPlotChart"/>: a box per group, or null where the group has no data.</summary>
/// <param name="Name">Its legend text.</param>
/// <param name="Boxes">One box per group, in group order; null for no data.</param>
public sealed record BoxSeries(string Name, IReadOnlyList<BoxSummary?> Boxes)
{
    /// <summary>Fill colour as "#RRGGBB". Default null: the categorical palette in series order.</summary>
    public string? Color { get; init; }
}

/// <summary>
/// Box plots per group and series side by side, such as response latency per level (groups) and period (series). A
/// log scale suits skewed data such as latencies.
/// </summary>
public sealed record BoxPlotChart : Chart
{
    /// <summary>The group labels along the x axis. Required.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>The series. Required; at least one.</summary>
    public required IReadOnlyList<BoxSeries> Series { get; init; }

    /// <summary>Draw the y axis on a base-10 log scale; every value must then be above 0. Default false.</summary>
    public bool LogScale { get; init; }

    private protected override void Validate()
    {
        if (Groups is null || Groups.Count == 0 || Series is null || Series.Count == 0)
            throw Bad("give at least one group and one series.");
        foreach (var s in Series)
        {
            if (s?.Boxes is null || s.Boxes.Count != Groups.Count)
                throw Bad($"series '{s?.Name}' has {s?.Boxes?.Count ?? 0} boxes but there are {Groups.Count} groups.");
            for (int g = 0; g < Groups.Count; g++)
            {
                if (s.Boxes[g] is not { } b)
                    continue;
                double[] v = [b.WhiskerLow, b.Q1, b.Median, b.Q3, b.WhiskerHigh];
                if (v.Any(x => !double.IsFinite(x)) || !(b.WhiskerLow <= b.Q1 && b.Q1 <= b.Median && b.Median <= b.Q3 && b.Q3 <= b.WhiskerHigh))
                    throw Bad($"series '{s.Name}' group '{Groups[g]}': the box is not ordered whisker ≤ Q1 ≤ median ≤ Q3 ≤ whisker with finite values.");
                if (LogScale && b.WhiskerLow <= 0)
                    throw Bad($"series '{s.Name}' group '{Groups[g]}': a log scale needs values above 0 (lowest is {b.WhiskerLow.ToString(CultureInfo.InvariantCulture)}).");
            }
            if (s.Color is not null)
                ChartColors.Parse(s.Color, $"Chart '{Title}' series '{s.Name}'");
        }
    }

    private protected override void Draw(Plot plot)
    {
        int k = Series.Count;
        double width = 0.8 / k;
        double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
        for (int s = 0; s < k; s++)
        {
            var series = Series[s];
            var color = ChartColors.Parse(series.Color ?? ChartColors.Categorical(s), $"Chart '{Title}' series '{series.Name}'");
            var boxes = new List<Box>();
            for (int g = 0; g < Groups.Count; g++)
            {
                if (series.Boxes[g] is not { } b)
                    continue;
                lowest = Math.Min(lowest, b.WhiskerLow);
                highest = Math.Max(highest, b.WhiskerHigh);
                boxes.Add(new Box
                {
                    Position = g - 0.4 + width * (s + 0.5),
                    Width = width * 0.8,
                    WhiskerMin = Y(b.WhiskerLow),
                    BoxMin = Y(b.Q1),
                    BoxMiddle = Y(b.Median),
                    BoxMax = Y(b.Q3),
                    WhiskerMax = Y(b.WhiskerHigh),
                    FillColor = color.WithAlpha(0.75),
                });
            }
            var plottable = plot.Add.Boxes(boxes);
            plottable.LegendText = series.Name;
            plottable.FillColor = color.WithAlpha(0.75);
        }
        var at = Enumerable.Range(0, Groups.Count).Select(g => (double)g).ToArray();
        CategoryTicks(plot.Axes.Bottom, Groups, at, int.MaxValue);
        if (LogScale && double.IsFinite(lowest))
        {
            // Ticks at powers of ten (and at 2 and 5 times them when the data spans little), labelled in data units.
            int from = (int)Math.Floor(Math.Log10(lowest)), to = (int)Math.Ceiling(Math.Log10(highest));
            double[] steps = to - from <= 2 ? [1, 2, 5] : [1];
            var ticks = new List<double>();
            var labels = new List<string>();
            for (int e = from; e <= to; e++)
            {
                foreach (double m in steps)
                {
                    double v = m * Math.Pow(10, e);
                    ticks.Add(Math.Log10(v));
                    labels.Add(v.ToString("G4", CultureInfo.InvariantCulture));
                }
            }
            plot.Axes.Left.SetTicks([.. ticks], [.. labels]);
        }
        Legend(plot);
    }

    private double Y(double v) => LogScale ? Math.Log10(v) : v;
}
