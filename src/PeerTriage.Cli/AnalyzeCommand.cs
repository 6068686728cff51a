using System.CommandLine;
using System.Globalization;
using PeerTriage.Analytics.Reports;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Statistics;
using PeerTriage.Data;
using PeerTriage.Moderation;

namespace PeerTriage.Cli;

/// <summary>
/// <c>peertriage analyze responsiveness</c>: the deployment study (response ratio and latency of moderators' replies to
/// peers' messages per level and period, with regressions and planned comparisons) on a forum export, written as a
/// self-contained HTML report and, optionally, JSON holding every number of it.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(Option<bool> quiet) =>
        new("analyze", "Research analyses of a forum's history.") { Responsiveness(quiet) };

    private static Command Responsiveness(Option<bool> quiet)
    {
        var defaults = ForumExportColumns.Default;
        var posts = new Option<FileInfo?>("--posts", "-p") { Description = "The forum export (.csv, .tsv or .jsonl): every message of every role, one per row. Or give --events." };
        var events = new Option<FileInfo?>("--events", "-e")
        {
            Description = "Instead of --posts: a moderation event log (.jsonl, as queue replay reads it). Its messages and replies are the forum; needs --model, "
                + "which assigns every level except those a moderator corrected.",
        };
        var db = new Option<FileInfo?>("--db")
        {
            Description = "Instead of --posts: a SQLite moderation store (the forum's queue database), opened read-only beside the running forum. "
                + "Its messages, replies and levels are the forum (a moderator's correction, else the classifier's level); deleted messages are left out.",
        };
        var model = new Option<FileInfo?>("--model", "-m")
        {
            Description = "Assign levels retroactively with this triage model (.ptm), each message in its thread as it was when posted; needs a text column. Without it the export needs a level column.",
        };
        var periods = new Option<string>("--periods")
        {
            Description = "Period boundaries, comma-separated dates (yyyy-mm-dd, midnight UTC) or ISO 8601 times, increasing; N boundaries make N + 1 periods. The paper's: 2016-08-05,2016-11-27.",
            Required = true,
        };
        var periodNames = new Option<string?>("--period-names")
        {
            Description = "Names of the periods, comma-separated, one more than the boundaries (default prelaunch,postlaunch,post-training for two boundaries; prelaunch,postlaunch for one).",
        };
        var alpha = Cli.Check(
            new Option<double>("--alpha") { Description = "Adjusted alpha of the planned pairwise comparisons between periods (default 0.004, the paper's).", DefaultValueFactory = _ => PlannedComparisons.StudyAlpha },
            a => a > 0 && a < 1, "must be between 0 and 1 (exclusive)");
        var percentiles = Cli.OneOf(new Option<string>("--percentiles")
        {
            Description = "How medians and quartiles are computed: weighted (SPSS's default, Hyndman-Fan type 6; the default) or linear (R's and NumPy's default, type 7).",
            DefaultValueFactory = _ => "weighted",
        }, "weighted", "linear");
        var deeper = new Option<bool>("--deeper-replies") { Description = "Count a moderator's reply anywhere below a message in its reply tree as a response (default: direct replies only, as the paper)." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the HTML report (one self-contained file that opens offline).", Required = true };
        var json = new Option<FileInfo?>("--json") { Description = "Also write every number of the report as JSON here." };
        var levels = Cli.Levels();
        var urgentFrom = Cli.UrgentFrom();
        var id = new Option<string>("--id-column") { Description = $"Column holding the message id (default {defaults.Id}).", DefaultValueFactory = _ => defaults.Id };
        var thread = new Option<string>("--thread-column") { Description = $"Column holding the thread id (default {defaults.ThreadId}).", DefaultValueFactory = _ => defaults.ThreadId! };
        var parent = new Option<string>("--parent-column") { Description = $"Column holding the id of the message replied to, blank for none (default {defaults.ParentId}).", DefaultValueFactory = _ => defaults.ParentId! };
        var author = new Option<string>("--author-column") { Description = $"Column holding the author id (default {defaults.AuthorId}).", DefaultValueFactory = _ => defaults.AuthorId! };
        var role = new Option<string>("--role-column") { Description = $"Column holding the author's role: peer, moderator or staff (default {defaults.AuthorRole}).", DefaultValueFactory = _ => defaults.AuthorRole };
        var time = new Option<string>("--time-column") { Description = $"Column holding the posting time, ISO 8601 (default {defaults.PostedAt}).", DefaultValueFactory = _ => defaults.PostedAt };
        var level = new Option<string>("--level-column") { Description = $"Column holding each peer's message's level, without --model (default {defaults.Level}).", DefaultValueFactory = _ => defaults.Level! };
        var text = new Option<string>("--text-column") { Description = "Column holding the message text, with --model (default text). Text is never written to the report or the JSON.", DefaultValueFactory = _ => "text" };
        var subject = new Option<string?>("--subject-column") { Description = "Column holding the thread subject, with --model (default none)." };

        var command = new Command("responsiveness", "Did triage make moderators faster? The response ratio and latency of moderators' replies to peers' messages per level and period "
            + "(Tables 2-4, weekly volume), logistic and log-latency regressions with forum activity, KS tests and planned comparisons, as an HTML report.")
        {
            posts, events, db, model, periods, periodNames, alpha, percentiles, deeper, output, json, levels, urgentFrom, id, thread, parent, author, role, time, level, text, subject,
        };
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            // Everything that can be checked without the data first, then the data, then the long part.
            var (postsFile, eventsFile, dbFile) = (parse.GetValue(posts), parse.GetValue(events), parse.GetValue(db));
            const string Sources = "--posts FILE (an export), --events FILE (a moderation event log) or --db FILE (a moderation store)";
            int given = (postsFile is null ? 0 : 1) + (eventsFile is null ? 0 : 1) + (dbFile is null ? 0 : 1);
            if (given > 1)
                throw new CliException($"give the forum once: {Sources}, not several.");
            if (given == 0)
                throw new CliException($"give the forum: {Sources}.");
            if (eventsFile is not null && parse.GetValue(model) is null)
                throw new CliException("--events needs --model: an event log carries no levels except moderators' corrections, so a model assigns the rest.");
            if (dbFile is not null && (parse.GetValue(model) is not null || parse.GetResult(levels) is not null || parse.GetResult(urgentFrom) is not null))
                throw new CliException("--db uses the store's own levels and scheme (what moderators saw); --model, --levels and --urgent-from do not apply.");
            string option = postsFile is not null ? "--posts" : eventsFile is not null ? "--events" : "--db";
            string path = option switch
            {
                "--posts" => Cli.RequireDataFile("--posts", postsFile!),
                "--events" => Cli.RequireFile("--events", eventsFile!),
                _ => Cli.RequireFile("--db", dbFile!),
            };
            var boundaries = Boundaries(parse.GetValue(periods)!);
            string[]? names = parse.GetValue(periodNames) is { } n ? Names(n, boundaries.Length) : null;
            string outPath = Cli.RequireOutputFile("--out", parse.GetValue(output)!);
            string? jsonPath = parse.GetValue(json) is { } j ? Cli.RequireOutputFile("--json", j) : null;
            if (jsonPath is not null && string.Equals(Path.GetFullPath(jsonPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
                throw new CliException($"--json and --out both name {outPath}; give them different files.");
            Cli.RequireColumns(parse, id, thread, parent, author, role, time, level, text);
            var modelFile = parse.GetValue(model);
            if (modelFile is not null && (parse.GetResult(levels) is not null || parse.GetResult(urgentFrom) is not null))
                throw new CliException("--levels and --urgent-from do not apply with --model: the model's levels are used.");
            TriageModel? trained = modelFile is null ? null : Cli.LoadModel("--model", modelFile);
            ModerationStoreHistory? stored = dbFile is null ? null : ReadStore(path);
            var scheme = stored?.Scheme ?? trained?.Scheme ?? Cli.Scheme(parse, levels, urgentFrom);
            var columns = new ForumExportColumns
            {
                Id = parse.GetValue(id)!,
                ThreadId = parse.GetValue(thread),
                ParentId = parse.GetValue(parent),
                AuthorId = parse.GetValue(author),
                AuthorRole = parse.GetValue(role)!,
                PostedAt = parse.GetValue(time)!,
                Level = trained is null ? parse.GetValue(level) : null,
                Text = trained is null ? null : parse.GetValue(text),
                Subject = trained is null ? null : parse.GetValue(subject),
            };

            IReadOnlyList<ForumPost> forum;
            try
            {
                forum = option switch
                {
                    "--posts" => ForumExport.Read(path, columns, scheme),
                    "--events" => ModerationHistory.FromEvents(ModerationEventJson.Read(path)),
                    _ => ModerationHistory.FromStore(stored!),
                };
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{option} {path}: {Cli.Describe(e)}");
            }
            progress.Report($"read {forum.Count:N0} messages from {path}");
            if (trained is not null)
            {
                progress.Report($"assigning levels with {modelFile!.Name}, each message in its thread as it was when posted");
                // An event log's levels are moderators' corrections: they stand. An export's level column is not read with --model.
                forum = RetroactiveLevels.Assign(forum, trained, overwrite: eventsFile is null);
                progress.Report($"assigned levels to {forum.Count:N0} messages");
            }

            var options = new ResponsivenessOptions
            {
                Boundaries = boundaries,
                PeriodNames = names,
                Scheme = scheme,
                Alpha = parse.GetValue(alpha),
                Percentiles = parse.GetValue(percentiles) == "linear" ? PercentileDefinition.Linear : PercentileDefinition.WeightedAverage,
                CountDeeperReplies = parse.GetValue(deeper),
                Progress = new ImmediateProgress<StudyProgress>(p =>
                {
                    if (p.Done == p.Total)
                        progress.Report($"{p.Stage}: done ({p.Total:N0})");
                }),
            };
            var result = ResponsivenessStudy.Run(forum, options);
            foreach (var m in result.Models)
            {
                if (m.LogisticError is not null || m.LinearError is not null)
                    Console.Error.WriteLine($"peertriage: warning: level {m.Level}: {Cli.OneLine(m.LogisticError ?? m.LinearError!)}");
            }

            var html = ResponsivenessReport.Build(result, Path.GetFileName(path));
            Cli.Writing("--out", outPath, () =>
            {
                // Atomic: the file is replaced whole or not at all.
                html.Save(outPath);
                return 0;
            });
            progress.Report($"wrote the report to {outPath}");
            if (jsonPath is not null)
            {
                Cli.Writing("--json", jsonPath, () =>
                {
                    string temp = jsonPath + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
                    File.WriteAllText(temp, result.ToJson());
                    File.Move(temp, jsonPath, overwrite: true);
                    return 0;
                });
                progress.Report($"wrote the numbers to {jsonPath}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Reads a moderation store's history, read-only: the forum may be writing it.</summary>
    private static ModerationStoreHistory ReadStore(string path)
    {
        try
        {
            using var store = ModerationStore.OpenSqlite(path, new SqliteStoreOptions { ReadOnly = true });
            var history = store.ReadHistory();
            return history.Scheme is null
                ? throw new CliException($"--db {path}: the moderation store is empty (no queue has used it yet).")
                : history;
        }
        catch (ModerationStoreException e)
        {
            throw new CliException($"--db {path}: {Cli.OneLine(e.Message)}");
        }
    }

    /// <summary>Parses --periods: dates at midnight UTC or ISO 8601 times, strictly increasing.</summary>
    internal static DateTimeOffset[] Boundaries(string value)
    {
        string[] parts = value.Split(',', StringSplitOptions.TrimEntries);
        var result = new DateTimeOffset[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            if (DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                result[i] = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            else if (part.Contains('T', StringComparison.Ordinal)
                && DateTimeOffset.TryParse(part, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                result[i] = at;
            else
                throw new CliException($"--periods '{value}': '{part}' is not a date (yyyy-mm-dd) or an ISO 8601 time.");
            if (i > 0 && result[i] <= result[i - 1])
                throw new CliException($"--periods '{value}': the boundaries must increase, and '{part}' does not come after '{parts[i - 1]}'.");
        }
        return result;
    }

    private static string[] Names(string value, int boundaries)
    {
        string[] names = value.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != boundaries + 1)
            throw new CliException($"--period-names '{value}' has {names.Length} name{(names.Length == 1 ? "" : "s")}, but {boundaries} boundar{(boundaries == 1 ? "y makes" : "ies make")} {boundaries + 1} periods.");
        if (names.Any(string.IsNullOrEmpty))
            throw new CliException($"--period-names '{value}' has a blank name.");
        if (names.GroupBy(x => x, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new CliException($"--period-names '{value}' names '{twice.Key}' twice.");
        return names;
    }
}
