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
        var top = new Option<int>("--top") { Description = "Contributions to list per message.", DefaultValueFactory = _ => 10 };
        var limit = new Option<int>("--limit") { Description = "With --data: explain at most this many messages.", DefaultValueFactory = _ => 20 };
        var skipBadRows = Cli.SkipBadRows();

        var command = new Command("explain", "Show which words and phrases moved a message to its level.") { model, text, data, textColumn, id, top, limit, skipBadRows };
        command.SetAction(parse =>
        {
            var triage = TriageModel.Load(parse.GetValue(model)!.FullName);
            int n = parse.GetValue(top);
            if (parse.GetValue(text) is { } single)
            {
                Console.Out.WriteLine(triage.Explain(new ForumMessage(single), top: n).ToText());
                return 0;
            }
            var file = parse.GetValue(data) ?? throw new ArgumentException("Give --text \"...\" or --data FILE.");
            var columns = new DatasetColumns { Text = parse.GetValue(textColumn)!, Label = null, Id = parse.GetValue(id) };
            var badRows = Cli.BadRows.From(parse, skipBadRows);
            try
            {
                foreach (var record in DatasetReader.Read(file.FullName, columns, badRows?.ReadOptions).Take(parse.GetValue(limit)))
                {
                    Console.Out.WriteLine($"== {record.Message.Id}");
                    Console.Out.WriteLine(triage.Explain(record.Message, top: n).ToText());
                    Console.Out.WriteLine();
                }
            }
            finally
            {
                badRows?.Report();
            }
            return 0;
        });
        return command;
    }
}
