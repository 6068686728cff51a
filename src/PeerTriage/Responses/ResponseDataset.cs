using System.Globalization;
using PeerTriage.Data;

namespace PeerTriage.Responses;

/// <summary>One row of a file of (seeker post, response) pairs, as read by <see cref="ResponseDataset"/>.</summary>
/// <param name="Pair">The pair, with its id (the id column, or the row number), responder, board and posting time.</param>
/// <param name="Label">The label as written (trimmed), or null when no label column was configured.</param>
/// <param name="Mechanism">The mechanism column's value (trimmed), or null when none was configured.</param>
/// <param name="ReplierRole">The replier's role; <see cref="AuthorRole.Unknown"/> when no role column was configured or the cell is blank.</param>
/// <param name="Group">The fold group column's value, or null.</param>
/// <param name="Line">The 1-based physical line where the row starts.</param>
/// <param name="RowNumber">The 1-based data row number.</param>
public sealed record ResponseRecord(ResponsePair Pair, string? Label, string? Mechanism, AuthorRole ReplierRole, string? Group, long Line, long RowNumber);

/// <summary>
/// Reads labelled or unlabelled (seeker post, response) pairs from CSV, TSV and JSON Lines files, streaming row by
/// row, with the same rules, bad-row handling (<see cref="DatasetReadOptions.OnBadRow"/>) and <c>file:line: reason</c>
/// errors (<see cref="DataFormatException"/>) as <see cref="DatasetReader"/>.
/// </summary>
/// <remarks>
/// The format comes from the extension (<see cref="DatasetReader.FormatFromPath"/>). Texts are kept exactly as
/// written; a text longer than <see cref="ResponsePair.MaxTextLength"/> makes its row malformed. Values of the other
/// columns are trimmed.
/// </remarks>
public static class ResponseDataset
{
    /// <summary>Streams the rows of a file. The file is opened when enumeration starts and closed when it ends.</summary>
    /// <param name="path">The file; .csv, .tsv, .jsonl or .ndjson.</param>
    /// <param name="columns">Which columns hold which fields.</param>
    /// <param name="options">What to do with malformed rows; null to throw at the first.</param>
    /// <returns>The rows, in file order, without the skipped ones.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ArgumentException">The extension is not supported, or a text column is blank.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (thrown at once).</exception>
    /// <exception cref="DataFormatException">During enumeration: the file is malformed (a missing column names the
    /// column and the file); with <see cref="DatasetReadOptions.OnBadRow"/>, only for problems of the whole file.</exception>
    public static IEnumerable<ResponseRecord> Read(string path, ResponseDatasetColumns columns, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        var format = DatasetReader.FormatFromPath(path);
        Validate(columns);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Dataset file '{path}' was not found.", path);
        return ReadFile(path, format, new Builder(columns, path, null), options);
    }

    /// <summary>Streams the rows of a dataset from a reader, which is not disposed.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="format">Its format.</param>
    /// <param name="columns">Which columns hold which fields.</param>
    /// <param name="sourceName">A name for error messages, such as a file name; null for none.</param>
    /// <param name="options">What to do with malformed rows; null to throw at the first.</param>
    /// <returns>The rows, in order, without the skipped ones.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="columns"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="format"/> is undefined, or a text column is blank.</exception>
    /// <exception cref="DataFormatException">During enumeration: the text is malformed.</exception>
    public static IEnumerable<ResponseRecord> Read(TextReader reader, DataFormat format, ResponseDatasetColumns columns, string? sourceName = null,
        DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        if (!Enum.IsDefined(format))
            throw new ArgumentException($"Unknown data format {format}.", nameof(format));
        Validate(columns);
        return ReadCore(reader, format, new Builder(columns, sourceName, null), options?.OnBadRow, decoder: null);
    }

