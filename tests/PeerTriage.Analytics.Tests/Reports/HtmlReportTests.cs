using PeerTriage.Analytics.Reports;

namespace PeerTriage.Analytics.Tests.Reports;

public class HtmlReportTests
{
    private static ReportFigure SmallFigure(string title = "bars") => new GroupedBarChart
    {
        Title = title,
        Groups = ["a", "b"],
        Series = [new BarSeries("s", [1, 2])],
        Width = 200,
        Height = 150,
    }.Render();

    [Test]
    public void Every_text_value_is_encoded()
    {
        const string evil = "<script>alert(\"x\")</script> & 'q'";
        var report = new HtmlReport(evil, evil);
        var section = report.AddSection(evil);
        section.AddParagraph(evil);
        section.AddTable(new ReportTable { Columns = [new(evil), new(evil, true)], Rows = [[evil, evil]], Caption = evil, Notes = evil });
        section.AddFigures(ReportFigure.FromPng(SmallFigure().Png.Span, 10, 10, evil, evil));
        section.AddSection(evil).AddParagraph(evil);

        string html = report.ToHtml();
        html.Should().NotContain("<script>").And.NotContain("alert(\"x\")").And.NotContain("& 'q'");
        html.Should().Contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
        // <title>, h1, subtitle, heading, paragraph, two headers, two cells, caption, notes, alt, figcaption, subsection, its paragraph.
        html.Split("&lt;script&gt;").Length.Should().Be(15 + 1);
        SelfContained.Check(html);
    }

    [Test]
    public void Tables_align_numeric_columns_right_and_reject_ragged_rows()
    {
        var table = new ReportTable { Columns = [new("level"), new("n", Numeric: true)], Rows = [["red", "12"]] };
        var report = new HtmlReport("t");
        report.AddSection("s").AddTable(table);
        string html = report.ToHtml();
        html.Should().Contain("<th>level</th><th class=\"num\">n</th>").And.Contain("<td>red</td><td class=\"num\">12</td>");

        var ragged = table with { Rows = [["red"]], Caption = "Table 2" };
        var act = () => report.AddSection("x").AddTable(ragged);
        act.Should().Throw<ArgumentException>().WithMessage("table 'Table 2': row 1 has 1 cells but the header has 2 columns.");
    }

    [Test]
    public void Figures_are_embedded_png_data_uris_and_the_page_is_self_contained()
    {
        var figure = SmallFigure();
        var report = new HtmlReport("Report");
        report.AddSection("one").AddFigures(figure);
        report.AddSection("two").AddFigureWithTable(figure, new ReportTable { Columns = [new("c")], Rows = [] });
        string html = report.ToHtml();
        html.Should().Contain("<img src=\"" + figure.ToDataUri() + "\"");
        html.Should().Contain("href=\"#s1\"").And.Contain("id=\"s2\"");
        SelfContained.Check(html);
        Convert.FromBase64String(figure.ToDataUri()["data:image/png;base64,".Length..]).Should().Equal(figure.Png.ToArray());
    }

    [Test]
    public void Save_writes_the_html_atomically_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "r.html");
        File.WriteAllText(path, "old");
        var report = new HtmlReport("Saved");
        report.AddSection("s").AddParagraph("p");
        report.Save(path);
        File.ReadAllText(path).Should().Be(report.ToHtml());
        Directory.GetFiles(dir.Path).Should().ContainSingle();
    }

    [Test]
    public void A_figure_must_be_a_png_with_alt_text()
    {
        var notPng = () => ReportFigure.FromPng("<svg/>"u8, 10, 10, "alt");
        notPng.Should().Throw<ArgumentException>().WithMessage("The figure's bytes are not a PNG image.*");
        var noAlt = () => ReportFigure.FromPng(SmallFigure().Png.Span, 10, 10, " ");
        noAlt.Should().Throw<ArgumentException>().WithMessage("A figure needs alt text*");
    }
}
