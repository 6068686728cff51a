using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeerTriage.Data;
using PeerTriage.Responses;

namespace PeerTriage.Cli;

/// <summary>
/// <c>peertriage responses train|evaluate|score|report</c>: empathy of peer responses (EPITOME's mechanisms by
/// default), with the same contract as triage: progress on stderr unless --quiet, one-line errors in the CLI's words.
/// </summary>
internal static class ResponsesCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(Option<bool> quiet) =>
        new("responses", "Empathy of peer responses: train, evaluate and score response models, and report aggregate shares (EPITOME's mechanisms by default).")
        {
            Train(quiet), Evaluate(quiet), Score(quiet), Report(quiet),
        };

    private static Option<double> L2() => Cli.Check(
        new Option<double>("--l2") { Description = "L2 penalty (0 or more).", DefaultValueFactory = _ => ResponseTrainingOptions.Default.L2 },
        v => double.IsFinite(v) && v >= 0, "must be a number of at least 0");

    private static Option<int> Seed(string what) => new("--seed") { Description = what, DefaultValueFactory = _ => ResponseTrainingOptions.Default.Seed };

    private static Command Train(Option<bool> quiet)
    {
        var data = new ResponsesData();
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the response model (.ptm).", Required = true };
        var seed = Seed("Seed for the inner folds (calibration); the same seed and data give the same model.");
        var l2 = L2();
        var command = new Command("train", "Train a response model on labelled (seeker post, response) pairs and save it; one model per mechanism in the data.") { output, seed, l2 };
        foreach (var option in data.Labelled)
            command.Add(option);
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var columns = data.Columns(parse, labelled: true);
            var (files, scheme) = data.Specs(parse, columns, fixedScheme: null);
            string outPath = Cli.RequireOutputFile("--out", parse.GetValue(output)!);
            var badRows = Cli.BadRows.From(parse, data.SkipBadRows);
            var rows = data.Load(files, columns, scheme, badRows, requireEveryLevel: true);
            progress.Report($"loaded {rows.Count:N0} labelled pairs from {files.Count} file{(files.Count == 1 ? "" : "s")}: {Counts(rows, scheme)}");
            WarnNoGroups(columns);
            var options = new ResponseTrainingOptions
            {
                Scheme = scheme,
                L2 = parse.GetValue(l2),
                Seed = parse.GetValue(seed),
                Progress = new ImmediateProgress<ResponseTrainingProgress>(p => progress.Report($"{p.Mechanism} ({p.Index + 1}/{p.Count}): {TrainCommand.Describe(p.Phase)}")),
            };
            var model = ResponseModel.Train(rows, options);
            Cli.Writing("--out", outPath, () => { model.Save(outPath); return 0; });
            progress.Report($"wrote {outPath} ({new FileInfo(outPath).Length:N0} bytes): {scheme.Describe()}");
            return 0;
        });
        return command;
    }

    private static Command Evaluate(Option<bool> quiet)
    {
        var data = new ResponsesData();
        var folds = Cli.Check(new Option<int>("--folds", "-k") { Description = "Number of stratified cross-validation folds (at least 2).", DefaultValueFactory = _ => 5 },
            k => k >= 2, "must be at least 2");
        var seed = Seed("Seed for the fold assignment and inner folds.");
        var l2 = L2();
        var model = new Option<FileInfo?>("--model", "-m") { Description = "Evaluate this trained response model on the data instead of cross-validating." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON (macroF1 over all levels, accuracy, per-level scores, confusion matrix)." };
        var command = new Command("evaluate", "Cross-validate a response model on labelled pairs (or evaluate a trained one) with EPITOME's metrics: accuracy and macro-F1 over all levels.")
        {
            folds, seed, l2, model, json,
        };
        foreach (var option in data.Labelled)
            command.Add(option);
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var columns = data.Columns(parse, labelled: true);
            var trained = parse.GetValue(model) is { } m ? ResponsesData.LoadModel("--model", m) : null;
            var (files, scheme) = data.Specs(parse, columns, trained?.Scheme);
            var badRows = Cli.BadRows.From(parse, data.SkipBadRows);
            var rows = data.Load(files, columns, scheme, badRows, requireEveryLevel: trained is null);
            int k = parse.GetValue(folds);
            if (trained is null)
            {
                foreach (var mechanism in scheme.Mechanisms)
                {
                    int count = rows.Count(r => r.Mechanism == mechanism.Name);
                    if (k > count)
                        throw new CliException($"--folds {k} is more than the {count:N0} '{mechanism.Name}' rows; use at most {count}.");
                }
            }
            progress.Report($"loaded {rows.Count:N0} labelled pairs from {files.Count} file{(files.Count == 1 ? "" : "s")}: {Counts(rows, scheme)}");

            IReadOnlyList<MechanismEvaluation> results;
            if (trained is not null)
            {
                results = EvaluateModel(trained, rows, scheme);
            }
            else
            {
                var options = new ResponseTrainingOptions { Scheme = scheme, L2 = parse.GetValue(l2), Seed = parse.GetValue(seed) };
                int total = k * scheme.Count;
                var cv = ResponseEvaluation.CrossValidate(rows, options, k, parse.GetValue(seed),
                    new ImmediateProgress<int>(done => progress.Report($"{scheme.Mechanisms[(done - 1) / k].Name}: fold {(done - 1) % k + 1}/{k} done ({done}/{total})")));
                results = cv.Mechanisms;
            }

            if (parse.GetValue(json))
            {
                var node = new JsonObject { ["mode"] = trained is null ? "cross-validation" : "model" };
                if (trained is null)
                {
                    node["folds"] = k;
                    node["seed"] = parse.GetValue(seed);
                }
                var list = new JsonArray();
                foreach (var r in results)
                    list.Add(MechanismJson(r));
                if (results.Count == 1)
                {
                    // One mechanism: its figures also at the top, so `jq .macroF1` works.
                    foreach (var (key, value) in MechanismJson(results[0]))
                        node[key] = value?.DeepClone();
                }
                node["mechanisms"] = list;
                Console.Out.WriteLine(node.ToJsonString(Indented));
            }
            else
            {
                Console.Out.WriteLine(trained is null ? $"{k}-fold stratified cross-validation (seed {parse.GetValue(seed)})" : "trained model on the data");
                foreach (var r in results)
                    Console.Out.Write(MechanismText(r));
            }
            return 0;
        });
        return command;
    }

    private static Command Score(Option<bool> quiet)
    {
        var data = new ResponsesData();
        var model = new Option<FileInfo>("--model", "-m") { Description = "Trained response model (.ptm).", Required = true };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write here instead of stdout; .csv, .tsv or .jsonl chooses the format." };
        var format = Cli.OneOf(new Option<string?>("--format") { Description = "Format on stdout: tsv (default) or jsonl." }, "tsv", "jsonl");
        var explain = new Option<bool>("--explain") { Description = "Add each mechanism's rationale spans (start and length in the response, in chars); never the text itself." };
        var command = new Command("score", "Assess each (seeker post, response) pair: per mechanism its level and calibrated probabilities, keyed by the row's id (texts are never written).")
        {
            model, output, format, explain,
        };
        foreach (var option in data.Unlabelled)
            command.Add(option);
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var columns = data.Columns(parse, labelled: false);
            string path = Cli.RequireDataFile("--data", parse.GetValue(data.OneFile)!);
            string? outPath = null;
            string kind = parse.GetValue(format) ?? "tsv";
            if (parse.GetValue(output) is { } o)
            {
                outPath = Cli.RequireOutputFile("--out", o);
                string ext = Path.GetExtension(outPath).ToLowerInvariant();
                kind = ext switch
                {
                    ".csv" => "csv",
                    ".tsv" => "tsv",
                    ".jsonl" or ".ndjson" => "jsonl",
                    _ => throw new CliException($"--out {outPath}: name the file .csv, .tsv or .jsonl so its format is known."),
                };
                if (parse.GetValue(format) is { } f && f != kind)
                    throw new CliException($"--format {f} and --out {Path.GetFileName(outPath)} disagree; the extension of --out chooses the format, so leave --format out.");
            }
            var trained = ResponsesData.LoadModel("--model", parse.GetValue(model)!);
            var badRows = Cli.BadRows.From(parse, data.SkipBadRows);
            // Every row is read before anything is written: a bad row stops the command with no output.
            var records = ResponseDataset.Read(path, columns, badRows?.ReadOptions).ToList();
            badRows?.Report();
            progress.Report($"loaded {records.Count:N0} pairs from {path}");
            bool withSpans = parse.GetValue(explain);
            void Write(TextWriter writer) => WriteScores(writer, kind, trained, records, withSpans);
            if (outPath is null)
            {
                using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
                Write(stdout);
            }
            else
            {
                Cli.Writing("--out", outPath, () => { Shared.AtomicFile.WriteText(outPath, Write); return 0; });
            }
            progress.Report($"scored {records.Count:N0} pairs on {trained.Scheme.Count} mechanism{(trained.Scheme.Count == 1 ? "" : "s")}"
                + (outPath is null ? "" : $"; wrote {outPath}"));
            return 0;
        });
        return command;
    }

    private static Command Report(Option<bool> quiet)
    {
        var data = new ResponsesData();
        var model = new Option<FileInfo>("--model", "-m") { Description = "Trained response model (.ptm).", Required = true };
        var board = new Option<string?>("--board-column") { Description = "Column holding the board (sub-forum): shares by board." };
        var time = new Option<string?>("--time-column") { Description = "Column holding the posting time (ISO 8601): shares by ISO week (UTC)." };
        var role = new Option<string?>("--role-column") { Description = "Column holding the replier's role (peer, moderator, staff): shares by role." };
        var responder = new Option<string?>("--responder-column") { Description = "Column holding who replied: cells with fewer than --min-responders distinct responders are suppressed." };
        var minCell = Cli.Check(new Option<int>("--min-cell") { Description = "Suppress cells with fewer replies than this (at least 1).", DefaultValueFactory = _ => ResponseHealthOptions.Default.MinReplies },
            v => v >= 1, "must be at least 1");
        var minResponders = Cli.Check(new Option<int>("--min-responders")
        {
            Description = "With --responder-column: suppress cells with fewer distinct responders than this (at least 1).",
            DefaultValueFactory = _ => ResponseHealthOptions.Default.MinResponders,
        }, v => v >= 1, "must be at least 1");
        var json = new Option<bool>("--json") { Description = "Write the report as JSON instead of Markdown tables." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report here instead of stdout." };
        var command = new Command("report", "The health of the platform: the share of replies showing each mechanism, overall and by board, week and replier role; small cells suppressed, never a per-reply result.")
        {
            model, board, time, role, responder, minCell, minResponders, json, output,
        };
        foreach (var option in data.Unlabelled)
            command.Add(option);
        command.SetAction(parse =>
        {
            var progress = new Cli.Progress(parse.GetValue(quiet));
            var columns = data.Columns(parse, labelled: false) with
            {
                Board = parse.GetValue(board),
                PostedAt = parse.GetValue(time),
                ReplierRole = parse.GetValue(role),
                Responder = parse.GetValue(responder),
            };
            string path = Cli.RequireDataFile("--data", parse.GetValue(data.OneFile)!);
            string? outPath = parse.GetValue(output) is { } o ? Cli.RequireOutputFile("--out", o) : null;
            var trained = ResponsesData.LoadModel("--model", parse.GetValue(model)!);
            var badRows = Cli.BadRows.From(parse, data.SkipBadRows);
            var records = ResponseDataset.Read(path, columns, badRows?.ReadOptions).ToList();
            badRows?.Report();
            progress.Report($"loaded {records.Count:N0} pairs from {path}");
            var options = new ResponseHealthOptions { MinReplies = parse.GetValue(minCell), MinResponders = parse.GetValue(minResponders) };
            var report = ResponseHealth.Compute(trained, records, options, new ImmediateProgress<long>(n => progress.Report($"assessed {n:N0} pairs")));
            string text = parse.GetValue(json) ? report.ToJson() + "\n" : report.ToText();
            if (outPath is null)
                Console.Out.Write(text);
            else
                Cli.Writing("--out", outPath, () => { Shared.AtomicFile.WriteText(outPath, w => w.Write(text)); return 0; });
            if (columns.Responder is null)
                progress.Report($"no --responder-column: cells are suppressed only below {options.MinReplies} replies; with it, also below {options.MinResponders} distinct responders");
            progress.Report($"reported on {records.Count:N0} pairs" + (outPath is null ? "" : $"; wrote {outPath}"));
            return 0;
        });
        return command;
    }

    /// <summary>Evaluates a trained model on labelled rows, per mechanism of <paramref name="scheme"/> (a subset of the model's).</summary>
    private static List<MechanismEvaluation> EvaluateModel(ResponseModel model, List<LabeledResponse> rows, ResponseScheme scheme)
    {
        var results = new List<MechanismEvaluation>();
        Span<float> p = stackalloc float[PriorityScheme.MaxLevels];
        foreach (var mechanism in scheme.Mechanisms)
        {
            int index = model.Scheme.Require(mechanism.Name);
            var gold = new List<int>();
            var predicted = new List<int>();
            foreach (var row in rows)
            {
                if (row.Mechanism != mechanism.Name)
                    continue;
                gold.Add(mechanism.Levels.IndexOf(row.Label));
                predicted.Add(model.Assess(row.Pair, index, p));
            }
            results.Add(MechanismEvaluation.Compute(mechanism.Name, mechanism.Levels, gold.ToArray(), predicted.ToArray()) with { Gold = gold, Predicted = predicted });
        }
        return results;
    }

    private static JsonObject MechanismJson(MechanismEvaluation e)
    {
        var levels = new JsonArray();
        foreach (var l in e.PerLevel)
            levels.Add(new JsonObject { ["level"] = l.Level, ["precision"] = Round(l.Precision), ["recall"] = Round(l.Recall), ["f1"] = Round(l.F1), ["support"] = l.Support });
        var confusion = new JsonArray();
        foreach (var row in e.Confusion)
            confusion.Add(new JsonArray([.. row.Select(c => (JsonNode?)c)]));
        var node = new JsonObject
        {
            ["mechanism"] = e.Mechanism,
            ["count"] = e.Count,
            ["macroF1"] = Round(e.MacroF1),
            ["accuracy"] = Round(e.Accuracy),
            ["levels"] = levels,
            ["confusion"] = confusion,
        };
        if (!double.IsNaN(e.ArgmaxMacroF1))
        {
            node["argmaxMacroF1"] = Round(e.ArgmaxMacroF1);
            node["argmaxAccuracy"] = Round(e.ArgmaxAccuracy);
        }
        return node;
    }

    private static double Round(double x) => Math.Round(x, 4);

    private static string MechanismText(MechanismEvaluation e)
    {
        var inv = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine();
        s.AppendLine(string.Create(inv, $"{e.Mechanism}: {e.Count:N0} pairs, accuracy {e.Accuracy:0.000}, macro-F1 {e.MacroF1:0.000} (all levels)"));
        s.AppendLine(string.Create(inv, $"  {"level",-10} {"precision",9} {"recall",7} {"F1",6} {"support",8}"));
        foreach (var l in e.PerLevel)
            s.AppendLine(string.Create(inv, $"  {l.Level,-10} {l.Precision,9:0.000} {l.Recall,7:0.000} {l.F1,6:0.000} {l.Support,8:N0}"));
        s.AppendLine("  confusion (rows gold, columns predicted): " + string.Join(" | ", e.Confusion.Select((row, g) => $"{e.Levels[g]}: {string.Join(" ", row)}")));
        return s.ToString();
    }

    /// <summary>Per row: the id, and per mechanism the level, each level's probability and (with spans) the rationale spans.</summary>
    private static void WriteScores(TextWriter writer, string kind, ResponseModel model, List<ResponseRecord> records, bool spans)
    {
        var inv = CultureInfo.InvariantCulture;
        var scheme = model.Scheme;
        var p = new float[PriorityScheme.MaxLevels];
        if (kind == "jsonl")
        {
            using var buffer = new MemoryStream();
            foreach (var r in records)
            {
                buffer.SetLength(0);
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("id", r.Pair.Id);
                    w.WriteStartObject("mechanisms");
                    for (int m = 0; m < scheme.Count; m++)
                    {
                        var levels = scheme.Mechanisms[m].Levels;
                        int level = model.Assess(r.Pair, m, p);
                        w.WriteStartObject(scheme.Mechanisms[m].Name);
                        w.WriteString("level", levels.NameOf(level));
                        w.WriteStartObject("probabilities");
                        for (int j = 0; j < levels.Count; j++)
                            w.WriteNumber(levels.NameOf(j), Math.Round(p[j], 4));
                        w.WriteEndObject();
                        if (spans)
                        {
                            w.WriteStartArray("rationales");
                            foreach (var span in model.Explain(r.Pair, scheme.Mechanisms[m].Name, top: 0).Rationales)
                            {
                                w.WriteStartObject();
                                w.WriteNumber("start", span.Start);
                                w.WriteNumber("length", span.Length);
                                w.WriteEndObject();
                            }
                            w.WriteEndArray();
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                writer.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }
            return;
        }
        char sep = kind == "csv" ? ',' : '\t';
        var header = new List<string> { "id" };
        foreach (var mechanism in scheme.Mechanisms)
        {
            header.Add(mechanism.Name);
            header.AddRange(mechanism.Levels.Levels.Select(l => $"{mechanism.Name}.p_{l}"));
            if (spans)
                header.Add($"{mechanism.Name}.rationales");
        }
        writer.WriteLine(string.Join(sep, header.Select(h => Field(h, sep))));
        var row = new List<string>();
        foreach (var r in records)
        {
            row.Clear();
            row.Add(Field(r.Pair.Id ?? "", sep));
            for (int m = 0; m < scheme.Count; m++)
            {
                var levels = scheme.Mechanisms[m].Levels;
                int level = model.Assess(r.Pair, m, p);
                row.Add(levels.NameOf(level));
                for (int j = 0; j < levels.Count; j++)
                    row.Add(p[j].ToString("0.0000", inv));
                if (spans)
                    row.Add(string.Join(" ", model.Explain(r.Pair, scheme.Mechanisms[m].Name, top: 0).Rationales.Select(s => string.Create(inv, $"{s.Start}:{s.Length}"))));
            }
            writer.WriteLine(string.Join(sep, row));
        }
    }

    /// <summary>A CSV/TSV field, quoted when it holds the separator, a quote or a line break.</summary>
    private static string Field(string value, char sep) =>
        value.AsSpan().IndexOfAny([sep, '"', '\r', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Counts(List<LabeledResponse> rows, ResponseScheme scheme) =>
        string.Join(", ", scheme.Mechanisms.Select(m => $"{m.Name} {rows.Count(r => r.Mechanism == m.Name):N0}"));

    private static void WarnNoGroups(ResponseDatasetColumns columns)
    {
        if (columns.Group is null)
        {
            Console.Error.WriteLine("peertriage: warning: no --group-column, so each response counts as its own author: the model's explanation vocabulary keeps an n-gram "
                + $"written in at least {ResponseTrainingOptions.Default.ExplanationMinAuthors} responses rather than by that many people; pass --group-column with the responder column when the data has one.");
        }
    }
}
