using System.CommandLine;
using System.Globalization;
using PeerTriage.Data;

namespace PeerTriage.Cli;

internal static class ScoreCommand
{
    public static Command Create(Option<bool> quiet)
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Trained model (.ptm).", Required = true };
        var data = Cli.DataOption();
        var text = Cli.TextColumn();
        var id = Cli.IdColumn();
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Output TSV (id, level, one probability per level). Default: stdout." };

        var command = new Command("score", "Triage every message in a data file with a trained model.") { model, data, text, id, output };
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var triage = TriageModel.Load(parse.GetValue(model)!.FullName);
            var path = parse.GetValue(data)!.FullName;
            var columns = new DatasetColumns { Text = parse.GetValue(text)!, Label = null, Id = parse.GetValue(id) };
            var outFile = parse.GetValue(output);
            using var writer = outFile is null ? new StreamWriter(Console.OpenStandardOutput()) : new StreamWriter(outFile.FullName);
            writer.Write("id\tlevel");
            foreach (var level in triage.Scheme.Levels)
                writer.Write($"\tp_{level}");
            writer.WriteLine();

            Span<float> probabilities = stackalloc float[PriorityScheme.MaxLevels];
            long count = 0;
            foreach (var record in DatasetReader.Read(path, columns))
            {
                int level = triage.Triage(record.Message, null, probabilities);
                writer.Write(record.Message.Id);
                writer.Write('\t');
                writer.Write(triage.Scheme.NameOf(level));
                for (int c = 0; c < triage.Scheme.Count; c++)
                {
                    writer.Write('\t');
                    writer.Write(probabilities[c].ToString("0.######", CultureInfo.InvariantCulture));
                }
                writer.WriteLine();
                if (++count % 10_000 == 0)
                    progress.Report($"scored {count:N0} messages");
            }
            progress.Report($"scored {count:N0} messages from {path}");
            return 0;
        });
        return command;
    }
}
