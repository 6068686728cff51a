using System.Globalization;
using System.Text;

namespace PeerTriage.Moderation;

/// <summary>
/// Writes labelled messages in the training CSV format: the demo corpus's columns
/// <c>id,thread_id,parent_id,author_id,author_role,board,posted_at,subject,body,label</c>
/// (<c>DatasetColumns.ForumDefaults</c>), RFC 4180 quoting, UTF-8 without a BOM, <c>\n</c> line ends.
/// </summary>
public static class TrainingCsv
{
    /// <summary>The header line's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["id", "thread_id", "parent_id", "author_id", "author_role", "board", "posted_at", "subject", "body", "label"];

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

/// <summary>Retraining on moderators' corrections.</summary>
public static class Retraining
{
    /// <summary>
    /// The base data with the corrections applied: a correction replaces the base example with the same message id,
    /// and is appended when no base example has that id. Base order is kept; appended corrections follow in their order.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<LabeledMessage> Merge(IEnumerable<LabeledMessage> baseData, IEnumerable<LabeledMessage> corrections)
    {
        ArgumentNullException.ThrowIfNull(baseData);
        ArgumentNullException.ThrowIfNull(corrections);
        var byId = new Dictionary<string, LabeledMessage>(StringComparer.Ordinal);
        var order = new List<string>();
        var extra = new List<LabeledMessage>();
        foreach (var c in corrections)
        {
            if (c.Message.Id is not { } id)
                extra.Add(c);
            else if (byId.TryAdd(id, c))
                order.Add(id);
            else
                byId[id] = c; // the last correction of a message wins
        }
        var merged = new List<LabeledMessage>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var example in baseData)
        {
            if (example.Message.Id is { } id && byId.TryGetValue(id, out var correction))
            {
                merged.Add(correction);
                used.Add(id);
            }
            else
            {
                merged.Add(example);
            }
        }
        merged.AddRange(order.Where(id => !used.Contains(id)).Select(id => byId[id]));
        merged.AddRange(extra);
        return merged;
    }

    /// <summary>Trains a new model on <see cref="Merge"/> of the base data and the corrections.</summary>
    /// <param name="baseData">The original training data.</param>
    /// <param name="corrections">Moderators' corrections, for example <see cref="ModerationQueue.GetCorrections"/>.</param>
    /// <param name="options">Training options; null for the defaults. Set its scheme for a custom scheme.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <exception cref="ArgumentNullException"><paramref name="baseData"/> or <paramref name="corrections"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is not a level of the training scheme (from <c>TriageModel.Train</c>).</exception>
    public static TriageModel Retrain(IEnumerable<LabeledMessage> baseData, IEnumerable<LabeledMessage> corrections,
        TriageTrainingOptions? options = null, CancellationToken cancellationToken = default) =>
        TriageModel.Train(Merge(baseData, corrections), options, cancellationToken);
}