    /// <summary>
    /// Loads labelled pairs for training or evaluation, checking every row's mechanism and label against
    /// <paramref name="scheme"/> (a row that fails is malformed: it throws, or is skipped with
    /// <see cref="DatasetReadOptions.OnBadRow"/>). Each example's label is the mechanism's level name,
    /// <see cref="LabeledResponse.Source"/> is <c>file:line</c> (the file name without its folder).
    /// </summary>
    /// <param name="path">The file; .csv, .tsv, .jsonl or .ndjson.</param>
    /// <param name="columns">Which columns hold which fields; <see cref="ResponseDatasetColumns.Label"/> must be set.</param>
    /// <param name="scheme">The mechanisms and levels labels must belong to.</param>
    /// <param name="mechanism">The mechanism every row's label is for, when the file has no mechanism column; null with
    /// a mechanism column, or when the scheme has one mechanism (then it is that one).</param>
    /// <param name="options">What to do with malformed rows; null to throw at the first.</param>
    /// <returns>The examples, in file order, without the skipped rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/>, <paramref name="columns"/> or <paramref name="scheme"/> is null.</exception>
    /// <exception cref="ArgumentException">No label column; the mechanism is given both ways, neither way for a scheme of
    /// several, or is not in the scheme; the extension is not supported.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed, or a row's mechanism or label is not in the scheme.</exception>
    public static IReadOnlyList<LabeledResponse> LoadLabeled(string path, ResponseDatasetColumns columns, ResponseScheme scheme, string? mechanism = null,
        DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(scheme);
        var format = DatasetReader.FormatFromPath(path);
        Validate(columns);
        var labels = Labels(columns, scheme, mechanism);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Dataset file '{path}' was not found.", path);
        return ToLabeled(ReadFile(path, format, new Builder(columns, path, labels), options), Path.GetFileName(path));
    }

    /// <summary>Loads labelled pairs from a reader, which is not disposed (see <see cref="LoadLabeled(string, ResponseDatasetColumns, ResponseScheme, string?, DatasetReadOptions?)"/>).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="format">Its format.</param>
    /// <param name="columns">Which columns hold which fields; <see cref="ResponseDatasetColumns.Label"/> must be set.</param>
    /// <param name="scheme">The mechanisms and levels labels must belong to.</param>
    /// <param name="mechanism">The mechanism of every row, without a mechanism column (see the file overload).</param>
    /// <param name="sourceName">A name for error messages and <see cref="LabeledResponse.Source"/>; null for none (then the source is <c>line N</c>).</param>
    /// <param name="options">What to do with malformed rows; null to throw at the first.</param>
    /// <returns>The examples, in order, without the skipped rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/>, <paramref name="columns"/> or <paramref name="scheme"/> is null.</exception>
    /// <exception cref="ArgumentException">As for the file overload, or <paramref name="format"/> is undefined.</exception>
    /// <exception cref="DataFormatException">The text is malformed, or a row's mechanism or label is not in the scheme.</exception>
    public static IReadOnlyList<LabeledResponse> LoadLabeled(TextReader reader, DataFormat format, ResponseDatasetColumns columns, ResponseScheme scheme,
        string? mechanism = null, string? sourceName = null, DatasetReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(scheme);
        if (!Enum.IsDefined(format))
            throw new ArgumentException($"Unknown data format {format}.", nameof(format));
        Validate(columns);
        var labels = Labels(columns, scheme, mechanism);
        return ToLabeled(ReadCore(reader, format, new Builder(columns, sourceName, labels), options?.OnBadRow, decoder: null), sourceName);
    }

    private static void Validate(ResponseDatasetColumns columns)
    {
        if (string.IsNullOrWhiteSpace(columns.SeekerPost))
            throw new ArgumentException("ResponseDatasetColumns.SeekerPost must name the seeker post's column.", nameof(columns));
        if (string.IsNullOrWhiteSpace(columns.Response))
            throw new ArgumentException("ResponseDatasetColumns.Response must name the response's column.", nameof(columns));
    }

    private static LabelRule Labels(ResponseDatasetColumns columns, ResponseScheme scheme, string? mechanism)
    {
        if (string.IsNullOrWhiteSpace(columns.Label))
            throw new ArgumentException("Loading labelled pairs needs a label column; ResponseDatasetColumns.Label is not set.", nameof(columns));
        bool column = !string.IsNullOrWhiteSpace(columns.Mechanism);
        if (column && mechanism is not null)
            throw new ArgumentException($"The mechanism is given twice: by the column '{columns.Mechanism}' and as '{mechanism}'; give one.", nameof(mechanism));
        if (column)
            return new LabelRule(scheme, -1);
        if (mechanism is null)
        {
            if (scheme.Count == 1)
                return new LabelRule(scheme, 0);
            throw new ArgumentException($"Say which mechanism the labels are for: name it, or a mechanism column; the scheme has {scheme.Describe()}.", nameof(mechanism));
        }
        int m = scheme.IndexOf(mechanism);
        if (m < 0)
            throw new ArgumentException($"'{mechanism}' is not a mechanism of the scheme ({scheme.Describe()}).", nameof(mechanism));
        return new LabelRule(scheme, m);
    }

    private static List<LabeledResponse> ToLabeled(IEnumerable<ResponseRecord> records, string? sourceName)
    {
        var list = new List<LabeledResponse>();
        foreach (var r in records)
        {
            string source = string.IsNullOrEmpty(sourceName)
                ? string.Create(CultureInfo.InvariantCulture, $"line {r.Line}")
                : string.Create(CultureInfo.InvariantCulture, $"{sourceName}:{r.Line}");
            // The builder has resolved the mechanism and label to the scheme's names.
            list.Add(new LabeledResponse(r.Pair, r.Mechanism!, r.Label!) { Group = r.Group, Source = source });
        }
        return list;
    }

