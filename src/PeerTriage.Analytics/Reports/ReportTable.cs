namespace PeerTriage.Analytics.Reports;

/// <summary>One column of a <see cref="ReportTable"/>.</summary>
/// <param name="Header">The header text.</param>
/// <param name="Numeric">Right-align the column with tabular figures, as numbers should be. Default false.</param>
public readonly record struct ReportColumn(string Header, bool Numeric = false);

/// <summary>
/// A table of text cells for an <see cref="HtmlReport"/>: a header row, body rows, and an optional caption and notes.
/// Cells are plain text (formatted by the caller) and are HTML-encoded when written.
/// </summary>
public sealed record ReportTable
{
    /// <summary>The columns, left to right. Required; at least one.</summary>
    public required IReadOnlyList<ReportColumn> Columns { get; init; }

    /// <summary>The body rows; each has one cell per column. Required; may be empty.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }

    /// <summary>The caption above the table. Default null (none).</summary>
    public string? Caption { get; init; }

    /// <summary>Notes below the table, such as how a figure was computed. Default null (none).</summary>
    public string? Notes { get; init; }

    /// <summary>Checks the shape: at least one column, and every row as wide as the header.</summary>
    /// <exception cref="ArgumentException">The table is empty of columns, or a row has the wrong number of cells; the message names the table and row.</exception>
    public void Validate()
    {
        string name = Caption is null ? "a table" : $"table '{Caption}'";
        if (Columns is null || Columns.Count == 0)
            throw new ArgumentException($"{name} has no columns.");
        if (Rows is null)
            throw new ArgumentException($"{name} has no row list.");
        for (int r = 0; r < Rows.Count; r++)
        {
            if (Rows[r] is null || Rows[r].Count != Columns.Count)
                throw new ArgumentException($"{name}: row {r + 1} has {Rows[r]?.Count ?? 0} cells but the header has {Columns.Count} columns.");
        }
    }
}
