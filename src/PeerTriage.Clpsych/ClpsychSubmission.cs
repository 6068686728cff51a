using System.Globalization;
using PeerTriage.Data;
using PeerTriage.Evaluation;
using PeerTriage.Shared;

namespace PeerTriage.Clpsych;

/// <summary>
/// The CLPsych 2016/2017 submission format used by the official <c>ro-evaluation</c> scorer: one line per message,
/// <c>id&lt;TAB&gt;level</c>, with no header.
/// </summary>
/// <remarks>
/// Reading trims each line and each of its two columns, skips lines that are blank, and rejects lines that do not
/// have exactly two tab-separated, non-blank columns, and repeated ids. (The official scorer also rejects blank lines
/// in the middle of a file; both accept a final line break.)
/// </remarks>
public static class ClpsychSubmission
{
    /// <summary>Writes rows as <c>id\tlevel\n</c> lines (always LF line breaks, whatever <see cref="TextWriter.NewLine"/> is).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="rows">The message ids and level names, in the order to write them.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An id or level is null or blank, contains a tab or a line break, has leading or trailing white space, or an id repeats.</exception>
    public static void Write(TextWriter writer, IEnumerable<(string Id, string Level)> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int position = 0;
        foreach (var (id, level) in rows)
        {
            Check(id, "id", position);
            Check(level, "level", position);
            if (!seen.Add(id))
                throw new ArgumentException($"Id '{id}' at position {position} appears more than once.", nameof(rows));
            writer.Write(id);
            writer.Write('\t');
            writer.Write(level);
            writer.Write('\n');
            position++;
        }

        static void Check(string? value, string what, int position)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"The {what} at position {position} is blank.", nameof(rows));
            if (value.AsSpan().IndexOfAny('\t', '\r', '\n') >= 0)
                throw new ArgumentException($"The {what} '{value.ReplaceLineEndings(" ")}' at position {position} contains a tab or a line break, which the submission format cannot hold.", nameof(rows));
            if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
                throw new ArgumentException($"The {what} '{value}' at position {position} has leading or trailing white space, which reading would drop.", nameof(rows));
        }
    }

    /// <summary>
    /// Writes rows to a file (UTF-8 without a byte order mark), replacing it whole or not at all: the rows go to a
    /// temporary file beside it, which is moved over the path only when every row has been written. An invalid row or an
    /// I/O error leaves an existing file as it was.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="rows">The message ids and level names.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A row is invalid (see <see cref="Write(TextWriter, IEnumerable{ValueTuple{string, string}})"/>).</exception>
    public static void Write(string path, IEnumerable<(string Id, string Level)> rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        AtomicFile.WriteText(path, writer => Write(writer, rows));
    }

    /// <summary>Reads a submission (or gold) file's rows. The reader is not disposed.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="sourceName">A name for error messages, such as the file name; null for none.</param>
    /// <returns>The ids and level names, in order, trimmed. Levels are not checked against a scheme.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="DataFormatException">A line does not have two non-blank columns, or an id repeats.</exception>
    public static IReadOnlyList<(string Id, string Level)> Read(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadRows(reader, sourceName).Select(r => (r.Id, r.Level)).ToList();
    }

    /// <summary>Reads a submission (or gold) file's rows.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The ids and level names, in order, trimmed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A line does not have two non-blank columns, or an id repeats.</exception>
    public static IReadOnlyList<(string Id, string Level)> Read(string path)
    {
        using var reader = OpenText(path);
        return Read(reader, path);
    }

    /// <summary>
    /// Scores a predictions file against a gold file the way the official scorer does: both must have the same number of
    /// rows and the same ids, and rows are paired by id. Unlike the official script, the two files may list the ids in
    /// different orders (the official script aborts in that case); the scores are the same.
    /// </summary>
    /// <param name="scheme">The scheme both files' levels must belong to (case-insensitive).</param>
    /// <param name="goldPath">The gold file.</param>
    /// <param name="predictionsPath">The predictions file.</param>
    /// <returns>The evaluation, with messages in gold-file order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">A file is malformed, a level is not in the scheme, the row counts differ or an id has no partner.</exception>
    public static TriageEvaluation Score(PriorityScheme scheme, string goldPath, string predictionsPath)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        using var gold = OpenText(goldPath);
        using var predictions = OpenText(predictionsPath);
        return Score(scheme, gold, predictions, goldPath, predictionsPath);
    }

    /// <summary>
    /// Scores predictions against gold rows read from text readers; see <see cref="Score(PriorityScheme, string, string)"/>.
    /// The readers are not disposed.
    /// </summary>
    /// <param name="scheme">The scheme both inputs' levels must belong to (case-insensitive).</param>
    /// <param name="gold">The gold rows.</param>
    /// <param name="predictions">The predicted rows.</param>
    /// <param name="goldName">A name for the gold input in error messages.</param>
    /// <param name="predictionsName">A name for the predictions input in error messages.</param>
    /// <returns>The evaluation, with messages in gold order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DataFormatException">An input is malformed, a level is not in the scheme, the row counts differ or an id has no partner.</exception>
    public static TriageEvaluation Score(PriorityScheme scheme, TextReader gold, TextReader predictions, string? goldName = null, string? predictionsName = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predictions);
        var goldRows = ReadRows(gold, goldName);
        var predictedRows = ReadRows(predictions, predictionsName);
        if (goldRows.Count == 0)
            throw new DataFormatException("the gold input has no rows", goldName, 0);
        if (goldRows.Count != predictedRows.Count)
        {
            throw new DataFormatException(
                string.Create(CultureInfo.InvariantCulture, $"has {predictedRows.Count} rows but the gold input{Named(goldName)} has {goldRows.Count}; every gold id needs exactly one prediction"),
                predictionsName, 0);
        }

        var byId = new Dictionary<string, Row>(predictedRows.Count, StringComparer.Ordinal);
        foreach (var row in predictedRows)
            byId.Add(row.Id, row);

        var goldLevels = new int[goldRows.Count];
        var predictedLevels = new int[goldRows.Count];
        for (int i = 0; i < goldRows.Count; i++)
        {
            var g = goldRows[i];
            goldLevels[i] = LevelIndex(scheme, g, goldName);
            if (!byId.TryGetValue(g.Id, out var p))
                throw new DataFormatException($"id '{g.Id}' has no prediction in {(string.IsNullOrEmpty(predictionsName) ? "the predictions" : predictionsName)}", goldName, g.Line);
            predictedLevels[i] = LevelIndex(scheme, p, predictionsName);
        }
        return TriageEvaluation.Compute(scheme, goldLevels, predictedLevels);
    }

    private static string Named(string? name) =>
        string.IsNullOrEmpty(name) ? "" : $" ({name})";

    private static int LevelIndex(PriorityScheme scheme, Row row, string? sourceName)
    {
        if (scheme.TryGetIndex(row.Level, out int index))
            return index;
        throw new DataFormatException($"level '{row.Level}' is not a level of the scheme ({scheme.Describe()})", sourceName, row.Line);
    }

    private static StreamReader OpenText(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Submission file '{path}' was not found.", path);
        return new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    private readonly record struct Row(string Id, string Level, long Line);

    private static List<Row> ReadRows(TextReader reader, string? sourceName)
    {
        var rows = new List<Row>();
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
                line = line[1..];
            var text = line.AsSpan().Trim();
            if (text.IsEmpty)
                continue;
            int tab = text.IndexOf('\t');
            if (tab < 0 || text[(tab + 1)..].Contains('\t'))
            {
                int columns = tab < 0 ? 1 : text.Count('\t') + 1;
                throw new DataFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"expected two tab-separated columns (id, level) but found {columns}"),
                    sourceName, lineNumber);
            }
            string id = text[..tab].Trim().ToString();
            string level = text[(tab + 1)..].Trim().ToString();
            if (id.Length == 0)
                throw new DataFormatException("the id column is blank", sourceName, lineNumber);
            if (level.Length == 0)
                throw new DataFormatException("the level column is blank", sourceName, lineNumber);
            if (!lines.TryAdd(id, lineNumber))
            {
                throw new DataFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"duplicate id '{id}' (already on line {lines[id]})"),
                    sourceName, lineNumber);
            }
            rows.Add(new Row(id, level, lineNumber));
        }
        return rows;
    }
}
