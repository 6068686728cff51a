using System.CommandLine;
using System.Diagnostics;
using PeerTriage.Data;
using PeerTriage.Features;

namespace PeerTriage.Cli;

/// <summary>Options and helpers shared by the commands.</summary>
internal static partial class Cli
{
    public static Option<FileInfo> DataOption() => new("--data", "-d") { Description = "Input data file (.csv, .tsv or .jsonl).", Required = true };

    public static Option<bool> SkipBadRows() => new("--skip-bad-rows")
    {
        Description = "Skip malformed rows (bad quoting or JSON, missing text or label, unknown label, ...) instead of stopping at the first one; they are listed on stderr.",
    };

    public static Option<string> TextColumn() => new("--text-column") { Description = "Column holding the message text.", DefaultValueFactory = _ => "text" };

    public static Option<string> LabelColumn() => new("--label-column")
    {
        Description = "Column holding the gold level. Labels match the levels case-insensitively (Crisis and CRISIS are crisis).",
        DefaultValueFactory = _ => "label",
    };

    public static Option<string?> IdColumn() => new("--id-column") { Description = "Column holding the message id. Without it, ids are 1-based data row numbers." };

    public static Option<string?> GroupColumn() => new("--group-column") { Description = "Column holding a group (e.g. the author); groups never straddle folds." };

    public static Option<string?> Levels() => new("--levels")
    {
        Description = "Comma-separated levels, lowest first, for a custom scheme (default green,amber,red,crisis); at least 2. Flagged starts at the second level "
            + "and urgent at the third unless --urgent-from says otherwise. Labels in the data match them case-insensitively.",
    };

    public static Option<string?> UrgentFrom() => new("--urgent-from") { Description = "With --levels: the lowest level that counts as urgent." };

    public static Option<string> FeaturesOption() => new("--features")
    {
        Description = "Feature groups, comma-separated: ngrams, lexicons, context, history (author history only), two-stage; or default.",
        DefaultValueFactory = _ => "default",
    };

    /// <summary>--hash-bits, checked when parsed (the library's range, in the option's words).</summary>
    public static Option<int> HashBits(string description)
    {
        var option = new Option<int>("--hash-bits") { Description = description, DefaultValueFactory = _ => NGramOptions.Default.HashBits };
        return Check(option, v => v is >= 10 and <= 24, "must be between 10 and 24");
    }

    /// <summary>--l2, checked when parsed.</summary>
    public static Option<double> L2(string description)
    {
        var option = new Option<double>("--l2") { Description = description, DefaultValueFactory = _ => TriageTrainingOptions.Default.L2 };
        return Check(option, v => double.IsFinite(v) && v >= 0, "must be a number of at least 0");
    }

