using System.Globalization;
using ScottPlot;

namespace PeerTriage.Analytics.Reports;

/// <summary>An axis range: <see cref="Min"/> to <see cref="Max"/>.</summary>
/// <param name="Min">Lower end.</param>
/// <param name="Max">Upper end; above <paramref name="Min"/>.</param>
public readonly record struct ChartRange(double Min, double Max);

/// <summary>
/// A chart over plain data, rendered with ScottPlot to a PNG <see cref="ReportFigure"/>. The same data renders to the
/// same bytes. The concrete charts are <see cref="HeatmapChart"/>, <see cref="LineChart"/>, <see cref="StackedBarChart"/>,
/// <see cref="GroupedBarChart"/> and <see cref="BoxPlotChart"/>.
/// </summary>
public abstract record Chart
{
    private protected Chart()
    {
    }

    /// <summary>The title drawn above the plot. Required.</summary>
    public required string Title { get; init; }

    /// <summary>The horizontal axis label. Default "" (none).</summary>
    public string XLabel { get; init; } = "";

    /// <summary>The vertical axis label. Default "" (none).</summary>
    public string YLabel { get; init; } = "";

    /// <summary>Width in pixels, 200 to 4000. Default 560.</summary>
    public int Width { get; init; } = 560;

    /// <summary>Height in pixels, 150 to 4000. Default 420.</summary>
    public int Height { get; init; } = 420;

    /// <summary>Caption under the figure in the report. Default null (none).</summary>
    public string? Caption { get; init; }

    /// <summary>Alt text of the figure. Default null, which uses the <see cref="Title"/>.</summary>
    public string? AltText { get; init; }

    /// <summary>Renders the chart to a PNG figure.</summary>
    /// <exception cref="ArgumentException">The data is inconsistent (lengths differ, non-finite values, a size out of range); the message names the chart and the field.</exception>
    public ReportFigure Render()
    {
        if (string.IsNullOrWhiteSpace(Title))
            throw new ArgumentException("A chart needs a title.");
        if (Width is < 200 or > 4000 || Height is < 150 or > 4000)
            throw new ArgumentException($"Chart '{Title}': the size {Width}×{Height} is outside 200–4000 × 150–4000 pixels.");
        Validate();
        using var plot = new Plot();
        Style(plot);
        plot.Title(Title, 16);
        if (XLabel.Length > 0)
            plot.XLabel(XLabel, 14);
        if (YLabel.Length > 0)
            plot.YLabel(YLabel, 14);
        Draw(plot);
        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        return ReportFigure.FromPng(png, Width, Height, AltText ?? Title, Caption);
    }

    /// <summary>Checks the data; throws <see cref="ArgumentException"/> naming the chart and field.</summary>
    private protected abstract void Validate();

    /// <summary>Adds the chart's plottables and axis settings.</summary>
    private protected abstract void Draw(Plot plot);

    private protected ArgumentException Bad(string what) => new($"Chart '{Title}': {what}");

    private protected void RequireFinite(IReadOnlyList<double> values, string field)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
                throw Bad($"{field}[{i}] is {values[i].ToString(CultureInfo.InvariantCulture)}; values must be finite numbers.");
        }
    }

    private static string? _font;

    private static void Style(Plot plot)
    {
        // A sans-serif font that is present here: ScottPlot falls back to a serif one otherwise.
        _font ??= ChooseFont();
        if (_font.Length > 0)
            plot.Font.Set(_font);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Grid.MajorLineColor = Color.FromHex("#e6e6e6");
    }

    private static string ChooseFont()
    {
        string[] wanted = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI"];
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies();
        return wanted.FirstOrDefault(w => installed.Contains(w, StringComparer.OrdinalIgnoreCase)) ?? "";
    }

    /// <summary>Puts text labels at integer positions 0..n−1 of an axis, thinning them to at most <paramref name="most"/>.</summary>
    private protected static void CategoryTicks(IAxis axis, IReadOnlyList<string> labels, IReadOnlyList<double> positions, int most)
    {
        int step = Math.Max(1, (labels.Count + most - 1) / most);
        var at = new List<double>();
        var text = new List<string>();
        for (int i = 0; i < labels.Count; i += step)
        {
            at.Add(positions[i]);
            text.Add(labels[i]);
        }
        axis.SetTicks([.. at], [.. text]);
        axis.MajorTickStyle.Length = 0;
    }

    /// <summary>The legend below the plot, items side by side and wrapping, so it never covers data and is never cut off.</summary>
    private protected static void Legend(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontSize = 12;
    }

    /// <summary>Labels bottom categories, at most as many as fit at about <paramref name="pixelsPerLabel"/> pixels each.</summary>
    private protected int MaxLabels(int pixelsPerLabel) => Math.Max(2, (Width - 100) / pixelsPerLabel);
}
