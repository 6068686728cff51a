using System.Globalization;
using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Reads and writes forum exports for the responsiveness study: CSV, TSV or JSON Lines with a message id, thread,
/// parent, author, author role, posting time and (optionally) level per row. Reading uses the core's
/// <see cref="DatasetReader"/>, so quoting, encodings and <c>file:line: reason</c> errors are the same as elsewhere.
/// </summary>
/// <remarks>
/// <para>A row is malformed (a <see cref="DataFormatException"/> naming the file and line) when: its id is blank or
/// repeats an earlier row's; its role is blank or not recognised; its time is blank or not ISO 8601; or, with a level
/// column, a peer's message has no level or a level that is not in the scheme.</para>
/// <para>A parent id that names no message of the export is not an error: the row is a reply to a message the export
/// does not hold (posted before it starts, or deleted). It is kept as a message in its own right, and a moderator's
/// reply of that kind answers nothing the study can see.</para>
/// <para>The first malformed row throws; rows are not skipped, since a silently shorter forum would bias every table.
/// The whole export is held in memory (about 200 bytes a message without text).</para>
/// </remarks>
public static class ForumExport
{
    /// <summary>Reads a whole export file; the format comes from the extension (.csv, .tsv, .jsonl, .ndjson).</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The column names; null for <see cref="ForumExportColumns.Default"/>.</param>
    /// <param name="scheme">The levels a level must belong to; null for <see cref="PriorityScheme.Default"/>.</param>
    /// <returns>The posts in file order, levels written with the scheme's names.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not supported, or a required column name is blank.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed; the message names the file, line and reason.</exception>
    public static IReadOnlyList<ForumPost> Read(string path, ForumExportColumns? columns = null, PriorityScheme? scheme = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        columns ??= ForumExportColumns.Default;
        var dataset = ToDatasetColumns(columns);
        return Collect(DatasetReader.Read(path, dataset), columns, scheme ?? PriorityScheme.Default, path);
    }

    /// <summary>Reads a whole export from a reader, which is not disposed.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="format">Its format.</param>
    /// <param name="columns">The column names; null for <see cref="ForumExportColumns.Default"/>.</param>
    /// <param name="scheme">The levels a level must belong to; null for <see cref="PriorityScheme.Default"/>.</param>
    /// <param name="sourceName">A name for error messages, such as the file name; null for none.</param>
    /// <returns>The posts in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="format"/> is undefined, or a required column name is blank.</exception>
    /// <exception cref="DataFormatException">The text is malformed; the message names the source, line and reason.</exception>
    public static IReadOnlyList<ForumPost> Read(TextReader reader, DataFormat format, ForumExportColumns? columns = null, PriorityScheme? scheme = null,
        string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        columns ??= ForumExportColumns.Default;
        var dataset = ToDatasetColumns(columns);
        return Collect(DatasetReader.Read(reader, format, dataset, sourceName), columns, scheme ?? PriorityScheme.Default, sourceName);
    }

