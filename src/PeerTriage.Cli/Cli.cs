using System.CommandLine;
using System.Diagnostics;
using PeerTriage.Data;
using PeerTriage.Features;

namespace PeerTriage.Cli;

/// <summary>Options and helpers shared by the commands.</summary>
internal static class Cli
{
    public static Option<FileInfo> DataOption() => new("--data", "-d") { Description = "Input data file (.csv, .tsv or .jsonl).", Required = true };

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
