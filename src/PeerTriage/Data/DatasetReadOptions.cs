namespace PeerTriage.Data;

/// <summary>How <see cref="DatasetReader"/> treats rows it cannot read. Every property has a documented default.</summary>
/// <example>
/// Skipping bad rows and reporting them:
/// <code>
/// var skipped = new List&lt;DataFormatException&gt;();
/// var rows = DatasetReader.LoadLabeled("posts.csv", columns, scheme, new DatasetReadOptions { OnBadRow = skipped.Add });
/// foreach (var error in skipped)
///     Console.Error.WriteLine(error.Message); // posts.csv:17: unterminated quoted field (...)
/// </code>
/// </example>
public sealed record DatasetReadOptions
{
    /// <summary>The default options: the first malformed row throws.</summary>
    public static DatasetReadOptions Default { get; } = new();

    /// <summary>
    /// Receives each malformed row's error, naming the file, the line where the row starts and the reason; the row is
    /// then skipped and reading goes on. Default null: the first malformed row throws its <see cref="DataFormatException"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A row is malformed when it cannot be parsed (CSV quoting, invalid JSON, a line that is not a JSON object, a
    /// value of the wrong JSON kind, the wrong number of fields) or when its values are invalid (missing text, label or
    /// id, a duplicate id, an unknown author role, a bad time, and, when loading labeled data, a label that is not a
    /// level of the scheme). Problems with the file as a whole, such as an empty input, a missing or repeated header
    /// column, or input that is not text (a NUL byte, bytes that are not UTF-8, UTF-16 without a byte order mark),
    /// always throw: with the wrong encoding every row with an accent would be skipped.
    /// </para>
    /// <para>
    /// A skipped row does not count: its id does not make a later row's id a duplicate. Row numbers (and ids made from
    /// them) still count it, so the other rows keep the numbers they have in the file.
    /// </para>
    /// <para>
    /// In CSV and TSV a quoted field that is never closed would run to the end of the input. Instead, the row it starts
    /// is reported, and reading resumes at the line after the one where the quote opened; likewise when a quoted field
    /// spans lines and its closing quote is followed by text. A broken row is therefore reported with the line it
    /// starts on, and the rows after it are read as usual (one of them is reported too if its own text held the quote
    /// that seemed to close the field). Resuming reads again, from memory, the lines the field took in.
    /// </para>
    /// <para>
    /// The handler runs on the thread that enumerates the rows, before the next row is read. To stop reading (for
    /// example after too many errors), throw from it: the exception propagates to the caller.
    /// </para>
    /// </remarks>
    public Action<DataFormatException>? OnBadRow { get; init; }
}
