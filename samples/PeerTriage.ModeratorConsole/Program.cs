// Moderator console: replays a synthetic day of forum traffic (posts, community replies, moderator replies, a flag,
// corrections, an edit, a deletion, a redelivered event and one for an unknown message) into a SQLite moderation store,
// printing the to-do list each time it changes. Then it prints the day's response measures, exports the moderators'
// corrections as training data and retrains on them.
//
//   dotnet run --project samples/PeerTriage.ModeratorConsole [-- --events FILE.jsonl] [--db PATH]
using System.Text;
using PeerTriage;
using PeerTriage.Data;
using PeerTriage.Moderation;

string events = Path.Combine(AppContext.BaseDirectory, "synthetic-day.jsonl");
string? db = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--events") events = args[i + 1];
    else if (args[i] == "--db") db = args[i + 1];
}
bool temporary = db is null;
db ??= Path.Combine(Path.GetTempPath(), $"peertriage-moderator-console-{Environment.ProcessId}.db");
Console.OutputEncoding = Encoding.UTF8;

var corpus = DemoCorpus.Load();
Console.WriteLine($"Training the demo model on {corpus.Count} synthetic messages...");
var model = TriageModel.Train(corpus);

var escalations = new List<CrisisEscalation>();
var options = new ModerationOptions
{
    CommunityWindow = TimeSpan.FromHours(6),
    OnCrisis = escalations.Add, // the forum's own crisis protocol goes here; it is called once per message
};
try
{
    using var store = ModerationStore.OpenSqlite(db);
    var queue = new ModerationQueue(store, model, options);
    queue.DeliverPendingEscalations(); // anything a crashed run left behind

    var day = ModerationEventJson.Read(events).ToList();
    Console.WriteLine($"Replaying {day.Count} events from {Path.GetFileName(events)} into {db} (community window {options.CommunityWindow.TotalHours:0} h)");
    Console.WriteLine();
    string shown = "";
    for (int i = 0; i < day.Count; i++)
    {
        var e = day[i];
        var result = queue.Apply(e);
        string level = result.Status is { } s ? $"{s.Level} ({s.Source})" : "-";
        Console.WriteLine($"[{i + 1,2}/{day.Count}] {e.OccurredAt:HH:mm} {Describe(e),-34} {result.Outcome,-14} {level}");
        if (result.Outcome is not (ApplyOutcome.Applied or ApplyOutcome.Superseded))
            Console.WriteLine($"      {result.Detail}");
        foreach (var crisis in escalations)
            Console.WriteLine($"      !!! CRISIS ESCALATION for {crisis.MessageId} ({crisis.Source}): the forum's crisis protocol is called, once per message");
        escalations.Clear();
        shown = PrintIfChanged(queue, e.OccurredAt, shown);
    }

    var endOfDay = day[^1].OccurredAt.Date.AddDays(1).AddTicks(-1);
    Console.WriteLine();
    Console.WriteLine($"End of day ({endOfDay:HH:mm}):");
    PrintIfChanged(queue, new DateTimeOffset(endOfDay, TimeSpan.Zero), "(print it whatever it holds)");

    Console.WriteLine();
    Console.WriteLine("The widget under post d07:");
    var status = queue.GetStatus("d07", new DateTimeOffset(endOfDay, TimeSpan.Zero))!;
    Console.WriteLine($"  level {status.Level} from {status.Source}, model says {status.ModelLevel}, needs attention: {status.NeedsAttention}, resolved at {status.ResolvedAt:HH:mm}");

    Console.WriteLine();
    var dayStart = new DateTimeOffset(day[0].OccurredAt.Date, TimeSpan.Zero);
    var measures = queue.GetMeasures(dayStart, dayStart.AddDays(1));
    Console.WriteLine("Response measures for the day (messages posted, share with a moderator reply, latency median [IQR]):");
    foreach (var m in measures.Levels)
    {
        string ratio = m.ResponseRatio is double r ? $"{r:P0}" : "-";
        string latency = m.MedianLatency is { } median ? $"{median.TotalMinutes:0} min [{m.InterquartileRange!.Value.TotalMinutes:0} min]" : "-";
        Console.WriteLine($"  {m.Level,-7} {m.Messages,3} posted  {ratio,5} answered  {latency}");
    }

    Console.WriteLine();
    string csv = Path.ChangeExtension(db, ".corrections.csv");
    int count;
    using (var writer = new StreamWriter(csv, false, new UTF8Encoding(false)))
        count = queue.ExportCorrections(writer);
    Console.WriteLine($"Exported {count} corrections as training data to {csv}:");
    foreach (var c in queue.GetCorrections())
        Console.WriteLine($"  {c.Message.Id} -> {c.Label}: model said {model.Triage(c.Message).Level}");
    var retrained = Retraining.Retrain(corpus, DatasetReader.LoadLabeled(csv, DatasetColumns.ForumDefaults, model.Scheme));
    Console.WriteLine($"Retrained on {retrained.Info.TrainingRows} examples (demo corpus + corrections):");
    foreach (var c in queue.GetCorrections())
        Console.WriteLine($"  {c.Message.Id}: new model says {retrained.Triage(c.Message).Level}");
    if (temporary)
        File.Delete(csv);
}
finally
{
    if (temporary)
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
            File.Delete(db + suffix);
    }
}
return 0;

static string PrintIfChanged(ModerationQueue queue, DateTimeOffset at, string shown)
{
    var todo = queue.GetToDo(at);
    var text = new StringBuilder();
    if (todo.Count == 0)
        text.AppendLine("      to-do: (nothing waiting)");
    foreach (var item in todo)
    {
        string flag = item.FlagCount > 0 ? $"  flagged: \"{item.FlagReason}\"" : "";
        text.AppendLine($"      to-do: {item.Level.ToUpperInvariant(),-7} {item.MessageId,-4} waiting {item.Waited.TotalMinutes,4:0} min  \"{item.Subject}\" by {item.AuthorId} ({item.Source}){flag}");
    }
    string rendered = text.ToString();
    // The waiting times tick on every event; print only when the list's entries change.
    string key = string.Join(",", todo.Select(t => t.MessageId + t.Level));
    if (key != shown)
        Console.Write(rendered);
    return key;
}

static string Describe(ModerationEvent e) => e switch
{
    MessagePosted p when p.Message.ParentId is { } parent => $"{p.Message.AuthorRole} replies to {parent} ({p.MessageId})",
    MessagePosted p => $"{p.Message.AuthorRole} posts {p.MessageId}",
    ReplyPosted r => $"{r.ReplierRole} replies to {r.MessageId}",
    MessageEdited x => $"{x.MessageId} edited",
    MessageDeleted x => $"{x.MessageId} deleted",
    MessageResolved x => $"moderator resolves {x.MessageId}",
    MessageFlagged x => $"community flags {x.MessageId}",
    LevelCorrected x => $"moderator corrects {x.MessageId} to {x.Level}",
    _ => e.GetType().Name,
};
