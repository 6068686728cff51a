using ScottPlot;

namespace PeerTriage.Analytics.Reports;

/// <summary>One curve of a <see cref="LineChart"/>.</summary>
/// <param name="Name">Its legend text; "" for none.</param>
/// <param name="X">Horizontal coordinates.</param>
/// <param name="Y">Vertical coordinates, one per x.</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Line colour as "#RRGGBB". Default null: the categorical palette in series order.</summary>
    public string? Color { get; init; }

    /// <summary>Marker size at each point in pixels; 0 draws the line only. Default 0.</summary>
    public float MarkerSize { get; init; }

    /// <summary>Draw the line dashed. Default false.</summary>
    public bool Dashed { get; init; }

    /// <summary>Draw the points as a staircase (each y holds until the next x). Default false.</summary>
    public bool Step { get; init; }
}

/// <summary>A marked point on a <see cref="LineChart"/>, such as an operating point on a precision–recall curve.</summary>
/// <param name="Label">Its legend text.</param>
/// <param name="X">Horizontal coordinate.</param>
/// <param name="Y">Vertical coordinate.</param>
public sealed record ChartMarker(string Label, double X, double Y)
{
    /// <summary>Colour as "#RRGGBB". Default null: the colour of the series at the same index, else black.</summary>
    public string? Color { get; init; }
}

/// <summary>
/// Curves with optional marked points and an optional y = x diagonal: precision–recall curves with operating points,
/// reliability diagrams. The legend sits below the plot so it never covers a curve.
/// </summary>
public sealed record LineChart : Chart
{
    /// <summary>The curves. Required; may be empty when only markers are drawn.</summary>
    public required IReadOnlyList<LineSeries> Series { get; init; }

    /// <summary>Marked points, drawn over the curves. Default empty.</summary>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    /// <summary>Draw the dashed y = x diagonal (perfect calibration). Default false.</summary>
    public bool Diagonal { get; init; }

    /// <summary>Horizontal range. Default null (fit the data).</summary>
    public ChartRange? XRange { get; init; }

    /// <summary>Vertical range. Default null (fit the data).</summary>
    public ChartRange? YRange { get; init; }

    private protected override void Validate()
    {
        if (Series is null || Markers is null)
            throw Bad("Series and Markers must not be null.");
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i] ?? throw Bad($"Series[{i}] is null.");
            if (s.X is null || s.Y is null || s.X.Count != s.Y.Count)
                throw Bad($"series '{s.Name}' has {s.X?.Count ?? 0} x values but {s.Y?.Count ?? 0} y values.");
            RequireFinite(s.X, $"series '{s.Name}' X");
            RequireFinite(s.Y, $"series '{s.Name}' Y");
            if (s.Color is not null)
                ChartColors.Parse(s.Color, $"Chart '{Title}' series '{s.Name}'");
        }
        foreach (var m in Markers)
        {
            if (m is null || !double.IsFinite(m.X) || !double.IsFinite(m.Y))
                throw Bad($"marker '{m?.Label}' needs finite coordinates.");
        }
        if (XRange is { } x && !(x.Max > x.Min) || YRange is { } y && !(y.Max > y.Min))
            throw Bad("a range's Max must be above its Min.");
    }

    private protected override void Draw(Plot plot)
    {
        bool legend = false;
        if (Diagonal)
        {
            var lo = Math.Min(XRange?.Min ?? 0, YRange?.Min ?? 0);
            var hi = Math.Max(XRange?.Max ?? 1, YRange?.Max ?? 1);
            var line = plot.Add.Line(lo, lo, hi, hi);
            line.LineColor = Color.FromHex("#888888");
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
            line.LegendText = "perfect calibration";
            legend = true;
        }
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            var color = SeriesColor(i);
            var scatter = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray(), color);
            scatter.LineWidth = 2;
            scatter.MarkerSize = s.MarkerSize;
            scatter.ConnectStyle = s.Step ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;
            if (s.Dashed)
                scatter.LinePattern = LinePattern.Dashed;
            if (s.Name.Length > 0)
            {
                scatter.LegendText = s.Name;
                legend = true;
            }
        }
        MarkerShape[] shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleUp];
        for (int i = 0; i < Markers.Count; i++)
        {
            var m = Markers[i];
            var color = m.Color is not null ? ChartColors.Parse(m.Color, $"Chart '{Title}' marker '{m.Label}'")
                : i < Series.Count ? SeriesColor(i) : Colors.Black;
            var marker = plot.Add.Marker(m.X, m.Y, shapes[i % shapes.Length], 13, color);
            marker.MarkerLineColor = Colors.Black;
            marker.MarkerLineWidth = 1.5f;
            if (m.Label.Length > 0)
            {
                marker.LegendText = m.Label;
                legend = true;
            }
        }
        if (XRange is { } x)
            plot.Axes.SetLimitsX(x.Min, x.Max);
        if (YRange is { } y)
            plot.Axes.SetLimitsY(y.Min, y.Max);
        if (legend)
        {
            Legend(plot);
        }
    }

    private Color SeriesColor(int i) =>
        Series[i].Color is { } hex ? ChartColors.Parse(hex, $"Chart '{Title}' series '{Series[i].Name}'") : Color.FromHex(ChartColors.Categorical(i));
}