    /// <summary>
    /// Adds a range check that fails parsing with <c>--option must ... (got value)</c>, so a bad value stops the command
    /// before it reads anything.
    /// </summary>
    public static Option<T> Check<T>(Option<T> option, Func<T, bool> valid, string rule)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0)
                return;
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // a value that does not convert has its own error
            }
            if (!valid(value))
                result.AddError($"{option.Name} {rule} (got {string.Join(" ", result.Tokens.Select(t => t.Value))})");
        });
        return option;
    }

    /// <summary>An option that takes one of a few words, with the error in the CLI's words.</summary>
    public static Option<T> OneOf<T>(Option<T> option, params string[] words)
    {
        option.AcceptOnlyFromAmong(words);
        option.Validators.Clear();
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!words.Contains(token.Value, StringComparer.Ordinal))
                    result.AddError($"{option.Name} '{token.Value}' is not one of {string.Join(", ", words)}");
            }
        });
        return option;
    }

    public static FeaturePipeline Pipeline(ParseResult parse, Option<string> features, Option<int> hashBits)
    {
        string spec = parse.GetValue(features) ?? "default";
        FeaturePipeline pipeline;
        try
        {
            pipeline = FeaturePipeline.Parse(spec, NGramOptions.Default with { HashBits = parse.GetValue(hashBits) });
        }
        catch (FormatException)
        {
            string bad = spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).First(IsUnknown);
            throw new CliException($"--features '{spec}': '{bad}' is not a feature group; use ngrams, lexicons, context, history, two-stage or default.");
        }
        if (pipeline.TwoStage && pipeline.Lexicons is null && pipeline.Context is null)
            throw new CliException($"--features '{spec}': two-stage needs lexicons or context too (for example --features ngrams,lexicons,two-stage).");
        pipeline.Validate();
        return pipeline;
    }

    private static bool IsUnknown(string group)
    {
        try
        {
            FeaturePipeline.Parse(group);
            return false;
        }
        catch (FormatException)
        {
            return true;
        }
    }

    public static PriorityScheme Scheme(ParseResult parse, Option<string?> levels, Option<string?> urgentFrom)
    {
        string? list = parse.GetValue(levels);
        string? urgent = parse.GetValue(urgentFrom);
        if (string.IsNullOrWhiteSpace(list))
        {
            if (urgent is not null)
                throw new CliException($"--urgent-from needs --levels (for example --levels green,amber,red,crisis --urgent-from {urgent}).");
            return PriorityScheme.Default;
        }
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length < 2)
            throw new CliException($"--levels '{list}': a scheme needs at least 2 levels, lowest first (for example --levels ok,urgent).");
        if (names.Length > PriorityScheme.MaxLevels)
            throw new CliException($"--levels '{list}': a scheme has at most {PriorityScheme.MaxLevels} levels; got {names.Length}.");
        var twice = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new CliException($"--levels '{list}' names '{twice.Key}' twice (level names match case-insensitively).");
        int urgentIndex = urgent is null ? Math.Min(2, names.Length - 1) : Array.FindIndex(names, n => n.Equals(urgent, StringComparison.OrdinalIgnoreCase));
        if (urgentIndex < 1)
            throw new CliException($"--urgent-from '{urgent}' is not one of the levels after the first ({string.Join(", ", names.Skip(1))}).");
        return new PriorityScheme(names, 1, urgentIndex);
    }

    /// <summary>The text and label columns must name a column; the others may be left out.</summary>
    public static void RequireColumns(ParseResult parse, params Option<string>?[] columns)
    {
        foreach (var option in columns)
        {
            if (option is not null && string.IsNullOrWhiteSpace(parse.GetValue(option)))
                throw new CliException($"{option.Name} must name a column of the data.");
        }
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>An input file given by <paramref name="option"/> (null for a positional argument): it must exist and be a file.</summary>
    public static string RequireFile(string? option, FileInfo file)
    {
        string path = file.FullName;
        string named = option is null ? path : $"{option} {path}";
        if (Directory.Exists(path))
            throw new CliException($"{named} is a folder, not a file.");
        if (!File.Exists(path))
        {
            string? folder = Path.GetDirectoryName(path);
            throw new CliException(folder is null || Directory.Exists(folder)
                ? $"{named}: no such file."
                : $"{named}: no such file (the folder {folder} does not exist).");
        }
        return path;
    }

    /// <summary>A data file: it must exist, and its extension must say its format.</summary>
    public static string RequireDataFile(string option, FileInfo file)
    {
        string path = RequireFile(option, file);
        string ext = Path.GetExtension(path);
        if (!DatasetReader.SupportedExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
        {
            string what = ext.Length == 0 ? "has no extension" : $"has the extension '{ext}'";
            throw new CliException($"{option} {path} {what}; name the file .csv, .tsv or .jsonl (or .ndjson) so its format is known.");
        }
        return path;
    }

    /// <summary>True when <paramref name="file"/> loads as a response model rather than a triage model (false for anything else, whose error the triage loader reports).</summary>
    public static bool IsResponseModel(FileInfo file)
    {
        if (!file.Exists)
            return false;
        try
        {
            TriageModel.Load(file.FullName);
            return false;
        }
        catch (Serialization.ModelFormatException e) when (e.Message.Contains("is a response model", StringComparison.Ordinal))
        {
            return true;
        }
        catch (Exception e) when (e is Serialization.ModelFormatException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Loads the model given by <paramref name="option"/>.</summary>
    public static TriageModel LoadModel(string? option, FileInfo file)
    {
        string path = RequireFile(option, file);
        try
        {
            return TriageModel.Load(path);
        }
        catch (Serialization.ModelFormatException e) when (e.Message.Contains("is a response model", StringComparison.Ordinal))
        {
            throw new CliException($"{(option is null ? path : $"{option} {path}")} is a response model (from peertriage responses train); this needs a triage model, from peertriage train.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{(option is null ? path : $"{option} {path}")}: cannot read it ({Reason(e)}).");
        }
    }

    /// <summary>
    /// An output file given by <paramref name="option"/>: not a folder, in a folder that exists and can be written, so
    /// a long run does not fail at its end for a typo.
    /// </summary>
    public static string RequireOutputFile(string option, FileInfo file)
    {
        string path = file.FullName;
        if (Directory.Exists(path))
            throw new CliException($"{option} {path} is a folder; give the path of a file to write.");
        string folder = Path.GetDirectoryName(path) ?? ".";
        if (File.Exists(folder))
            throw new CliException($"{option} {path}: {folder} is a file, not a folder.");
        if (!Directory.Exists(folder))
            throw new CliException($"{option} {path}: the folder {folder} does not exist.");
        string probe = Path.Combine(folder, $".peertriage-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "it takes no new files" : Reason(e);
            throw new CliException($"{option} {path}: cannot write in the folder {folder} ({reason}).");
        }
        return path;
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which writes <paramref name="path"/> (through a temporary file in its folder),
    /// and reports a failure to write as <c>--out PATH: cannot write it (reason)</c>, never naming the temporary file.
    /// </summary>
    public static T Writing<T>(string option, string path, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new CliException($"{option} {path}: cannot write it ({Reason(e)}).");
        }
    }

    /// <summary>Why a file operation failed, without .NET's wording of the path.</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "its folder does not exist",
        FileNotFoundException => "no such file",
        _ => WithoutPaths(OneLine(e.Message)),
    };

    /// <summary>"Read-only file system : '/x/m.ptm.tmp-1'" becomes "Read-only file system": the caller names the file.</summary>
    private static string WithoutPaths(string message)
    {
        string s = QuotedPath().Replace(message, "").Replace(" :", "", StringComparison.Ordinal).Trim().TrimEnd('.', ':').Trim();
        return s.Length == 0 ? "an I/O error" : s;
    }

    /// <summary>
    /// An exception's message in one line, without .NET's tails: "(Parameter 'x')", "Actual value was 1.", a temporary
    /// file's suffix, "Could not find a part of the path". The last resort for errors the commands did not word themselves.
    /// </summary>
    public static string Describe(Exception e)
    {
        string message = e switch
        {
            FileNotFoundException { FileName: { } name } => $"{name}: no such file.",
            DirectoryNotFoundException => PathInMessage(e.Message) is { } path ? $"{path}: the folder does not exist." : e.Message,
            UnauthorizedAccessException => PathInMessage(e.Message) is { } path ? $"{path}: permission denied." : e.Message,
            _ => e.Message,
        };
        message = OneLine(message);
        message = ParameterTail().Replace(message, "");
        message = ActualValueTail().Replace(message, "");
        message = TempSuffix().Replace(message, "");
        return message.Trim();
    }

    private static string? PathInMessage(string message) => QuotedPath().Match(message) is { Success: true } m ? TempSuffix().Replace(m.Groups[1].Value, "") : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial System.Text.RegularExpressions.Regex ParameterTail();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*Actual value was .*$")]
    private static partial System.Text.RegularExpressions.Regex ActualValueTail();

    [System.Text.RegularExpressions.GeneratedRegex(@"\.tmp-\d+")]
    private static partial System.Text.RegularExpressions.Regex TempSuffix();

    [System.Text.RegularExpressions.GeneratedRegex(@"'([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex QuotedPath();

    /// <summary>
    /// Loads labelled rows for a scheme. When the data's levels and the scheme's differ, the error names the levels
    /// found and the <c>--levels</c> that fits them, instead of the library's words.
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="columns">Its columns.</param>
    /// <param name="scheme">The levels the rows must have.</param>
    /// <param name="badRows">The --skip-bad-rows collector, or null to stop at the first bad row.</param>
    /// <param name="requireEveryLevel">Training needs every level of the scheme; evaluating a trained model does not.</param>
    /// <param name="schemeOption">Where the scheme came from, for the hint: <c>--levels</c>, or the model.</param>
    public static IReadOnlyList<LabeledMessage> LoadLabeled(string path, DatasetColumns columns, PriorityScheme scheme, BadRows? badRows,
        bool requireEveryLevel, string schemeOption = "--levels")
    {
        IReadOnlyList<LabeledMessage> rows;
        try
        {
            rows = DatasetReader.LoadLabeled(path, columns, scheme, badRows?.ReadOptions);
        }
        catch (DataFormatException e) when (LabelsIn(path, columns, scheme) is { } found && found.FirstUnknownLine == e.Line)
        {
            // The first bad row is a label the scheme lacks: say which levels the data has, and how to ask for them.
            // Levels of the default scheme in its order, as people list them; any others as they appear.
            var labels = found.Labels.OrderBy(l => PriorityScheme.Default.TryGetIndex(l, out int j) ? j : PriorityScheme.Default.Count).ToList();
            var unknown = labels.Where(l => !scheme.TryGetIndex(l, out _)).Select(l => $"'{l}'");
            string hint = schemeOption == "--levels"
                ? "pass --levels with every level of the data, lowest first"
                : "its levels are fixed; relabel the data or train a model with those levels";
            throw new CliException($"{Path.GetFileName(path)}:{e.Line}: the data has levels that are not in the scheme ({scheme.Describe()}): "
                + $"{string.Join(", ", unknown)} (levels found: {string.Join(", ", labels)}); {hint}.");
        }
        badRows?.Report();
        if (rows.Count == 0)
        {
            throw new CliException($"{Path.GetFileName(path)}: no labelled rows to use"
                + (badRows is { Count: > 0 } ? " (every row was skipped as bad)." : " (the file has no data rows)."));
        }
        if (columns.Group is { } group && rows.FirstOrDefault(r => r.Group is null) is { } ungrouped)
        {
            throw new CliException($"{ungrouped.Source}: --group-column '{group}' is blank on this row; every row needs a group "
                + "(grouped folds keep each group in one fold).");
        }
        if (requireEveryLevel)
        {
            var counts = new int[scheme.Count];
            foreach (var row in rows)
                counts[scheme.IndexOf(row.Label)]++;
            var missing = scheme.Levels.Where((_, j) => counts[j] == 0).ToList();
            if (missing.Count > 0)
            {
                var present = scheme.Levels.Where((_, j) => counts[j] > 0).ToList();
                string which = string.Join(", ", missing.Select(l => $"'{l}'"));
                string fix = present.Count >= 2 ? $"pass --levels {string.Join(",", present)}" : "every level needs at least one row";
                throw new CliException($"{Path.GetFileName(path)}: the data has no {which} rows (levels found: {string.Join(", ", present)}); {fix}.");
            }
        }
        return rows;
    }

    /// <summary>
    /// The distinct labels of a file, in order of first appearance (case-insensitive), and the line of the first label
    /// the scheme lacks; malformed rows are skipped. Null when the file cannot be read again.
    /// </summary>
    private static (List<string> Labels, long FirstUnknownLine)? LabelsIn(string path, DatasetColumns columns, PriorityScheme scheme)
    {
        try
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var found = new List<string>();
            long firstUnknown = -1;
            foreach (var record in DatasetReader.Read(path, columns, new DatasetReadOptions { OnBadRow = _ => { } }))
            {
                if (record.Label is not { } label)
                    continue;
                if (firstUnknown < 0 && !scheme.TryGetIndex(label, out _))
                    firstUnknown = record.Line;
                if (seen.Add(label))
                    found.Add(label);
            }
            return (found, firstUnknown);
        }
        catch (Exception e) when (e is IOException or DataFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Counts the rows skipped by <c>--skip-bad-rows</c> and keeps the first few for the report, so a file with millions
    /// of bad rows costs no more memory than one with ten.
    /// </summary>
    public sealed class BadRows
    {
        /// <summary>How many skipped rows the report lists by file and line.</summary>
        public const int Listed = 10;

        private readonly List<DataFormatException> _first = [];

        private BadRows()
        {
        }

        /// <summary>A collector when the option is on, else null (bad rows then throw).</summary>
        public static BadRows? From(ParseResult parse, Option<bool> skip) => parse.GetValue(skip) ? new BadRows() : null;

        public long Count { get; private set; }

        public DatasetReadOptions ReadOptions => new() { OnBadRow = Add };

        private void Add(DataFormatException error)
        {
            Count++;
            if (_first.Count < Listed)
                _first.Add(error);
        }

        /// <summary>For example <c>skipped 3 bad rows: posts.csv:17: unterminated quoted field (...); posts.csv:20: ...</c>.</summary>
        public string Describe()
        {
            var items = _first.Select(e =>
            {
                string file = e.FilePath is null ? "" : Path.GetFileName(e.FilePath) + ":";
                return $"{file}{e.Line}: {OneLine(e.Reason)}";
            });
            string list = string.Join("; ", items);
            string more = Count > _first.Count ? $"; and {Count - _first.Count:N0} more" : "";
            return $"skipped {Count:N0} bad row{(Count == 1 ? "" : "s")}: {list}{more}";
        }

        /// <summary>Prints the report on stderr when rows were skipped, even with --quiet: it is about the data, not progress.</summary>
        public void Report()
        {
            if (Count > 0)
                Console.Error.WriteLine($"peertriage: warning: {Describe()}");
        }
    }

    /// <summary>Progress lines on stderr, so stdout stays machine-readable.</summary>
    public sealed class Progress(bool quiet)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(string message)
        {
            if (!quiet)
                Console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {message}");
        }
    }

    public static DatasetColumns Columns(ParseResult parse, Option<string> text, Option<string>? label, Option<string?> id, Option<string?>? group) =>
        new()
        {
            Text = parse.GetValue(text)!,
            Label = label is null ? null : parse.GetValue(label),
            Id = parse.GetValue(id),
            Group = group is null ? null : parse.GetValue(group),
        };
}

/// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> posts to the thread pool, which can reorder lines).</summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>An error in the CLI's own words: printed as one line, without the library's wording.</summary>
internal sealed class CliException(string message) : Exception(message);
