using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeerTriage.Data;

/// <summary>
/// Reads labeled or unlabeled message datasets from CSV, TSV and JSON Lines files, streaming row by row, with errors
/// that name the file, the line and the reason (<see cref="DataFormatException"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>CSV / TSV</b> (RFC 4180): a header row is required; fields are separated by commas (tabs for TSV); a field that starts
/// with a double quote may contain separators, line breaks and doubled quotes (<c>""</c>); CRLF, LF and lone CR line
/// breaks are accepted; a UTF-8 byte order mark and a final line break are optional; completely empty lines are skipped.
/// Every row must have as many fields as the header. Line numbers count physical lines, so a row that follows a
/// multi-line quoted field reports the line it really starts on.
/// </para>
/// <para>
/// <b>JSON Lines</b> (<c>.jsonl</c>, <c>.ndjson</c>): one JSON object per line; blank lines are skipped. Values may be
/// strings or numbers (a number is kept as written, so <c>{"id": 42}</c> gives the id <c>"42"</c>); <c>null</c> or an
/// absent property means missing; other value kinds are an error.
/// </para>
/// <para>
/// Files are read as UTF-8 unless a byte order mark says UTF-16 or UTF-32. A file with a NUL byte (a binary file),
/// bytes that are not UTF-8, or UTF-16 without a byte order mark is an error naming the line where that shows; text
/// from a <see cref="TextReader"/> is checked for NUL characters.
/// </para>
/// <para>
/// Values of id, label, group, thread, parent, author, role, board and time columns are trimmed, and blank optional values
/// become null. Text and subject are kept exactly as written; an empty text is allowed and becomes an empty body.
/// </para>
/// <para>
/// By default the first malformed row throws. With <see cref="DatasetReadOptions.OnBadRow"/> set, malformed rows are
/// handed to it and skipped instead, and the rest of the file is read (see there for how CSV recovers from a stray quote).
/// </para>
/// </remarks>
public static class DatasetReader
{
    /// <summary>The one rule from extension to format; the scorer picks its output format by it too.</summary>
    private static readonly (string Extension, DataFormat Format)[] Extensions =
        [(".csv", DataFormat.Csv), (".tsv", DataFormat.Tsv), (".jsonl", DataFormat.JsonLines), (".ndjson", DataFormat.JsonLines)];

    /// <summary>The file extensions <see cref="Read(string, DatasetColumns, DatasetReadOptions?)"/> recognises (case-insensitive).</summary>
    public static IReadOnlyList<string> SupportedExtensions { get; } = Array.AsReadOnly(Array.ConvertAll(Extensions, e => e.Extension));

