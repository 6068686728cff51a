using System.Globalization;
using ScottPlot;

namespace PeerTriage.Analytics.Reports;

/// <summary>
/// A heat map of a matrix with a label in every cell, such as a confusion matrix (rows = gold level, columns =
/// predicted level). Row 0 is drawn at the top.
/// </summary>
public sealed record HeatmapChart : Chart
{
    /// <summary>The values that set each cell's colour, row by row. Required; every row as long as <see cref="ColumnLabels"/>.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Values { get; init; }

    /// <summary>The label of each row, top first. Required.</summary>
    public required IReadOnlyList<string> RowLabels { get; init; }

    /// <summary>The label of each column, left first. Required.</summary>
    public required IReadOnlyList<string> ColumnLabels { get; init; }

    /// <summary>The text in each cell, same shape as <see cref="Values"/>. Default null, which prints the values (up to 3 decimals).</summary>
    public IReadOnlyList<IReadOnlyList<string>>? CellLabels { get; init; }

    /// <summary>The values mapped to the lightest and darkest colours. Default null: from the smaller of 0 and the minimum to the maximum.</summary>
    public ChartRange? ColorRange { get; init; }

    /// <summary>Show a colour bar beside the map. Default false (the cells carry their labels).</summary>
    public bool ShowColorBar { get; init; }

    private protected override void Validate()
    {
        if (Values is null || RowLabels is null || ColumnLabels is null)
            throw Bad("Values, RowLabels and ColumnLabels are required.");
        if (Values.Count == 0 || Values.Count != RowLabels.Count)
            throw Bad($"{Values.Count} rows of values but {RowLabels.Count} row labels; give one label per row, at least one row.");
        for (int r = 0; r < Values.Count; r++)
        {
            if (Values[r] is null || Values[r].Count != ColumnLabels.Count)
                throw Bad($"Values row {r + 1} has {Values[r]?.Count ?? 0} cells but there are {ColumnLabels.Count} column labels.");
            RequireFinite(Values[r], $"Values[{r}]");
            if (CellLabels is not null && (r >= CellLabels.Count || CellLabels[r] is null || CellLabels[r].Count != ColumnLabels.Count))
                throw Bad($"CellLabels row {r + 1} does not have {ColumnLabels.Count} cells like Values.");
        }
        if (CellLabels is not null && CellLabels.Count != Values.Count)
            throw Bad($"CellLabels has {CellLabels.Count} rows but Values has {Values.Count}.");
        if (ColorRange is { } range && !(range.Max > range.Min))
            throw Bad("ColorRange.Max must be above ColorRange.Min.");
    }

    private protected override void Draw(Plot plot)
    {
        int rows = Values.Count, columns = ColumnLabels.Count;
        var data = new double[rows, columns];
        double min = 0, max = double.NegativeInfinity;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                data[r, c] = Values[r][c];
                min = Math.Min(min, data[r, c]);
                max = Math.Max(max, data[r, c]);
            }
        }
        var range = ColorRange ?? new ChartRange(min, max > min ? max : min + 1);
        var map = plot.Add.Heatmap(data);
        // Reversed: ScottPlot's Blues runs dark to light, and a heat map should darken as values grow.
        map.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
        map.ManualRange = new ScottPlot.Range(range.Min, range.Max);
        if (ShowColorBar)
            plot.Add.ColorBar(map);
        // ScottPlot draws row 0 at the top, cells centred on integer coordinates.
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                string label = CellLabels?[r][c] ?? data[r, c].ToString("0.###", CultureInfo.InvariantCulture);
                var text = plot.Add.Text(label, c, rows - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = columns > 6 ? 11 : 14;
                double shade = (data[r, c] - range.Min) / (range.Max - range.Min);
                // Dark cells get white text so the label stays readable.
                text.LabelFontColor = shade > 0.55 ? Colors.White : Colors.Black;
            }
        }
        var columnAt = Enumerable.Range(0, columns).Select(c => (double)c).ToArray();
        var rowAt = Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray();
        CategoryTicks(plot.Axes.Bottom, ColumnLabels, columnAt, int.MaxValue);
        CategoryTicks(plot.Axes.Left, RowLabels, rowAt, int.MaxValue);
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
    }
}
