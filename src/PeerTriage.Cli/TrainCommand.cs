using System.CommandLine;
using PeerTriage.Data;
using PeerTriage.Features;

namespace PeerTriage.Cli;

internal static class TrainCommand
{
    public static Command Create(Option<bool> quiet)
    {
        var data = Cli.DataOption();
        var text = Cli.TextColumn();
        var label = Cli.LabelColumn();
        var id = Cli.IdColumn();
        var levels = Cli.Levels();
        var urgentFrom = Cli.UrgentFrom();
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the model (.ptm).", Required = true };
        var hashBits = new Option<int>("--hash-bits") { Description = "log2 of the number of feature buckets.", DefaultValueFactory = _ => FeatureOptions.Default.HashBits };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty.", DefaultValueFactory = _ => TriageTrainingOptions.Default.L2 };

        var command = new Command("train", "Train a model on labelled data and save it.") { data, text, label, id, levels, urgentFrom, output, hashBits, l2 };
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var scheme = Cli.Scheme(parse, levels, urgentFrom);
            var path = parse.GetValue(data)!.FullName;
            var rows = DatasetReader.LoadLabeled(path, Cli.Columns(parse, text, label, id, null), scheme);
            progress.Report($"loaded {rows.Count:N0} labelled messages from {path}");
            var options = new TriageTrainingOptions
            {
                Scheme = scheme,
                Features = FeatureOptions.Default with { HashBits = parse.GetValue(hashBits) },
                L2 = parse.GetValue(l2),
                Progress = new Progress<int>(i => { if (i % 25 == 0) progress.Report($"iteration {i}"); }),
            };
            var model = TriageModel.Train(rows, options);
            var outPath = parse.GetValue(output)!.FullName;
            model.Save(outPath);
            progress.Report($"trained in {model.Info.Iterations} iterations (converged: {model.Info.Converged}); wrote {outPath} ({new FileInfo(outPath).Length:N0} bytes)");
            return 0;
        });
        return command;
    }
}
