namespace PeerTriage.Data;

/// <summary>One row of a dataset, as read by <see cref="DatasetReader"/>.</summary>
public sealed record DatasetRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="message">The message; its <see cref="ForumMessage.Id"/> should be set.</param>
    /// <param name="label">The label as written in the file (trimmed), or null when the data is unlabeled.</param>
    /// <param name="group">The cross-validation group, or null.</param>
    /// <param name="line">The 1-based physical line where the row starts.</param>
    /// <param name="rowNumber">The 1-based data row number (the first row after a CSV header is 1).</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public DatasetRecord(ForumMessage message, string? label, string? group, long line, long rowNumber)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
        Label = label;
        Group = group;
        Line = line;
        RowNumber = rowNumber;
    }

    /// <summary>The message. Its <see cref="ForumMessage.Id"/> is always set: from the id column, or the row number.</summary>
    public ForumMessage Message { get; init; }

    /// <summary>The label as written in the file (trimmed), or null when no label column was configured.</summary>
    public string? Label { get; init; }

    /// <summary>The cross-validation group, or null when no group column was configured or the cell is blank.</summary>
    public string? Group { get; init; }

    /// <summary>The 1-based physical line where the row starts (a CSV row can span several lines).</summary>
    public long Line { get; init; }

    /// <summary>The 1-based data row number: the first row after a CSV header, or the first non-blank JSON line, is 1.</summary>
    public long RowNumber { get; init; }
}
