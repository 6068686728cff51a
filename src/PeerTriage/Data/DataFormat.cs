namespace PeerTriage.Data;

/// <summary>The file formats <see cref="DatasetReader"/> understands.</summary>
public enum DataFormat
{
    /// <summary>RFC 4180 comma-separated values with a header row (<c>.csv</c>).</summary>
    Csv = 0,

    /// <summary>Tab-separated values with a header row and the same quoting rules as CSV (<c>.tsv</c>).</summary>
    Tsv = 1,

    /// <summary>JSON Lines: one JSON object per line, blank lines skipped (<c>.jsonl</c>, <c>.ndjson</c>).</summary>
    JsonLines = 2,
}
