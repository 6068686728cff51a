namespace PeerTriage.Data;

/// <summary>
/// A data file (or stream) is malformed: the message names the file, the 1-based physical line where the offending
/// record starts and the reason, as in <c>posts.csv:17: label 'purple' is not a level of the scheme (green &lt; amber &lt; red &lt; crisis)</c>.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates an exception with a generic reason and no location.</summary>
    public DataFormatException()
        : this("the data is malformed")
    {
    }

    /// <summary>Creates an exception with a reason and no location.</summary>
    /// <param name="reason">What is wrong.</param>
    public DataFormatException(string reason)
        : this(reason, filePath: null, line: 0)
    {
    }

    /// <summary>Creates an exception with a reason, no location and an inner exception.</summary>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The underlying error, such as a JSON parse error.</param>
    public DataFormatException(string reason, Exception? innerException)
        : this(reason, filePath: null, line: 0, innerException)
    {
    }

    /// <summary>Creates an exception naming the file, line and reason.</summary>
    /// <param name="reason">What is wrong.</param>
    /// <param name="filePath">The file (or stream name); null when unknown.</param>
    /// <param name="line">The 1-based physical line where the offending record starts; 0 when unknown.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DataFormatException(string reason, string? filePath, long line, Exception? innerException = null)
        : base(Format(reason, filePath, line), innerException)
    {
        Reason = reason ?? "";
        FilePath = filePath;
        Line = line < 0 ? 0 : line;
    }

    /// <summary>The file (or stream name) that is malformed, or null when reading from an unnamed stream.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based physical line where the offending record starts, or 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    private static string Format(string? reason, string? filePath, long line)
    {
        reason ??= "";
        bool hasFile = !string.IsNullOrEmpty(filePath);
        return (hasFile, line > 0) switch
        {
            (true, true) => $"{filePath}:{line}: {reason}",
            (true, false) => $"{filePath}: {reason}",
            (false, true) => $"line {line}: {reason}",
            _ => reason,
        };
    }
}
