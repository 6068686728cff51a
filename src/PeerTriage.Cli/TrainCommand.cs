using System.CommandLine;
using System.Globalization;
using PeerTriage.Data;

namespace PeerTriage.Cli;

internal static class TrainCommand
{
    /// <summary>One progress line per phase and fit, for example <c>inner fold 3/5 done, about 9s left</c>.</summary>
    internal static string Describe(TrainingProgress p)
    {
        string left = p.Remaining is { } r ? string.Create(CultureInfo.InvariantCulture, $", about {Math.Ceiling(r.TotalSeconds):0}s left") : "";
        return (p.Phase, p.Step) switch
        {
            (TrainingPhase.ContextLevels, 0) => "context levels: n-gram inner folds predict the levels thread context reads",
            (TrainingPhase.ContextLevels, _) => $"context levels: inner fold {p.Step}/{p.Steps} done{left}",
            (TrainingPhase.Featurizing, _) => "featurizing",
            (TrainingPhase.InnerFold, _) => $"inner fold {p.Step}/{p.Steps} done{left}",
            (TrainingPhase.Decisions, _) => "calibration and decision thresholds on the out-of-fold predictions",
            (TrainingPhase.FinalFit, 0) => $"final fit on all rows{left}",
            (TrainingPhase.FinalFit, _) => "final fit done",
            (TrainingPhase.ExplanationVocabulary, _) => "explanation vocabulary",
            _ => p.Phase.ToString(),
        };
    }

    public static Command Create(Option<bool> quiet)
    {
        var data = Cli.DataOption();
        var text = Cli.TextColumn();
        var label = Cli.LabelColumn();
        var id = Cli.IdColumn();
        var levels = Cli.Levels();
        var urgentFrom = Cli.UrgentFrom();
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the model (.ptm).", Required = true };
        var hashBits = Cli.HashBits("log2 of the number of feature buckets (10 to 24).");
        var features = Cli.FeaturesOption();
        var l2 = Cli.L2("L2 penalty (0 or more).");
        var skipBadRows = Cli.SkipBadRows();

        var group = Cli.GroupColumn();
        var decision = new DecisionCli();
        var learner = new LearnerCli();
        var command = new Command("train", "Train a model on labelled data and save it.") { data, text, label, id, group, levels, urgentFrom, output, hashBits, features, l2, skipBadRows };
        foreach (var option in decision.All.Concat(learner.All))
            command.Add(option);
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            // Everything that can be checked without the data is checked first, then the data: training is the long part.
            var scheme = Cli.Scheme(parse, levels, urgentFrom);
            Cli.RequireColumns(parse, text, label);
            var options = new TriageTrainingOptions
            {
                Scheme = scheme,
                Features = Cli.Pipeline(parse, features, hashBits),
                L2 = parse.GetValue(l2),
                Decision = decision.Options(parse, scheme),
                TrainingProgress = new ImmediateProgress<TrainingProgress>(p => progress.Report(Describe(p))),
            };
            options = learner.Apply(parse, options);
            options.Validate();
            var path = Cli.RequireDataFile("--data", parse.GetValue(data)!);
            var outPath = Cli.RequireOutputFile("--out", parse.GetValue(output)!);
            var badRows = Cli.BadRows.From(parse, skipBadRows);
            var rows = Cli.LoadLabeled(path, Cli.Columns(parse, text, label, id, group), scheme, badRows, requireEveryLevel: true);
            progress.Report($"loaded {rows.Count:N0} labelled messages from {path}");
            if (rows.All(r => (r.Group ?? r.Message.AuthorId) is null))
            {
                Console.Error.WriteLine("peertriage: warning: no author column, so explanations will name no words (a phrase is named only when at least "
                    + $"{TriageTrainingOptions.Default.ExplanationMinAuthors} distinct authors wrote it); pass --group-column with the data's author column.");
            }
            var model = TriageModel.Train(rows, options);
            Cli.Writing("--out", outPath, () => { model.Save(outPath); return 0; });
            progress.Report($"decision policy: {model.Policy.Describe(scheme)}; calibration temperature {model.Temperature:0.000}");
            progress.Report($"trained in {model.Info.Iterations} iterations (converged: {model.Info.Converged}); wrote {outPath} ({new FileInfo(outPath).Length:N0} bytes)");
            DecisionCli.ReportShares(model, progress);
            foreach (var warning in model.Info.Warnings)
            {
                string? text = warning.Kind switch
                {
                    TrainingWarningKind.NoAuthors => null, // said before training
                    TrainingWarningKind.DuplicateTexts => $"{warning.Count:N0} rows repeat the text of an earlier row; training kept identical texts in the same inner fold, "
                        + "so the model card's metrics are not inflated by them (evaluate: pass --group-column for the same).",
                    TrainingWarningKind.UnreliableRecallTarget => string.Create(CultureInfo.InvariantCulture,
                        $"the recall target {warning.Level}={warning.Target:0.00} was fitted on only {warning.Count:N0} rows at or above '{warning.Level}' (recall {warning.Reached:0.00} on them out of fold); ")
                        + $"on new data its recall may land far from the target: add examples, or drop --recall-target {warning.Level}.",
                    _ => warning.Message,
                };
                if (text is not null)
                    Console.Error.WriteLine($"peertriage: warning: {text}");
            }
            return 0;
        });
        return command;
    }
}
