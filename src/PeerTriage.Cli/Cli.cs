using System.CommandLine;
using System.Diagnostics;
using PeerTriage.Data;
using PeerTriage.Features;

namespace PeerTriage.Cli;

/// <summary>Options and helpers shared by the commands.</summary>
internal static class Cli
{
    public static Option<FileInfo> DataOption() => new("--data", "-d") { Description = "Input data file (.csv, .tsv or .jsonl).", Required = true };

    public static Option<bool> SkipBadRows() => new("--skip-bad-rows")
    {
        Description = "Skip malformed rows (bad quoting or JSON, missing text or label, unknown label, ...) instead of stopping at the first one; they are listed on stderr.",
    };

    public static Option<string> TextColumn() => new("--text-column") { Description = "Column holding the message text.", DefaultValueFactory = _ => "text" };

    public static Option<string> LabelColumn() => new("--label-column") { Description = "Column holding the gold level.", DefaultValueFactory = _ => "label" };

    public static Option<string?> IdColumn() => new("--id-column") { Description = "Column holding the message id. Without it, ids are 1-based data row numbers." };

    public static Option<string?> GroupColumn() => new("--group-column") { Description = "Column holding a group (e.g. the author); groups never straddle folds." };

    public static Option<string?> Levels() => new("--levels") { Description = "Comma-separated levels, lowest first, for a custom scheme (default green,amber,red,crisis). Flagged starts at the second level and urgent at the third unless --urgent-from says otherwise." };

    public static Option<string?> UrgentFrom() => new("--urgent-from") { Description = "With --levels: the lowest level that counts as urgent." };

    public static Option<string> FeaturesOption() => new("--features")
    {
        Description = "Feature groups, comma-separated: ngrams, lexicons, context, history (author history only), two-stage; or default.",
        DefaultValueFactory = _ => "default",
    };

    public static FeaturePipeline Pipeline(ParseResult parse, Option<string> features, Option<int> hashBits) =>
        FeaturePipeline.Parse(parse.GetValue(features) ?? "default", FeatureOptions.Default with { HashBits = parse.GetValue(hashBits) });

    public static PriorityScheme Scheme(ParseResult parse, Option<string?> levels, Option<string?> urgentFrom)
    {
        string? list = parse.GetValue(levels);
        if (string.IsNullOrWhiteSpace(list))
            return PriorityScheme.Default;
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string? urgent = parse.GetValue(urgentFrom);
        int urgentIndex = urgent is null ? Math.Min(2, names.Length - 1) : Array.FindIndex(names, n => n.Equals(urgent, StringComparison.OrdinalIgnoreCase));
        if (urgentIndex < 1)
            throw new ArgumentException($"--urgent-from '{urgent}' is not one of the levels after the first ({list}).");
        return new PriorityScheme(names, 1, urgentIndex);
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

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
            var unknown = found.Labels.Where(l => !scheme.TryGetIndex(l, out _)).Select(l => $"'{l}'");
            string hint = schemeOption == "--levels"
                ? "pass --levels with every level of the data, lowest first"
                : "its levels are fixed; relabel the data or train a model with those levels";
            throw new CliException($"{Path.GetFileName(path)}:{e.Line}: the data has levels that are not in the scheme ({scheme.Describe()}): "
                + $"{string.Join(", ", unknown)} (levels found: {string.Join(", ", found.Labels)}); {hint}.");
        }
        badRows?.Report();
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

/// <summary>An error in the CLI's own words: printed as one line, without the library's wording.</summary>
internal sealed class CliException(string message) : Exception(message);