    /// <summary>
    /// Writes posts as CSV with the default columns (<c>id,thread_id,parent_id,author_id,author_role,posted_at,level</c>;
    /// times in UTC), which <see cref="Read(string, ForumExportColumns?, PriorityScheme?)"/> reads back. Text is never written.
    /// </summary>
    /// <param name="writer">Where to write; not disposed.</param>
    /// <param name="posts">The posts.</param>
    /// <exception cref="ArgumentNullException">An argument or a post is null.</exception>
    public static void WriteCsv(TextWriter writer, IEnumerable<ForumPost> posts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(posts);
        writer.Write("id,thread_id,parent_id,author_id,author_role,posted_at,level\n");
        var line = new StringBuilder();
        foreach (var p in posts)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(posts));
            line.Clear();
            Field(line, p.Id).Append(',');
            Field(line, p.ThreadId).Append(',');
            Field(line, p.ParentId).Append(',');
            Field(line, p.AuthorId).Append(',');
            line.Append(RoleName(p.Role)).Append(',');
            line.Append(p.PostedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)).Append(',');
            Field(line, p.Level).Append('\n');
            writer.Write(line);
        }
    }

    private static string RoleName(AuthorRole role) => role switch
    {
        AuthorRole.Peer => "peer",
        AuthorRole.Moderator => "moderator",
        AuthorRole.Staff => "staff",
        _ => "unknown",
    };

    private static StringBuilder Field(StringBuilder sb, string? value)
    {
        if (value is null)
            return sb;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            return sb.Append(value);
        return sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static DatasetColumns ToDatasetColumns(ForumExportColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Require(columns.Id, nameof(ForumExportColumns.Id));
        Require(columns.AuthorRole, nameof(ForumExportColumns.AuthorRole));
        Require(columns.PostedAt, nameof(ForumExportColumns.PostedAt));
        return new DatasetColumns
        {
            // The core reader needs a text column; without one the id stands in, and its "body" is dropped below.
            Text = string.IsNullOrWhiteSpace(columns.Text) ? columns.Id : columns.Text,
            // The core reader wants a label in every row; a level may be blank on a moderator's reply, so the level is
            // read through the board field (trimmed, blank is null), which the study has no other use for.
            Label = null,
            Board = string.IsNullOrWhiteSpace(columns.Level) ? null : columns.Level,
            Id = columns.Id,
            ThreadId = columns.ThreadId,
            ParentId = columns.ParentId,
            AuthorId = columns.AuthorId,
            AuthorRole = columns.AuthorRole,
            // Read again as the group, raw, so a blank role (which the core reads as unknown) can be told from "unknown".
            Group = columns.AuthorRole,
            PostedAt = columns.PostedAt,
            Subject = columns.Subject,
        };

        static void Require(string value, string option)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new ArgumentException($"ForumExportColumns.{option} must name a column.", nameof(columns));
        }
    }

    private static List<ForumPost> Collect(IEnumerable<DatasetRecord> records, ForumExportColumns columns, PriorityScheme scheme, string? source)
    {
        bool hasText = !string.IsNullOrWhiteSpace(columns.Text);
        bool hasLevel = !string.IsNullOrWhiteSpace(columns.Level);
        var posts = new List<ForumPost>();
        using var rows = records.GetEnumerator();
        while (true)
        {
            try
            {
                if (!rows.MoveNext())
                    break;
            }
            catch (DataFormatException ex) when (!hasText && ex.Reason.StartsWith($"missing text: '{columns.Id}'", StringComparison.Ordinal))
            {
                // The id stands in for the core's text column, so an absent id is reported as a missing text: say id.
                throw new DataFormatException($"missing id: '{columns.Id}' is absent or null", ex.FilePath, ex.Line, ex);
            }
            var record = rows.Current;
            var m = record.Message;
            if (record.Group is null)
                throw new DataFormatException($"missing author role: '{columns.AuthorRole}' is blank", source, record.Line);
            if (m.PostedAt is not { } at)
                throw new DataFormatException($"missing posting time: '{columns.PostedAt}' is blank", source, record.Line);
            string? level = null;
            if (hasLevel && m.Board is { } given)
            {
                if (!scheme.TryGetIndex(given, out int index))
                    throw new DataFormatException($"level '{given}' is not a level of the scheme ({scheme.Describe()})", source, record.Line);
                level = scheme.NameOf(index);
            }
            if (hasLevel && level is null && m.AuthorRole == AuthorRole.Peer)
                throw new DataFormatException($"missing level: '{columns.Level}' is blank on a peer's message", source, record.Line);
            posts.Add(new ForumPost(m.Id!, m.AuthorRole, at)
            {
                ThreadId = m.ThreadId,
                ParentId = m.ParentId,
                AuthorId = m.AuthorId,
                Level = level,
                Text = hasText ? m.Body : null,
                Subject = m.Subject,
                Line = record.Line,
            });
        }
        return posts;
    }
}
