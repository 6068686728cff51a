using System.Net;
using System.Text;
using PeerTriage.Shared;

namespace PeerTriage.Analytics.Reports;

/// <summary>
/// A self-contained HTML report: a title, sections of paragraphs, tables and figures, with inline CSS and figures
/// embedded as data URIs. It references nothing outside the file (no script, font, style sheet or image from anywhere),
/// so it opens offline, and every text value is HTML-encoded. The same content gives the same HTML, byte for byte.
/// </summary>
/// <remarks>Build it on one thread; writing it (<see cref="ToHtml"/>, <see cref="Save"/>) does not change it.</remarks>
public sealed class HtmlReport
{
    private readonly List<ReportSection> _sections = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="title">The page title and top heading; not blank.</param>
    /// <param name="subtitle">A line under the title (data, model, date); null for none.</param>
    /// <exception cref="ArgumentException">The title is blank.</exception>
    public HtmlReport(string title, string? subtitle = null)
    {
        if (string.IsNullOrWhiteSpace(title))
            throw new ArgumentException("A report needs a title.", nameof(title));
        Title = title;
        Subtitle = subtitle;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The line under the title, or null.</summary>
    public string? Subtitle { get; }

    /// <summary>The top-level sections, in order.</summary>
    public IReadOnlyList<ReportSection> Sections => _sections;

    /// <summary>Adds a top-level section and returns it to be filled.</summary>
    /// <param name="heading">The section heading; not blank.</param>
    /// <exception cref="ArgumentException">The heading is blank.</exception>
    public ReportSection AddSection(string heading)
    {
        var section = new ReportSection(heading, 2);
        _sections.Add(section);
        return section;
    }

    /// <summary>The whole page as HTML.</summary>
    /// <exception cref="ArgumentException">A table's rows do not match its columns (the message names the table and row).</exception>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>").Append(Encode(Title)).Append("</title>\n");
        sb.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>").Append(Encode(Title)).Append("</h1>\n");
        if (Subtitle is not null)
            sb.Append("<p class=\"subtitle\">").Append(Encode(Subtitle)).Append("</p>\n");
        if (_sections.Count > 1)
        {
            // A table of contents; section anchors are numbered so any heading text is safe.
            sb.Append("<nav><ol>\n");
            for (int i = 0; i < _sections.Count; i++)
                sb.Append("<li><a href=\"#s").Append(i + 1).Append("\">").Append(Encode(_sections[i].Heading)).Append("</a></li>\n");
            sb.Append("</ol></nav>\n");
        }
        for (int i = 0; i < _sections.Count; i++)
            _sections[i].Write(sb, $"s{i + 1}");
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> as UTF-8, whole or not at all (a temporary file beside it is moved over it).</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <exception cref="ArgumentException">The path is blank, or a table is malformed.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission is denied.</exception>
    public void Save(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("The report needs a file path.", nameof(path));
        string html = ToHtml();
        AtomicFile.WriteText(path, writer => writer.Write(html));
    }

    /// <summary>HTML-encodes text: &amp;, &lt;, &gt;, quotes and apostrophes.</summary>
    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    // Plain system fonts only: a web font would be an external reference.
    private const string Css = """
        body { margin: 0; background: #fafafa; color: #1f2328; font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 20px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
        h3 { font-size: 16px; margin: 20px 0 6px; }
        .subtitle { color: #57606a; margin: 0 0 12px; }
        nav ol { margin: 4px 0 8px; padding-left: 22px; color: #57606a; }
        nav a { color: #0b5cad; text-decoration: none; }
        table { border-collapse: collapse; margin: 8px 0 4px; background: #fff; font-size: 14px; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border: 1px solid #d0d7de; padding: 3px 10px; text-align: left; vertical-align: top; }
        th { background: #f0f3f6; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .note { color: #57606a; font-size: 13px; margin: 2px 0 12px; }
        .figures { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-start; }
        figure { margin: 8px 0; background: #fff; border: 1px solid #d0d7de; padding: 6px; }
        figure img { display: block; max-width: 100%; height: auto; }
        figcaption { color: #57606a; font-size: 13px; margin-top: 4px; max-width: 560px; }

        """;
}

/// <summary>A section of an <see cref="HtmlReport"/>: a heading and its content, in the order added.</summary>
public sealed class ReportSection
{
    private readonly List<object> _items = [];
    private readonly int _level;

