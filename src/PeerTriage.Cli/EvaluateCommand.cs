using System.CommandLine;
using PeerTriage.Analytics.Reports;
using PeerTriage.Clpsych;
using PeerTriage.Data;
using PeerTriage.Decisions;
using PeerTriage.Evaluation;
using PeerTriage.Features;
using System.Text.Json.Nodes;

namespace PeerTriage.Cli;

internal static class EvaluateCommand
{
    public static Command Create(Option<bool> quiet)
    {
        var data = Cli.DataOption();
        var text = Cli.TextColumn();
        var label = Cli.LabelColumn();
        var id = Cli.IdColumn();
        var group = Cli.GroupColumn();
        var levels = Cli.Levels();
        var urgentFrom = Cli.UrgentFrom();
        var folds = Cli.Check(new Option<int>("--folds", "-k") { Description = "Number of cross-validation folds (at least 2).", DefaultValueFactory = _ => 5 },
            k => k >= 2, "must be at least 2");
        var seed = new Option<int>("--seed") { Description = "Seed for the fold assignment.", DefaultValueFactory = _ => 42 };
        var model = new Option<FileInfo?>("--model", "-m") { Description = "Evaluate this trained model on the data instead of cross-validating." };
        var predictions = new Option<FileInfo?>("--predictions") { Description = "Write predictions in the CLPsych submission format: id<TAB>level, in data order." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON." };
        var report = new Option<FileInfo?>("--report")
        {
            Description = "Also write a self-contained HTML report (opens offline): confusion matrix heat map, precision-recall curves with the "
                + "operating points, reliability before and after calibration, headline metrics.",
        };
        var hashBits = Cli.HashBits("log2 of the number of feature buckets, 10 to 24 (cross-validation only).");
        var features = Cli.FeaturesOption();
        var l2 = Cli.L2("L2 penalty, 0 or more (cross-validation only).");
        var skipBadRows = Cli.SkipBadRows();

        var decision = new DecisionCli();
        var learner = new LearnerCli();
        var command = new Command("evaluate", "Cross-validate on labelled data, or evaluate a trained model, with the official CLPsych metrics.")
        {
            data, text, label, id, group, levels, urgentFrom, folds, seed, model, predictions, json, report, hashBits, features, l2, skipBadRows,
        };
        foreach (var option in decision.All.Concat(learner.All))
            command.Add(option);
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            // Everything that can be checked without the data is checked first, then the data, and only then the long part.
            var path = Cli.RequireDataFile("--data", parse.GetValue(data)!);
            Cli.RequireColumns(parse, text, label);
            string? predictionsPath = parse.GetValue(predictions) is { } p ? Cli.RequireOutputFile("--predictions", p) : null;
            string? reportPath = parse.GetValue(report) is { } r ? Cli.RequireOutputFile("--report", r) : null;
            var modelFile = parse.GetValue(model);
            TriageModel? trained = modelFile is null ? null : Cli.LoadModel("--model", modelFile);
            var scheme = trained?.Scheme ?? Cli.Scheme(parse, levels, urgentFrom);
            TriageTrainingOptions? training = null;
            if (trained is null)
            {
                training = new TriageTrainingOptions
                {
                    Scheme = scheme,
                    Features = Cli.Pipeline(parse, features, hashBits),
                    L2 = parse.GetValue(l2),
                    Decision = decision.Options(parse, scheme),
                    Seed = parse.GetValue(seed),
                };
                training = learner.Apply(parse, training);
                training.Validate();
            }
            var badRows = Cli.BadRows.From(parse, skipBadRows);
            var rows = Cli.LoadLabeled(path, Cli.Columns(parse, text, label, id, group), scheme, badRows, requireEveryLevel: trained is null,
                trained is null ? "--levels" : "--model");
            int k = parse.GetValue(folds);
            if (trained is null)
            {
                if (k > rows.Count)
                    throw new CliException($"--folds {k} is more than the {rows.Count:N0} rows of {Path.GetFileName(path)}; use at most {rows.Count}.");
                if (parse.GetValue(group) is { } groupColumn && rows.Select(r => r.Group).Distinct(StringComparer.Ordinal).Count() is var groups && k > groups)
                    throw new CliException($"--folds {k} is more than the {groups:N0} distinct groups in --group-column '{groupColumn}'; use at most {groups}.");
            }
            progress.Report($"loaded {rows.Count:N0} labelled messages from {path}");

            int[] gold;
            int[] predicted;
            TriageEvaluation evaluation;
            CrossValidationResult? cv = null;
            (IReadOnlyList<OperatingPoint> Points, CalibrationReport Calibration)? modelReport = null;
            EvaluationReportData? reportData = null;
            string policy;
            string pipeline;
            if (trained is not null)
            {
                gold = rows.Select(r => scheme.IndexOf(r.Label)).ToArray();
                // A context model is scored as it would have run live: each post with its thread and the levels the
                // model gave the parent and the author's earlier posts.
                var messages = rows.Select(r => r.Message).ToList();
                var results = trained.Features.Context is null
                    ? trained.TriageBatch(messages)
                    : Scoring.ContextReplay.Triage(trained, messages, rows.Select(r => r.Group).ToList());
                predicted = results.Select(r => r.LevelIndex).ToArray();
                evaluation = TriageEvaluation.Compute(scheme, gold, predicted);
                policy = trained.Policy.Describe(scheme);
                pipeline = trained.Features.Describe();
                var probabilities = results.SelectMany(r => r.Probabilities).ToArray();
                modelReport = (OperatingPoints.Of(scheme, gold, predicted), CalibrationReport.Compute(probabilities, gold, scheme.Count));
                if (reportPath is not null)
                    reportData = EvaluationReportData.FromModel(trained, gold, results);
            }
            else
            {
                int duplicates = rows.Count - rows.Select(r => r.Message.Body).Distinct(StringComparer.Ordinal).Count();
                if (duplicates > 0 && parse.GetValue(group) is null)
                {
                    Console.Error.WriteLine($"peertriage: warning: {duplicates:N0} rows repeat the text of an earlier row; without --group-column, copies can land in both "
                        + "the training and the test folds and inflate the scores (pass --group-column, for example the author or question id).");
                }
                var cvOptions = new CrossValidationOptions
                {
                    Folds = k,
                    Seed = parse.GetValue(seed),
                    Grouped = parse.GetValue(group) is not null,
                    Progress = new Progress<int>(f => progress.Report($"fold {f}/{k} done")),
                };
                cv = CrossValidation.Run(rows, training!, cvOptions);
                gold = [.. cv.Gold];
                predicted = [.. cv.Predicted];
                evaluation = cv.Evaluation;
                policy = training!.Decision.Policy.ToString();
                pipeline = training.Features.Describe();
                if (reportPath is not null)
                    reportData = EvaluationReportData.FromCrossValidation(cv, scheme, k) with { Policy = policy };
            }

            if (trained is not null)
                DecisionCli.WarnFloods(evaluation.Shares, scheme, trained.Policy, DecisionPolicyKind.RecallTargets, trained.RecallTargets, "on this data");
            else
            {
                var options = training!.Decision;
                DecisionCli.WarnFloods(evaluation.Shares, scheme, null, options.Policy, options.ResolveRecallTargets(scheme), "out of fold");
            }

            if (predictionsPath is not null)
            {
                Cli.Writing("--predictions", predictionsPath, () =>
                {
                    // Atomic: the file is replaced whole or not at all.
                    ClpsychSubmission.Write(predictionsPath, rows.Select((r, i) => (r.Message.Id!, scheme.NameOf(predicted[i]))));
                    return 0;
                });
                progress.Report($"wrote {rows.Count:N0} predictions to {predictionsPath}");
            }
            if (reportPath is not null)
            {
                var html = EvaluationReport.Build(reportData! with { Features = pipeline, Source = Path.GetFileName(path) });
                Cli.Writing("--report", reportPath, () =>
                {
                    // Atomic: the file is replaced whole or not at all.
                    html.Save(reportPath);
                    return 0;
                });
                progress.Report($"wrote the evaluation report to {reportPath}");
            }
            if (parse.GetValue(json))
            {
                var node = JsonNode.Parse(evaluation.ToJson())!.AsObject();
                node["features"] = pipeline;
                if (cv is not null)
                    DecisionCli.AddJson(node, cv, policy);
                else
                {
                    node["policy"] = policy;
                    if (modelReport is { } m)
                        DecisionCli.AddModelJson(node, m.Points, m.Calibration);
                }
                Console.Out.WriteLine(node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.Out.WriteLine($"features: {pipeline}");
                Console.Out.WriteLine($"policy: {policy}");
                Console.Out.WriteLine(evaluation.ToText());
                if (cv is not null)
                    Console.Out.WriteLine(DecisionCli.OperatingPointText(cv));
                else if (modelReport is { } m)
                    Console.Out.WriteLine(DecisionCli.OperatingPointText(m.Points, m.Calibration));
            }
            return 0;
        });
        return command;
    }
}
