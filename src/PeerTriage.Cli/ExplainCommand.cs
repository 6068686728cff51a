using System.CommandLine;
using PeerTriage.Data;

namespace PeerTriage.Cli;

internal static class ExplainCommand
{
    public static Command Create(Option<bool> quiet)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Trained model (.ptm).", Required = true };
        var text = new Option<string?>("--text", "-t") { Description = "Explain this message text." };
        var data = new Option<FileInfo?>("--data", "-d") { Description = "Explain every message in this data file instead." };
        var textColumn = Cli.TextColumn();
        var id = Cli.IdColumn();
        var top = Cli.Check(new Option<int>("--top") { Description = "Contributions to list per message (0 or more).", DefaultValueFactory = _ => 10 },
            n => n >= 0, "must be 0 or more");
        var limit = Cli.Check(new Option<int>("--limit") { Description = "With --data: explain at most this many messages (at least 1).", DefaultValueFactory = _ => 20 },
            n => n >= 1, "must be at least 1");
        var skipBadRows = Cli.SkipBadRows();

        var command = new Command("explain", "Show which words and phrases moved a message to its level.") { model, text, data, textColumn, id, top, limit, skipBadRows };
        command.SetAction(parse =>
        {
            string? single = parse.GetValue(text);
            var file = parse.GetValue(data);
            if (single is null && file is null)
                throw new CliException("give --text \"...\" or --data FILE.");
            string? path = file is null ? null : Cli.RequireDataFile("--data", file);
            if (path is not null)
                Cli.RequireColumns(parse, textColumn);
            var triage = Cli.LoadModel("--model", parse.GetValue(model)!);
            int n = parse.GetValue(top);
            if (single is not null)
            {
                Console.Out.WriteLine(triage.Explain(new ForumMessage(single), top: n).ToText());
                return 0;
            }
            var columns = new DatasetColumns { Text = parse.GetValue(textColumn)!, Label = null, Id = parse.GetValue(id) };
            var badRows = Cli.BadRows.From(parse, skipBadRows);
            List<DatasetRecord> records;
            try
            {
                // Read before printing, so a bad row among them prints nothing but its error.
                records = DatasetReader.Read(path!, columns, badRows?.ReadOptions).Take(parse.GetValue(limit)).ToList();
            }
            finally
            {
                badRows?.Report();
            }
            foreach (var record in records)
            {
                Console.Out.WriteLine($"== {record.Message.Id}");
                Console.Out.WriteLine(triage.Explain(record.Message, top: n).ToText());
                Console.Out.WriteLine();
            }
            return 0;
        });
        return command;
    }
}