    /// <summary>Chooses the format from a file name's extension.</summary>
    /// <param name="path">A file name or path.</param>
    /// <returns><see cref="DataFormat.Csv"/> for <c>.csv</c>, <see cref="DataFormat.Tsv"/> for <c>.tsv</c>,
    /// <see cref="DataFormat.JsonLines"/> for <c>.jsonl</c> and <c>.ndjson</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not supported; the message lists the supported ones.</exception>
    public static DataFormat FormatFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FormatOrNull(path) ?? throw new ArgumentException(
            $"Cannot tell the format of '{path}' from its extension '{Path.GetExtension(path)}'; supported extensions are {string.Join(", ", SupportedExtensions)}.",
            nameof(path));
    }

    /// <summary>The format <paramref name="path"/>'s extension names (case-insensitive), or null for another extension.</summary>
    internal static DataFormat? FormatOrNull(string path)
    {
        var ext = Path.GetExtension(path.AsSpan());
        foreach (var (extension, format) in Extensions)
        {
            if (ext.Equals(extension, StringComparison.OrdinalIgnoreCase))
                return format;
        }
        return null;
    }

    /// <summary>
    /// Streams the rows of a dataset file; the format is chosen by the extension (see <see cref="FormatFromPath"/>).
    /// The file is opened when enumeration starts and closed when it ends.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="columns">Which columns hold which fields.</param>
    /// <param name="options">What to do with malformed rows; null for <see cref="DatasetReadOptions.Default"/> (throw).</param>
    /// <returns>The rows, in file order, without the skipped ones.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not supported, or <paramref name="columns"/> has a blank text column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (thrown immediately, before enumeration).</exception>
    /// <exception cref="DataFormatException">During enumeration: the file is malformed; the message names the file, line and reason.
    /// With <see cref="DatasetReadOptions.OnBadRow"/>, only for problems with the file as a whole, such as a missing column.</exception>
    public static IEnumerable<DatasetRecord> Read(string path, DatasetColumns columns, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        var format = FormatFromPath(path);
        ValidateColumns(columns);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Dataset file '{path}' was not found.", path);
        return ReadFile(path, format, columns, scheme: null, (options ?? DatasetReadOptions.Default).OnBadRow);
    }

    /// <summary>
    /// Streams the rows of a dataset from a reader. The reader is not disposed.
    /// </summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="format">The format of the text.</param>
    /// <param name="columns">Which columns hold which fields.</param>
    /// <param name="sourceName">A name for error messages, such as a file name; null for none.</param>
    /// <param name="options">What to do with malformed rows; null for <see cref="DatasetReadOptions.Default"/> (throw).</param>
    /// <returns>The rows, in order, without the skipped ones.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="format"/> is undefined, or <paramref name="columns"/> has a blank text column.</exception>
    /// <exception cref="DataFormatException">During enumeration: the text is malformed; the message names the source, line and reason.
    /// With <see cref="DatasetReadOptions.OnBadRow"/>, only for problems with the input as a whole, such as a missing column.</exception>
    public static IEnumerable<DatasetRecord> Read(TextReader reader, DataFormat format, DatasetColumns columns, string? sourceName = null, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        if (!Enum.IsDefined(format))
            throw new ArgumentException($"Unknown data format {format}.", nameof(format));
        ValidateColumns(columns);
        return ReadCore(reader, format, columns, sourceName, scheme: null, (options ?? DatasetReadOptions.Default).OnBadRow);
    }

    /// <summary>
    /// Loads a labeled dataset and validates every label against <paramref name="scheme"/> (case-insensitive).
    /// Each <see cref="LabeledMessage.Label"/> is the scheme's canonical level name, <see cref="LabeledMessage.Source"/> is
    /// <c>file:line</c> (the file name without its folder) and <see cref="LabeledMessage.Group"/> comes from the group column.
    /// </summary>
    /// <param name="path">The file to read; the format is chosen by the extension.</param>
    /// <param name="columns">Which columns hold which fields; <see cref="DatasetColumns.Label"/> must be set.</param>
    /// <param name="scheme">The priority scheme the labels must belong to.</param>
    /// <param name="options">What to do with malformed rows (including rows whose label is not a level of the scheme);
    /// null for <see cref="DatasetReadOptions.Default"/> (throw).</param>
    /// <returns>The rows, in file order, without the skipped ones.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/>, <paramref name="columns"/> or <paramref name="scheme"/> is null.</exception>
    /// <exception cref="ArgumentException">No label column is configured, or the extension is not supported.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed or a label is missing or not a level of the scheme.
    /// With <see cref="DatasetReadOptions.OnBadRow"/>, only for problems with the file as a whole, such as a missing column.</exception>
    public static IReadOnlyList<LabeledMessage> LoadLabeled(string path, DatasetColumns columns, PriorityScheme scheme, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(scheme);
        RequireLabel(columns);
        var format = FormatFromPath(path);
        ValidateColumns(columns);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Dataset file '{path}' was not found.", path);
        return ToLabeled(ReadFile(path, format, columns, scheme, (options ?? DatasetReadOptions.Default).OnBadRow), scheme, Path.GetFileName(path));
    }

    /// <summary>
    /// Loads a labeled dataset from a reader and validates every label against <paramref name="scheme"/>. The reader is not disposed.
    /// </summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="format">The format of the text.</param>
    /// <param name="columns">Which columns hold which fields; <see cref="DatasetColumns.Label"/> must be set.</param>
    /// <param name="scheme">The priority scheme the labels must belong to.</param>
    /// <param name="sourceName">A name for error messages and <see cref="LabeledMessage.Source"/>; null for none
    /// (then the source is <c>line N</c>).</param>
    /// <param name="options">What to do with malformed rows (including rows whose label is not a level of the scheme);
    /// null for <see cref="DatasetReadOptions.Default"/> (throw).</param>
    /// <returns>The rows, in order, without the skipped ones.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/>, <paramref name="columns"/> or <paramref name="scheme"/> is null.</exception>
    /// <exception cref="ArgumentException">No label column is configured, or <paramref name="format"/> is undefined.</exception>
    /// <exception cref="DataFormatException">The text is malformed or a label is missing or not a level of the scheme.
    /// With <see cref="DatasetReadOptions.OnBadRow"/>, only for problems with the input as a whole, such as a missing column.</exception>
    public static IReadOnlyList<LabeledMessage> LoadLabeled(TextReader reader, DataFormat format, DatasetColumns columns, PriorityScheme scheme,
        string? sourceName = null, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(scheme);
        RequireLabel(columns);
        if (!Enum.IsDefined(format))
            throw new ArgumentException($"Unknown data format {format}.", nameof(format));
        ValidateColumns(columns);
        return ToLabeled(ReadCore(reader, format, columns, sourceName, scheme, (options ?? DatasetReadOptions.Default).OnBadRow), scheme, sourceName);
    }

    private static void RequireLabel(DatasetColumns columns)
    {
        if (string.IsNullOrWhiteSpace(columns.Label))
            throw new ArgumentException("Loading a labeled dataset needs a label column; DatasetColumns.Label is not set.", nameof(columns));
    }

    /// <summary>Turns records whose labels the reader has already checked against the scheme into labeled messages.</summary>
    private static List<LabeledMessage> ToLabeled(IEnumerable<DatasetRecord> records, PriorityScheme scheme, string? sourceLabel)
    {
        var list = new List<LabeledMessage>();
        foreach (var record in records)
        {
            int index = scheme.IndexOf(record.Label!);
            string source = string.IsNullOrEmpty(sourceLabel)
                ? string.Create(CultureInfo.InvariantCulture, $"line {record.Line}")
                : string.Create(CultureInfo.InvariantCulture, $"{sourceLabel}:{record.Line}");
            list.Add(new LabeledMessage(record.Message, scheme.Levels[index]) { Group = record.Group, Source = source });
        }
        return list;
    }

    private static void ValidateColumns(DatasetColumns columns)
    {
        if (string.IsNullOrWhiteSpace(columns.Text))
            throw new ArgumentException("DatasetColumns.Text must name the text column.", nameof(columns));
    }

    private static IEnumerable<DatasetRecord> ReadFile(string path, DataFormat format, DatasetColumns columns, PriorityScheme? scheme, Action<DataFormatException>? onBadRow)
    {
        using var reader = TextFile.Open(path, out var decoder);
        foreach (var record in ReadCore(reader, format, columns, path, scheme, onBadRow, decoder))
            yield return record;
    }

    /// <summary>
    /// The rows; <paramref name="scheme"/>, when given, is what labels must belong to, and <paramref name="decoder"/>,
    /// for a file opened here as UTF-8, tells its invalid bytes from the text's own characters.
    /// </summary>
    private static IEnumerable<DatasetRecord> ReadCore(TextReader reader, DataFormat format, DatasetColumns columns, string? sourceName,
        PriorityScheme? scheme, Action<DataFormatException>? onBadRow, TextFile.InvalidUtf8Fallback? decoder = null) =>
        format == DataFormat.JsonLines
            ? ReadJsonLines(reader, columns, sourceName, scheme, onBadRow, decoder)
            : ReadDelimited(reader, format == DataFormat.Tsv ? '\t' : ',', columns, sourceName, scheme, onBadRow, decoder);

    /// <summary>Throws when the text is not text (a NUL, or bytes that are not UTF-8): a problem of the whole file, not of one row.</summary>
    private static void RequireText((string Reason, long Line)? problem, string? sourceName)
    {
        if (problem is { } p)
            throw new DataFormatException(p.Reason, sourceName, p.Line);
    }

    private static IEnumerable<DatasetRecord> ReadDelimited(TextReader reader, char separator, DatasetColumns columns, string? sourceName,
        PriorityScheme? scheme, Action<DataFormatException>? onBadRow, TextFile.InvalidUtf8Fallback? decoder)
    {
        var builder = new RecordBuilder(columns, sourceName, scheme);
        var csv = new DelimitedRecordReader(reader, separator, sourceName, resynchronise: onBadRow is not null);
        var header = csv.ReadRecord(out var headerError);
        if (headerError is not null)
            throw headerError; // without a header no row can be read
        if (header is null)
            throw new DataFormatException("the input is empty; a header row is required", sourceName, 1);
        RequireText(TextFile.Problem(header, csv.RecordLine, decoder), sourceName);
        long headerLine = csv.RecordLine;
        string[] headerNames = header.Select(h => h.Trim()).ToArray();
        int[] map = new int[RecordBuilder.FieldCount];
        for (int f = 0; f < map.Length; f++)
        {
            string? name = builder.Names[f];
            map[f] = name is null ? -1 : ResolveColumn(headerNames, name, sourceName, headerLine);
        }

        var values = new string?[RecordBuilder.FieldCount];
        long row = 0;
        List<string>? fields;
        while ((fields = csv.ReadRecord(out var error)) is not null)
        {
            row++;
            if (error is null)
                RequireText(TextFile.Problem(fields, csv.RecordLine, decoder), sourceName);
            DatasetRecord? record = null;
            if (error is null && fields.Count != headerNames.Length)
            {
                error = new DataFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"expected {headerNames.Length} fields (as in the header) but found {fields.Count}"),
                    sourceName, csv.RecordLine);
            }
            if (error is null)
            {
                for (int f = 0; f < values.Length; f++)
                    values[f] = map[f] < 0 ? null : fields[map[f]];
                error = builder.TryBuild(values, csv.RecordLine, row, out record);
            }
            if (error is not null)
            {
                Report(error, onBadRow);
                continue;
            }
            yield return record!;
        }
    }

    /// <summary>Throws the error, or hands it to the handler so the row is skipped.</summary>
    private static void Report(DataFormatException error, Action<DataFormatException>? onBadRow)
    {
        if (onBadRow is null)
            throw error;
        onBadRow(error);
    }

    internal static int ResolveColumn(string[] header, string name, string? sourceName, long headerLine)
    {
        string wanted = name.Trim();
        int found = Find(header, wanted, StringComparison.Ordinal, sourceName, headerLine);
        if (found < 0)
            found = Find(header, wanted, StringComparison.OrdinalIgnoreCase, sourceName, headerLine);
        if (found < 0)
        {
            // Capped, so a file that is not a table (one long first line) does not fill the screen.
            const int MaxNames = 20, MaxName = 30;
            string list = string.Join(", ", header.Take(MaxNames).Select(h => h.Length <= MaxName ? $"'{h}'" : $"'{h[..MaxName]}...'"));
            if (header.Length > MaxNames)
                list += string.Create(CultureInfo.InvariantCulture, $" and {header.Length - MaxNames} more");
            throw new DataFormatException($"missing required column '{wanted}'; the header has {list}", sourceName, headerLine);
        }
        return found;

        static int Find(string[] header, string wanted, StringComparison comparison, string? sourceName, long headerLine)
        {
            int found = -1;
            for (int i = 0; i < header.Length; i++)
            {
                if (!string.Equals(header[i], wanted, comparison))
                    continue;
                if (found >= 0)
                {
                    throw new DataFormatException(
                        string.Create(CultureInfo.InvariantCulture, $"column '{wanted}' appears more than once in the header (fields {found + 1} and {i + 1})"),
                        sourceName, headerLine);
                }
                found = i;
            }
            return found;
        }
    }

    private static IEnumerable<DatasetRecord> ReadJsonLines(TextReader reader, DatasetColumns columns, string? sourceName,
        PriorityScheme? scheme, Action<DataFormatException>? onBadRow, TextFile.InvalidUtf8Fallback? decoder)
    {
        var builder = new RecordBuilder(columns, sourceName, scheme);
        var values = new string?[RecordBuilder.FieldCount];
        long line = 0;
        long row = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (line == 1 && text.Length > 0 && text[0] == '\uFEFF')
                text = text[1..];
            RequireText(TextFile.Problem(text, line, decoder), sourceName);
            if (string.IsNullOrWhiteSpace(text))
                continue;
            row++;
            var error = ReadJsonObject(text, builder.Names, values, sourceName, line);
            DatasetRecord? record = null;
            if (error is null)
                error = builder.TryBuild(values, line, row, out record);
            if (error is not null)
            {
                Report(error, onBadRow);
                continue;
            }
            yield return record!;
        }
    }

    /// <summary>Parses one JSON line into <paramref name="values"/>; returns the error when it is malformed.</summary>
    internal static DataFormatException? ReadJsonObject(string text, string?[] names, string?[] values, string? sourceName, long line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return new DataFormatException(Shared.JsonErrorText.Describe(text, ex), sourceName, line, ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new DataFormatException($"expected a JSON object but found {Describe(root.ValueKind)}", sourceName, line);
            for (int f = 0; f < values.Length; f++)
            {
                string? name = names[f];
                values[f] = null;
                if (name is not null && !TryJsonValue(root, name.Trim(), out values[f]))
                    return new DataFormatException($"property '{name.Trim()}' must be a string or a number, not {Describe(JsonProperty(root, name.Trim()).ValueKind)}", sourceName, line);
            }
        }
        return null;
    }

    /// <summary>The property's value as text (null when absent or JSON null); false when it is of another kind.</summary>
    private static bool TryJsonValue(JsonElement obj, string name, out string? text)
    {
        var value = JsonProperty(obj, name);
        text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null or JsonValueKind.Undefined;
    }

    /// <summary>The property, matched exactly and then case-insensitively; an undefined element when absent.</summary>
    private static JsonElement JsonProperty(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            bool found = false;
            foreach (var property in obj.EnumerateObject())
            {
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    found = true;
                    break;
                }
            }
            if (!found)
                return default;
        }
        return value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Turns the raw values of one row into a <see cref="DatasetRecord"/>, validating them.</summary>
    private sealed class RecordBuilder
    {
        public const int FieldCount = 11;
        private const int Text = 0, Label = 1, Id = 2, Group = 3, ThreadId = 4, ParentId = 5, AuthorId = 6, Role = 7, Board = 8, PostedAt = 9, Subject = 10;

        private readonly string? _sourceName;
        private readonly PriorityScheme? _scheme;
        private readonly Dictionary<string, long>? _idLines;

        public RecordBuilder(DatasetColumns columns, string? sourceName, PriorityScheme? scheme)
        {
            _sourceName = sourceName;
            _scheme = scheme;
            Names = new string?[FieldCount];
            Names[Text] = columns.Text;
            Names[Label] = Blank(columns.Label);
            Names[Id] = Blank(columns.Id);
            Names[Group] = Blank(columns.Group);
            Names[ThreadId] = Blank(columns.ThreadId);
            Names[ParentId] = Blank(columns.ParentId);
            Names[AuthorId] = Blank(columns.AuthorId);
            Names[Role] = Blank(columns.AuthorRole);
            Names[Board] = Blank(columns.Board);
            Names[PostedAt] = Blank(columns.PostedAt);
            Names[Subject] = Blank(columns.Subject);
            if (Names[Id] is not null)
                _idLines = new Dictionary<string, long>(StringComparer.Ordinal);

            static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
        }

        /// <summary>The column name of each field, or null when the field is not read.</summary>
        public string?[] Names { get; }

        /// <summary>Validates one row's values; returns the error, or null and the record.</summary>
        /// <remarks>The id is registered (for the duplicate check) only once everything else is valid, so a rejected
        /// row never makes a later one a duplicate.</remarks>
        public DataFormatException? TryBuild(string?[] values, long line, long row, out DatasetRecord? record)
        {
            record = null;
            string? body = values[Text];
            if (body is null)
                return Error($"missing text: '{Names[Text]}' is absent or null (an empty string is allowed)", line);

            string? label = null;
            if (Names[Label] is not null)
            {
                label = Trimmed(values[Label]);
                if (label is null)
                    return Error($"missing label: '{Names[Label]}' is blank", line);
                if (_scheme is not null && !_scheme.TryGetIndex(label, out _))
                    return Error($"label '{label}' is not a level of the scheme ({_scheme.Describe()})", line);
            }

            string id;
            if (_idLines is not null)
            {
                string? given = Trimmed(values[Id]);
                if (given is null)
                    return Error($"missing id: '{Names[Id]}' is blank", line);
                if (_idLines.TryGetValue(given, out long firstLine))
                {
                    return Error(
                        string.Create(CultureInfo.InvariantCulture, $"duplicate id '{given}' (already used by the row on line {firstLine})"),
                        line);
                }
                id = given;
            }
            else
            {
                id = row.ToString(CultureInfo.InvariantCulture);
            }

            var role = AuthorRole.Unknown;
            string? roleText = Trimmed(values[Role]);
            if (roleText is not null && !AuthorRoles.TryParse(roleText, out role))
            {
                return Error(
                    $"author role '{roleText}' is not recognised (expected peer, moderator, staff or unknown, or a synonym such as member, user, mod, admin, clinician)",
                    line);
            }

            DateTimeOffset? postedAt = null;
            string? postedText = Trimmed(values[PostedAt]);
            if (postedText is not null)
            {
                if (!TryParseIso8601(postedText, out var parsed))
                    return Error($"posted time '{postedText}' is not an ISO 8601 date or time (such as 2016-03-01T14:05:00Z)", line);
                postedAt = parsed;
            }
            _idLines?.Add(id, line);

            string? subject = values[Subject];
            if (string.IsNullOrWhiteSpace(subject))
                subject = null;

            var message = new ForumMessage(body)
            {
                Id = id,
                ThreadId = Trimmed(values[ThreadId]),
                ParentId = Trimmed(values[ParentId]),
                AuthorId = Trimmed(values[AuthorId]),
                AuthorRole = role,
                Board = Trimmed(values[Board]),
                PostedAt = postedAt,
                Subject = subject,
            };
            record = new DatasetRecord(message, label, Trimmed(values[Group]), line, row);
            return null;
        }

        private DataFormatException Error(string reason, long line) => new(reason, _sourceName, line);

        private static string? Trimmed(string? s)
        {
            if (s is null)
                return null;
            s = s.Trim();
            return s.Length == 0 ? null : s;
        }
    }

    /// <summary>Parses an ISO 8601 date or date-time; a value without an offset is taken as UTC.</summary>
    internal static bool TryParseIso8601(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan().Trim();
        if (s.Length < 10 || s[4] != '-' || s[7] != '-')
            return false;
        for (int i = 0; i < 10; i++)
        {
            if (i != 4 && i != 7 && !char.IsAsciiDigit(s[i]))
                return false;
        }
        if (s.Length > 10 && s[10] is not ('T' or 't' or ' '))
            return false;
        if (s.Length > 10 && s.Length < 16)
            return false; // a time needs at least hh:mm
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
