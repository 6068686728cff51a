using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Moderation;

/// <summary>
/// Writes labelled messages in the training CSV format: the demo corpus's columns
/// <c>id,thread_id,parent_id,author_id,author_role,board,posted_at,subject,body,label</c>
/// (<see cref="DatasetColumns.ForumDefaults"/>), RFC 4180 quoting, UTF-8 without a BOM, <c>\n</c> line ends.
/// </summary>
public static class TrainingCsv
{
    /// <summary>The header line's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ColumnNames(DatasetColumns.ForumDefaults);

    /// <summary>Writes a header and one row per example.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(TextWriter writer, IEnumerable<LabeledMessage> examples)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(examples);
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        var row = new StringBuilder();
        foreach (var example in examples)
        {
            var m = example.Message;
            row.Clear();
            Field(row, m.Id, first: true);
            Field(row, m.ThreadId);
            Field(row, m.ParentId);
            Field(row, m.AuthorId);
            Field(row, m.AuthorRole == AuthorRole.Unknown ? null : m.AuthorRole.ToString().ToLowerInvariant());
            Field(row, m.Board);
            Field(row, m.PostedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Field(row, m.Subject);
            Field(row, m.Body);
            Field(row, example.Label);
            row.Append('\n');
            writer.Write(row);
        }
    }

    /// <summary>Writes the examples to a file (created or overwritten).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(string path, IEnumerable<LabeledMessage> examples)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, examples);
    }

    /// <summary>The names in the order <see cref="Write(TextWriter, IEnumerable{LabeledMessage})"/> writes the fields,
    /// taken from the reader's columns so that what this writes, <see cref="DatasetReader"/> reads back.</summary>
    private static ReadOnlyCollection<string> ColumnNames(DatasetColumns c) =>
        Array.AsReadOnly([c.Id!, c.ThreadId!, c.ParentId!, c.AuthorId!, c.AuthorRole!, c.Board!, c.PostedAt!, c.Subject!, c.Text, c.Label!]);

    private static void Field(StringBuilder row, string? value, bool first = false)
    {
        if (!first)
            row.Append(',');
        if (string.IsNullOrEmpty(value))
            return;
        bool quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        if (!quote)
        {
            row.Append(value);
            return;
        }
        row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