    internal ReportSection(string heading, int level)
    {
        if (string.IsNullOrWhiteSpace(heading))
            throw new ArgumentException("A section needs a heading.", nameof(heading));
        Heading = heading;
        _level = level;
    }

    /// <summary>The heading.</summary>
    public string Heading { get; }

    /// <summary>Adds a paragraph of plain text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public ReportSection AddParagraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _items.Add(text);
        return this;
    }

    /// <summary>Adds a table; it is checked now.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The rows do not match the columns.</exception>
    public ReportSection AddTable(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        _items.Add(table);
        return this;
    }

    /// <summary>Adds figures side by side (wrapping when the page is narrow).</summary>
    /// <exception cref="ArgumentException">No figures, or a null one.</exception>
    public ReportSection AddFigures(params IReadOnlyList<ReportFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (figures.Count == 0 || figures.Any(f => f is null))
            throw new ArgumentException("Give at least one figure, and no null ones.", nameof(figures));
        _items.Add(figures.ToArray());
        return this;
    }

    /// <summary>Adds a figure with a table beside it (below it when the page is narrow), such as a chart and its numbers.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table's rows do not match its columns.</exception>
    public ReportSection AddFigureWithTable(ReportFigure figure, ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        _items.Add((figure, table));
        return this;
    }

    /// <summary>Adds a subsection (one heading level down, at most h4) and returns it to be filled.</summary>
    /// <exception cref="ArgumentException">The heading is blank.</exception>
    public ReportSection AddSection(string heading)
    {
        var section = new ReportSection(heading, Math.Min(_level + 1, 4));
        _items.Add(section);
        return section;
    }

    internal void Write(StringBuilder sb, string? id)
    {
        sb.Append("<section>\n<h").Append(_level);
        if (id is not null)
            sb.Append(" id=\"").Append(id).Append('"');
        sb.Append('>').Append(HtmlReport.Encode(Heading)).Append("</h").Append(_level).Append(">\n");
        foreach (var item in _items)
        {
            switch (item)
            {
                case string text:
                    sb.Append("<p>").Append(HtmlReport.Encode(text)).Append("</p>\n");
                    break;
                case ReportTable table:
                    WriteTable(sb, table);
                    break;
                case ReportFigure[] figures:
                    sb.Append("<div class=\"figures\">\n");
                    foreach (var f in figures)
                        WriteFigure(sb, f);
                    sb.Append("</div>\n");
                    break;
                case ValueTuple<ReportFigure, ReportTable> pair:
                    sb.Append("<div class=\"figures\">\n");
                    WriteFigure(sb, pair.Item1);
                    sb.Append("<div>\n");
                    WriteTable(sb, pair.Item2);
                    sb.Append("</div>\n</div>\n");
                    break;
                case ReportSection section:
                    section.Write(sb, null);
                    break;
            }
        }
        sb.Append("</section>\n");
    }

    private static void WriteTable(StringBuilder sb, ReportTable table)
    {
        table.Validate();
        sb.Append("<table>\n");
        if (table.Caption is not null)
            sb.Append("<caption>").Append(HtmlReport.Encode(table.Caption)).Append("</caption>\n");
        sb.Append("<thead><tr>");
        foreach (var c in table.Columns)
            sb.Append(c.Numeric ? "<th class=\"num\">" : "<th>").Append(HtmlReport.Encode(c.Header ?? "")).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            for (int c = 0; c < row.Count; c++)
                sb.Append(table.Columns[c].Numeric ? "<td class=\"num\">" : "<td>").Append(HtmlReport.Encode(row[c] ?? "")).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        if (table.Notes is not null)
            sb.Append("<p class=\"note\">").Append(HtmlReport.Encode(table.Notes)).Append("</p>\n");
    }

    private static void WriteFigure(StringBuilder sb, ReportFigure f)
    {
        sb.Append("<figure><img src=\"").Append(f.ToDataUri()).Append("\" width=\"").Append(f.Width).Append("\" height=\"").Append(f.Height)
            .Append("\" alt=\"").Append(HtmlReport.Encode(f.AltText)).Append("\">");
        if (f.Caption is not null)
            sb.Append("<figcaption>").Append(HtmlReport.Encode(f.Caption)).Append("</figcaption>");
        sb.Append("</figure>\n");
    }
}