    private static IEnumerable<ResponseRecord> ReadFile(string path, DataFormat format, Builder builder, DatasetReadOptions? options)
    {
        using var reader = TextFile.Open(path, out var decoder);
        foreach (var record in ReadCore(reader, format, builder, options?.OnBadRow, decoder))
            yield return record;
    }

    private static IEnumerable<ResponseRecord> ReadCore(TextReader reader, DataFormat format, Builder builder, Action<DataFormatException>? onBadRow,
        TextFile.InvalidUtf8Fallback? decoder) =>
        format == DataFormat.JsonLines ? ReadJsonLines(reader, builder, onBadRow, decoder) : ReadDelimited(reader, format == DataFormat.Tsv ? '\t' : ',', builder, onBadRow, decoder);

    private static void RequireText((string Reason, long Line)? problem, string? sourceName)
    {
        if (problem is { } p)
            throw new DataFormatException(p.Reason, sourceName, p.Line);
    }

    private static void Report(DataFormatException error, Action<DataFormatException>? onBadRow)
    {
        if (onBadRow is null)
            throw error;
        onBadRow(error);
    }

    private static IEnumerable<ResponseRecord> ReadDelimited(TextReader reader, char separator, Builder builder, Action<DataFormatException>? onBadRow,
        TextFile.InvalidUtf8Fallback? decoder)
    {
        string? source = builder.SourceName;
        var csv = new DelimitedRecordReader(reader, separator, source, resynchronise: onBadRow is not null);
        var header = csv.ReadRecord(out var headerError);
        if (headerError is not null)
            throw headerError;
        if (header is null)
            throw new DataFormatException("the input is empty; a header row is required", source, 1);
        RequireText(TextFile.Problem(header, csv.RecordLine, decoder), source);
        string[] names = [.. header.Select(h => h.Trim())];
        int[] map = new int[Builder.FieldCount];
        for (int f = 0; f < map.Length; f++)
            map[f] = builder.Names[f] is { } name ? DatasetReader.ResolveColumn(names, name, source, csv.RecordLine) : -1;

        var values = new string?[Builder.FieldCount];
        long row = 0;
        List<string>? fields;
        while ((fields = csv.ReadRecord(out var error)) is not null)
        {
            row++;
            if (error is null)
                RequireText(TextFile.Problem(fields, csv.RecordLine, decoder), source);
            ResponseRecord? record = null;
            if (error is null && fields.Count != names.Length)
            {
                error = new DataFormatException(
                    string.Create(CultureInfo.InvariantCulture, $"expected {names.Length} fields (as in the header) but found {fields.Count}"), source, csv.RecordLine);
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

    private static IEnumerable<ResponseRecord> ReadJsonLines(TextReader reader, Builder builder, Action<DataFormatException>? onBadRow, TextFile.InvalidUtf8Fallback? decoder)
    {
        var values = new string?[Builder.FieldCount];
        long line = 0, row = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (line == 1 && text.Length > 0 && text[0] == '\uFEFF')
                text = text[1..];
            RequireText(TextFile.Problem(text, line, decoder), builder.SourceName);
            if (string.IsNullOrWhiteSpace(text))
                continue;
            row++;
            var error = DatasetReader.ReadJsonObject(text, builder.Names, values, builder.SourceName, line);
            ResponseRecord? record = null;
            error ??= builder.TryBuild(values, line, row, out record);
            if (error is not null)
            {
                Report(error, onBadRow);
                continue;
            }
            yield return record!;
        }
    }

    /// <summary>The scheme labels must belong to, and the fixed mechanism's index (-1: a column names it).</summary>
    private sealed record LabelRule(ResponseScheme Scheme, int Fixed);

    /// <summary>Turns one row's raw values into a <see cref="ResponseRecord"/>, validating them.</summary>
    private sealed class Builder
    {
        public const int FieldCount = 11;
        private const int Seeker = 0, Response = 1, Label = 2, Mechanism = 3, Id = 4, SeekerId = 5, Group = 6, Responder = 7, Board = 8, Role = 9, PostedAt = 10;

        private readonly LabelRule? _labels;
        private readonly Dictionary<string, long>? _idLines;

        public Builder(ResponseDatasetColumns columns, string? sourceName, LabelRule? labels)
        {
            SourceName = sourceName;
            _labels = labels;
            Names = new string?[FieldCount];
            Names[Seeker] = columns.SeekerPost;
            Names[Response] = columns.Response;
            Names[Label] = Blank(columns.Label);
            Names[Mechanism] = Blank(columns.Mechanism);
            Names[Id] = Blank(columns.Id);
            Names[SeekerId] = Blank(columns.SeekerPostId);
            Names[Group] = Blank(columns.Group);
            Names[Responder] = Blank(columns.Responder);
            Names[Board] = Blank(columns.Board);
            Names[Role] = Blank(columns.ReplierRole);
            Names[PostedAt] = Blank(columns.PostedAt);
            if (Names[Id] is not null)
                _idLines = new Dictionary<string, long>(StringComparer.Ordinal);

            static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        }

        public string? SourceName { get; }

        /// <summary>The column name of each field, or null when it is not read.</summary>
        public string?[] Names { get; }

        /// <summary>Validates one row; the id is registered only once everything else is valid, so a rejected row never
        /// makes a later one a duplicate.</summary>
        public DataFormatException? TryBuild(string?[] values, long line, long row, out ResponseRecord? record)
        {
            record = null;
            string? seeker = values[Seeker];
            string? response = values[Response];
            if (seeker is null)
                return Error($"missing seeker post: '{Names[Seeker]}' is absent or null (an empty string is allowed)", line);
            if (response is null)
                return Error($"missing response: '{Names[Response]}' is absent or null (an empty string is allowed)", line);
            if (seeker.Length > ResponsePair.MaxTextLength)
                return Error(string.Create(CultureInfo.InvariantCulture, $"the seeker post is {seeker.Length:N0} chars long; at most {ResponsePair.MaxTextLength:N0} are accepted"), line);
            if (response.Length > ResponsePair.MaxTextLength)
                return Error(string.Create(CultureInfo.InvariantCulture, $"the response is {response.Length:N0} chars long; at most {ResponsePair.MaxTextLength:N0} are accepted"), line);

            string? label = null;
            if (Names[Label] is not null)
            {
                label = Trimmed(values[Label]);
                if (label is null)
                    return Error($"missing label: '{Names[Label]}' is blank", line);
            }
            string? mechanism = Names[Mechanism] is null ? null : Trimmed(values[Mechanism]);
            if (Names[Mechanism] is not null && mechanism is null)
                return Error($"missing mechanism: '{Names[Mechanism]}' is blank", line);
            if (_labels is { } rule)
            {
                var scheme = rule.Scheme;
                int m = rule.Fixed >= 0 ? rule.Fixed : scheme.IndexOf(mechanism!);
                if (m < 0)
                    return Error($"mechanism '{mechanism}' is not in the scheme ({scheme.Describe()})", line);
                var levels = scheme.Mechanisms[m].Levels;
                string? resolved = ResponseModel.ResolveLabel(label, levels);
                if (resolved is null)
                    return Error($"label '{label}' is not a level of '{scheme.Mechanisms[m].Name}' ({levels.Describe()}, or its index 0..{levels.Count - 1})", line);
                mechanism = scheme.Mechanisms[m].Name;
                label = resolved;
            }

            string id;
            if (_idLines is not null)
            {
                string? given = Trimmed(values[Id]);
                if (given is null)
                    return Error($"missing id: '{Names[Id]}' is blank", line);
                if (_idLines.TryGetValue(given, out long firstLine))
                    return Error(string.Create(CultureInfo.InvariantCulture, $"duplicate id '{given}' (already used by the row on line {firstLine})"), line);
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
                    $"replier role '{roleText}' is not recognised (expected peer, moderator, staff or unknown, or a synonym such as member, user, mod, admin, clinician)", line);
            }

            DateTimeOffset? postedAt = null;
            string? postedText = Trimmed(values[PostedAt]);
            if (postedText is not null)
            {
                if (!DatasetReader.TryParseIso8601(postedText, out var parsed))
                    return Error($"posted time '{postedText}' is not an ISO 8601 date or time (such as 2016-03-01T14:05:00Z)", line);
                postedAt = parsed;
            }
            _idLines?.Add(id, line);

            var pair = new ResponsePair(seeker, response)
            {
                Id = id,
                SeekerPostId = Trimmed(values[SeekerId]),
                ResponderId = Trimmed(values[Responder]),
                Board = Trimmed(values[Board]),
                PostedAt = postedAt,
            };
            record = new ResponseRecord(pair, label, mechanism, role, Trimmed(values[Group]), line, row);
            return null;
        }

        private DataFormatException Error(string reason, long line) => new(reason, SourceName, line);

        private static string? Trimmed(string? s)
        {
            if (s is null)
                return null;
            s = s.Trim();
            return s.Length == 0 ? null : s;
        }
    }
}
