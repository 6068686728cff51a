using PeerTriage.Analytics.Reports;

namespace PeerTriage.Analytics.Tests.Reports;

public class ChartTests
{
    private static IEnumerable<Chart> EveryKind()
    {
        yield return new HeatmapChart
        {
            Title = "Confusion",
            Values = [[0.9, 0.1], [0.3, 0.7]],
            CellLabels = [["9\n90%", "1\n10%"], ["3\n30%", "7\n70%"]],
            RowLabels = ["green", "red"],
            ColumnLabels = ["green", "red"],
        };
        yield return new LineChart
        {
            Title = "PR",
            Series = [new LineSeries("flagged", [0, 0.5, 1], [1, 0.8, 0.4]), new LineSeries("urgent", [0, 1], [1, 0.2]) { Dashed = true, MarkerSize = 5 }],
            Markers = [new ChartMarker("policy", 0.5, 0.8)],
            Diagonal = true,
            XRange = new ChartRange(0, 1),
            YRange = new ChartRange(0, 1),
        };
        yield return new StackedBarChart
        {
            Title = "Weekly",
            Categories = [.. Enumerable.Range(0, 30).Select(w => $"2016-W{w + 1:00}")],
            Series = [new BarSeries("green", [.. Enumerable.Range(0, 30).Select(w => 10.0 + w % 7)]) { Color = ChartColors.Level("green", 0) },
                new BarSeries("red", [.. Enumerable.Range(0, 30).Select(w => 1.0 + w % 3)]) { Color = ChartColors.Level("red", 2) }],
        };
        yield return new GroupedBarChart
        {
            Title = "Response ratio",
            Groups = ["green", "amber", "red", "crisis"],
            Series = [new BarSeries("prelaunch", [0.5, 0.6, 0.7, 0.9]), new BarSeries("postlaunch", [0.55, 0.65, double.NaN, 0.95])],
            ValueFormat = "0.00",
            YRange = new ChartRange(0, 1.1),
        };
        yield return new BoxPlotChart
        {
            Title = "Latency",
            Groups = ["green", "red"],
            Series = [new BoxSeries("pre", [BoxSummary.Of([1, 2, 3, 4, 50]), BoxSummary.Of([0.5, 1, 2])]), new BoxSeries("post", [null, BoxSummary.Of([0.2, 0.4, 0.8, 1])])],
            LogScale = true,
            YLabel = "hours",
        };
    }

    [TestCaseSource(nameof(EveryKind))]
    public void Every_chart_renders_a_png_and_the_same_data_gives_the_same_bytes(Chart chart)
    {
        var first = chart.Render();
        var second = chart.Render();
        first.Png.Span.Slice(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        first.Png.ToArray().Should().Equal(second.Png.ToArray());
        (first.Width, first.Height).Should().Be((chart.Width, chart.Height));
        first.AltText.Should().Be(chart.Title);
    }

    [Test]
    public void Different_data_gives_a_different_image()
    {
        var chart = new GroupedBarChart { Title = "t", Groups = ["a"], Series = [new BarSeries("s", [1])] };
        var other = chart with { Series = [new BarSeries("s", [2])] };
        chart.Render().Png.ToArray().Should().NotEqual(other.Render().Png.ToArray());
    }

    [Test]
    public void Inconsistent_data_is_an_error_naming_the_chart_and_field()
    {
        var ragged = new HeatmapChart { Title = "CM", Values = [[1, 2], [3]], RowLabels = ["a", "b"], ColumnLabels = ["x", "y"] };
        ragged.Invoking(c => c.Render()).Should().Throw<ArgumentException>().WithMessage("Chart 'CM': Values row 2 has 1 cells but there are 2 column labels.");

        var line = new LineChart { Title = "PR", Series = [new LineSeries("f", [0, 1], [double.NaN, 1])] };
        line.Invoking(c => c.Render()).Should().Throw<ArgumentException>().WithMessage("Chart 'PR': series 'f' Y[0] is NaN*");

        var stacked = new StackedBarChart { Title = "W", Categories = ["w1"], Series = [new BarSeries("red", [-1])] };
        stacked.Invoking(c => c.Render()).Should().Throw<ArgumentException>().WithMessage("Chart 'W': series 'red' value 1 (w1) is -1; stacked values must be 0 or more.");

        var log = new BoxPlotChart { Title = "L", Groups = ["g"], Series = [new BoxSeries("s", [BoxSummary.Of([0, 1, 2])])], LogScale = true };
        log.Invoking(c => c.Render()).Should().Throw<ArgumentException>().WithMessage("Chart 'L': series 's' group 'g': a log scale needs values above 0*");

        var color = new GroupedBarChart { Title = "C", Groups = ["g"], Series = [new BarSeries("s", [1]) { Color = "red" }] };
        color.Invoking(c => c.Render()).Should().Throw<ArgumentException>().WithMessage("Chart 'C' series 's': colour 'red' is not #RRGGBB.");
    }

    [Test]
    public void Box_summary_uses_type_7_quartiles_and_tukey_whiskers()
    {
        // Sorted 1..9 and 100: Q1 = 3.25, median 5.5, Q3 = 7.75 (type 7); fence 7.75 + 1.5 × 4.5 = 14.5 leaves 100 out.
        var box = BoxSummary.Of([100, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        box.Should().Be(new BoxSummary(1, 3.25, 5.5, 7.75, 9, 10));
        BoxSummary.Of([4]).Should().Be(new BoxSummary(4, 4, 4, 4, 4, 1));
    }

    [Test]
    public void Level_colours_are_fixed_for_the_default_levels_and_fall_back_to_the_palette()
    {
        ChartColors.Level("Red", 2).Should().Be("#E53935");
        ChartColors.Level("severe", 5).Should().Be(ChartColors.Categorical(5));
        ChartColors.Categorical(8).Should().Be(ChartColors.Categorical(0));
    }
}
