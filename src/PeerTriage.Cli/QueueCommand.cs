using System.CommandLine;
using System.Globalization;
using PeerTriage.Data;
using PeerTriage.Moderation;
using PeerTriage.Responses;

namespace PeerTriage.Cli;

/// <summary><c>peertriage queue replay</c>: feed a JSON Lines file of forum events to a moderation store.</summary>
internal static class QueueCommand
{
    public static Command Create(Option<bool> quiet)
    {
        var events = new Option<FileInfo>("--events", "-e") { Description = "Forum events, one JSON object per line (see ModerationEventJson).", Required = true };
        var model = new Option<FileInfo>("--model", "-m") { Description = "Trained model (.ptm) that triages posted and edited messages.", Required = true };
        var db = new Option<FileInfo>("--db") { Description = "SQLite moderation store; created if absent, reused (events already in it are duplicates) if present.", Required = true };
        var window = new Option<string>("--community-window") { Description = "How long amber messages wait for the community before entering the to-do list: 6h, 90m, 0 (at once). Default 6h.", DefaultValueFactory = _ => "6h" };
        var flagLevel = new Option<string?>("--flag-level") { Description = "The level a community flag raises a message to, at least. Default: the scheme's urgent level (red)." };
        var durability = new Option<SqliteDurability>("--durability") { Description = "full (fsync every event, the default) or normal (survives a process crash, not a power cut).", DefaultValueFactory = _ => SqliteDurability.Full };
        var show = new Option<string>("--show") { Description = "Print the to-do list: 'changes' (whenever it changes, the default), 'end' (once, after the last event) or 'none'.", DefaultValueFactory = _ => "changes" };
        Cli.OneOf(show, "changes", "end", "none");
        var underserved = new Option<bool>("--underserved")
        {
            Description = "Keep an amber post on the to-do list (reason: underserved) when every community reply within the window shows no empathy on any "
                + "mechanism, as --response-model judges it. Off by default: any community reply answers.",
        };
        var responseModel = new Option<FileInfo?>("--response-model") { Description = "With --underserved: the response model (.ptm, from peertriage responses train) that judges replies." };
        var skipBadRows = new Option<bool>("--skip-bad-rows")
        {
            Description = "Skip lines that are not valid events (bad JSON, unknown type, missing field, ...) instead of stopping at the first one; they are listed on stderr.",
        };

        var replay = new Command("replay", "Apply a file of forum events to a moderation store, printing each outcome and the to-do list as it changes. " +
            "Each crisis prints an 'escalate' line, flushed before the store records it as delivered (a crisis not printed is printed by the next run).")
        {
            events, model, db, window, flagLevel, durability, show, underserved, responseModel, skipBadRows,
        };
        replay.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            string dbPath = parse.GetValue(db)!.FullName;
            // Everything that can be checked is checked before the store is opened, so a mistake creates no database file.
            string path = Cli.RequireFile("--events", parse.GetValue(events)!);
            string modelPath = Cli.RequireFile("--model", parse.GetValue(model)!);
            if (Directory.Exists(dbPath))
                throw new CliException($"--db {dbPath} is a folder; give the database file's path.");
            if (Path.GetDirectoryName(dbPath) is { } folder && !Directory.Exists(folder))
                throw new CliException($"--db {dbPath}: the folder {folder} does not exist.");
            bool keepUnderserved = parse.GetValue(underserved);
            var responseFile = parse.GetValue(responseModel);
            if (keepUnderserved && responseFile is null)
                throw new CliException("--underserved needs --response-model FILE: a response model (from peertriage responses train) that judges whether replies show empathy.");
            if (!keepUnderserved && responseFile is not null)
                throw new CliException("--response-model is read only with --underserved; add --underserved, or leave --response-model out.");
            var triage = Cli.LoadModel("--model", new FileInfo(modelPath));
            var responses = responseFile is null ? null : ResponsesData.LoadModel("--response-model", responseFile);
            var assessor = responses is null ? null : new ResponseModelEmpathyAssessor(responses);
            var options = new ModerationOptions
            {
                CommunityWindow = ParseDuration(parse.GetValue(window)!),
                FlagLevel = parse.GetValue(flagLevel),
                KeepUnderserved = keepUnderserved,
                EmpathyAssessor = assessor,
            };
            CheckFlagLevel(options, triage.Scheme);
            string mode = parse.GetValue(show)!;
            var storeDurability = parse.GetValue(durability);
            var badRows = Cli.BadRows.From(parse, skipBadRows);

            using var stdout = new DurableStdout(flushToDisk: storeDurability == SqliteDurability.Full);
            var output = stdout.Writer;
            bool startup = true;
            options = options with
            {
                // The store marks the escalation delivered when this returns, so the line must have left the process by then.
                OnCrisis = crisis =>
                {
                    output.WriteLine($"escalate {crisis.MessageId}: reached {crisis.Level} by {crisis.Source.ToString().ToLowerInvariant()} at {crisis.EscalatedAt.UtcDateTime:yyyy-MM-dd HH:mm}" +
                        (startup ? " (pending from an earlier run)" : ""));
                    stdout.Flush(toDisk: true);
                },
            };
            using var store = ModerationStore.OpenSqlite(dbPath, new SqliteStoreOptions { Durability = storeDurability });
            var queue = new ModerationQueue(store, triage, options);

            var outcomes = new SortedDictionary<ApplyOutcome, long>();
            long count = 0;
            try
            {
                queue.DeliverPendingEscalations();
                startup = false;
                string shown = "";
                DateTimeOffset last = default;
                foreach (var e in ModerationEventJson.Read(path, badRows?.ReadOptions))
                {
                    var result = queue.Apply(e);
                    outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
                    string level = result.Status is { } s ? $"{s.Level} ({s.Source.ToString().ToLowerInvariant()})" : "-";
                    output.WriteLine($"{e.OccurredAt.UtcDateTime:yyyy-MM-dd HH:mm} {e.EventId} {result.Outcome} {e.MessageId} {level}");
                    if (result.Outcome is not (ApplyOutcome.Applied or ApplyOutcome.Duplicate))
                        output.WriteLine($"  {result.Detail}");
                    if (mode == "changes")
                        shown = PrintIfChanged(output, queue.GetToDo(e.OccurredAt), shown);
                    last = e.OccurredAt > last ? e.OccurredAt : last;
                    if (++count % 10_000 == 0)
                    {
                        stdout.Flush(toDisk: false);
                        progress.Report($"applied {count:N0} events");
                    }
                }
                if (mode != "none")
                {
                    output.WriteLine($"to-do at {last.UtcDateTime:yyyy-MM-dd HH:mm}:");
                    PrintIfChanged(output, queue.GetToDo(last), null);
                }
                stdout.Flush(toDisk: false);
            }
            catch (DataFormatException e)
            {
                throw new DataFormatException(
                    $"{e.Reason}; stopped at this line, with the {count:N0} event{(count == 1 ? "" : "s")} before it applied (--skip-bad-rows skips bad lines)",
                    e.FilePath, e.Line, e);
            }
            catch (CrisisEscalationException e)
            {
                throw new IOException(
                    $"could not print the escalation of message {e.MessageId}: {Cli.OneLine(e.InnerException?.Message ?? e.Message)}; it stays pending, and the next queue replay on {dbPath} prints it", e);
            }
            finally
            {
                // What was applied before a failure has its output printed too.
                stdout.TryFlush();
                badRows?.Report();
            }
            progress.Report($"applied {count:N0} events from {path} to {dbPath}: " +
                string.Join(", ", outcomes.Select(o => $"{o.Value:N0} {o.Key}")));
            if (queue.EmpathyAssessmentFailures > 0)
            {
                Console.Error.WriteLine($"peertriage: warning: {queue.EmpathyAssessmentFailures:N0} replies could not be assessed for empathy; "
                    + "they counted as answering their posts (the underserved rule adds posts only on evidence).");
            }
            return 0;
        });

        return new Command("queue", "The moderators' to-do list on an embedded SQLite store.") { replay };
    }

    private static void CheckFlagLevel(ModerationOptions options, PriorityScheme scheme)
    {
        try
        {
            options.Validate(scheme);
        }
        catch (ArgumentException)
        {
            // The library's message names the property (FlagLevel); the user typed the option.
            string flagged = string.Join(", ", scheme.Levels.Skip(scheme.FlaggedFrom));
            throw new ArgumentException($"--flag-level '{options.FlagLevel}' is not a flagged level of the model's scheme; use one of {flagged}.");
        }
    }

    private static string PrintIfChanged(TextWriter output, IReadOnlyList<ToDoItem> todo, string? shown)
    {
        string key = string.Join(",", todo.Select(t => t.MessageId + ":" + t.Level + ":" + t.Reason));
        if (key == shown)
            return key;
        if (todo.Count == 0)
            output.WriteLine("  to-do: (nothing waiting)");
        foreach (var item in todo)
        {
            string flag = item.FlagCount > 0 ? $", flagged x{item.FlagCount}" : "";
            output.WriteLine($"  to-do: {item.Level,-7} {item.MessageId} waiting {item.Waited.TotalMinutes:0} min ({item.Source.ToString().ToLowerInvariant()}{flag}, {item.Reason.ToString().ToLowerInvariant()})");
        }
        return key;
    }

    /// <summary>Parses 6h, 90m, 45s, 2d, 0, or a TimeSpan such as 01:30:00.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        if (text == "0")
            return TimeSpan.Zero;
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount >= 0)
        {
            switch (char.ToLowerInvariant(text[^1]))
            {
                case 'd': return TimeSpan.FromDays(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 's': return TimeSpan.FromSeconds(amount);
            }
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
            return span;
        throw new ArgumentException($"--community-window '{text}' is not a duration such as 6h, 90m, 0 or 01:30:00.");
    }
}
