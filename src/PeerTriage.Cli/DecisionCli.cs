using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PeerTriage.Decisions;
using PeerTriage.Evaluation;

namespace PeerTriage.Cli;

/// <summary>The decision-policy options shared by train and evaluate, and the operating-point report.</summary>
internal sealed class DecisionCli
{
    public Option<string> Policy { get; } = new("--policy")
    {
        Description = "Decision policy: flagged-recall (default: the flagged level's recall target, F1 at every other boundary), "
            + "recall (recall targets at the flagged, urgent and highest levels: 0.90, 0.80, 0.90), argmax, or cost.",
        DefaultValueFactory = _ => "flagged-recall",
    };

    public Option<string[]> Targets { get; } = new("--recall-target")
    {
        Description = "Recall target for 'at least LEVEL', as LEVEL=VALUE; repeatable. With flagged-recall the flagged level keeps 0.90 "
            + "unless named, and a named higher level (crisis=0.9) gets its target instead of F1.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> Objective { get; } = new("--objective")
    {
        Description = "What the boundaries without a recall target are fitted for: macro-f1 (the official macro-F1, jointly; default) or boundary-f (each boundary's own F-beta).",
        DefaultValueFactory = _ => "macro-f1",
    };

    public Option<double> FBeta { get; } = new("--f-beta")
    {
        Description = "With --objective boundary-f: beta of each boundary's F-beta (above 1 favours recall). Default 1.",
        DefaultValueFactory = _ => 1.0,
    };

    public Option<string?> Costs { get; } = new("--costs")
    {
        Description = "With --policy cost: the cost matrix, rows = true level, columns = decided level, e.g. \"0,1,2,4;2,0,1,2;4,2,0,1;8,4,2,0\".",
    };

    public Option<bool> NoCalibration { get; } = new("--no-calibration") { Description = "Do not fit a calibration temperature." };

    public IEnumerable<Option> All => [Policy, Targets, Objective, FBeta, Costs, NoCalibration];

    /// <summary>The decision options, checked against the scheme in the options' own words.</summary>
    public DecisionOptions Options(ParseResult parse, PriorityScheme scheme)
    {
        var kind = parse.GetValue(Policy)?.ToLowerInvariant() switch
        {
            "flagged-recall" or "flagged-recall-then-f1" => DecisionPolicyKind.FlaggedRecallThenF1,
            "recall" or "recall-targets" => DecisionPolicyKind.RecallTargets,
            "argmax" => DecisionPolicyKind.Argmax,
            "cost" or "cost-matrix" => DecisionPolicyKind.CostMatrix,
            var other => throw new CliException($"--policy '{other}' is not one of flagged-recall, recall, argmax, cost."),
        };
        var objective = parse.GetValue(Objective)?.ToLowerInvariant() switch
        {
            "boundary-f" or "boundary-f1" or "boundary" => ThresholdObjective.BoundaryFBeta,
            "macro-f1" or "macro" => ThresholdObjective.MacroF1,
            var other => throw new CliException($"--objective '{other}' is not one of boundary-f, macro-f1."),
        };
        double beta = parse.GetValue(FBeta);
        if (!(beta >= 0.1 && beta <= 10))
            throw new CliException($"--f-beta must be between 0.1 and 10 (got {beta.ToString(CultureInfo.InvariantCulture)}).");
        Dictionary<string, double>? targets = null;
        foreach (string pair in parse.GetValue(Targets) ?? [])
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new CliException($"--recall-target '{pair}' is not LEVEL=VALUE (for example red=0.85).");
            string level = parts[0].Trim();
            if (!scheme.TryGetIndex(level, out int index) || index == 0)
                throw new CliException($"--recall-target '{pair}': '{level}' is not a level above the lowest ({string.Join(", ", scheme.Levels.Skip(1))}).");
            if (!(value > 0 && value <= 1))
                throw new CliException($"--recall-target '{pair}': the target must be above 0 and at most 1.");
            (targets ??= new(StringComparer.OrdinalIgnoreCase))[level] = value;
        }
        IReadOnlyList<IReadOnlyList<float>>? costs = null;
        if (parse.GetValue(Costs) is { } text)
        {
            costs = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select((row, i) => (IReadOnlyList<float>)row.Split(',').Select(v => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f) && f >= 0
                    ? f : throw new CliException($"--costs row {i + 1}: '{v.Trim()}' is not a number of at least 0.")).ToArray())
                .ToArray();
            int k = scheme.Count;
            if (costs.Count != k || costs.Any(row => row.Count != k))
            {
                throw new CliException($"--costs must be {k} rows of {k} numbers, one per level ({string.Join(", ", scheme.Levels)}): rows separated by ';', "
                    + $"numbers by ','; got {costs.Count} row{(costs.Count == 1 ? "" : "s")} of {string.Join(", ", costs.Select(r => r.Count).Distinct())}.");
            }
        }
        if (kind == DecisionPolicyKind.CostMatrix && costs is null)
            throw new CliException("--policy cost needs --costs (for example \"0,1,2,4;2,0,1,2;4,2,0,1;8,4,2,0\").");
        var options = new DecisionOptions
        {
            Policy = kind, RecallTargets = targets, Objective = objective, FBeta = beta, Costs = costs, Calibrate = !parse.GetValue(NoCalibration),
        };
        options.Validate(scheme);
        return options;
    }

    /// <summary>
    /// Warns on stderr about every level decided more than twice as often as it occurs, naming the shares and the
    /// option that causes it.
    /// </summary>
    public static void WarnFloods(IReadOnlyList<LevelShare> shares, PriorityScheme scheme, DecisionPolicy? policy, DecisionPolicyKind kind,
        IReadOnlyList<double?> targets, string where)
    {
        var inv = CultureInfo.InvariantCulture;
        for (int j = 0; j < shares.Count; j++)
        {
            var share = shares[j];
            if (!share.IsFlooded)
                continue;
            string cause = (policy, kind) switch
            {
                (ArgmaxPolicy, _) or (null, DecisionPolicyKind.Argmax) => "--policy argmax decides it; the default flagged-recall policy fits thresholds instead",
                (CostMatrixPolicy, _) or (null, DecisionPolicyKind.CostMatrix) => "the --costs matrix makes it the cheapest decision; lower the costs of missing it",
                _ when j == 0 => "the thresholds above it are high; lower a --recall-target or use --f-beta above 1",
                _ when j < targets.Count && targets[j] is { } t => j == scheme.FlaggedFrom
                    ? string.Create(inv, $"the flagged recall target {t:0.00} (the price of catching flagged posts; --recall-target {scheme.NameOf(j)}=R with a lower R trades recall for fewer)")
                    : string.Create(inv, $"the recall target {scheme.NameOf(j)}={t:0.00}; lower it with --recall-target {scheme.NameOf(j)}=R or drop it"),
                _ => $"the threshold at '{scheme.NameOf(j)}' fitted without a recall target; --objective macro-f1 (the default) weighs every level",
            };
            string ratio = double.IsPositiveInfinity(share.Ratio) ? "it never occurs" : string.Create(inv, $"{share.Ratio:0.0}x");
            Console.Error.WriteLine(string.Create(inv,
                $"peertriage: warning: '{share.Level}' is decided for {100 * share.Predicted:0.0}% of messages {where} but is {100 * share.BaseRate:0.0}% of the data ({ratio}); cause: {cause}."));
        }
    }

    /// <summary>After training: each level's out-of-fold decided share next to its base rate, then any flood warning.</summary>
    public static void ReportShares(TriageModel model, Cli.Progress progress)
    {
        if (model.Info.Metrics is not { } metrics)
            return;
        var shares = metrics.Shares(model.Scheme);
        progress.Report("decided share vs base rate (inner out-of-fold): "
            + string.Join(", ", shares.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Level} {s.Predicted:0.000} vs {s.BaseRate:0.000}"))));
        WarnFloods(shares, model.Scheme, model.Policy, DecisionPolicyKind.RecallTargets, model.RecallTargets, "out of fold on the training data");
    }

    public static string OperatingPointText(CrossValidationResult result)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("operating point (nested: thresholds and calibration fitted inside each training fold)");
        sb.AppendLine("  at least   target  threshold  recall  precision  support");
        foreach (var p in result.OperatingPoints)
            sb.AppendLine($"  {p.Level,-8} {Fmt(p.TargetRecall),7} {Fmt(p.Threshold),10} {p.Recall,7:0.000} {p.Precision,10:0.000} {p.Support,8}");
        sb.AppendLine($"precision at flagged recall 0.90: {result.PrecisionAtFlaggedRecall90:0.000}");
        sb.AppendLine($"precision at urgent recall 0.80:  {result.PrecisionAtUrgentRecall80:0.000}");
        sb.AppendLine($"argmax baseline: macro-F1 {result.ArgmaxEvaluation.MacroF1:0.000}, accuracy {result.ArgmaxEvaluation.Accuracy:0.000}, flagged F1 {result.ArgmaxEvaluation.Flagged.F1:0.000}, urgent F1 {result.ArgmaxEvaluation.Urgent.F1:0.000}");
        sb.AppendLine();
        sb.AppendLine("calibration before:");
        sb.AppendLine(result.CalibrationBefore.ToText());
        sb.AppendLine("calibration after:");
        sb.Append(result.CalibrationAfter.ToText());
        return sb.ToString();

        static string Fmt(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "-";
    }

    public static string OperatingPointText(IReadOnlyList<OperatingPoint> points, CalibrationReport calibration)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("operating point of the model's decisions on this data");
        sb.AppendLine("  at least   recall  precision  support");
        foreach (var p in points)
            sb.AppendLine($"  {p.Level,-8} {p.Recall,7:0.000} {p.Precision,10:0.000} {p.Support,8}");
        sb.AppendLine("calibration:");
        sb.Append(calibration.ToText());
        return sb.ToString();
    }

    public static void AddModelJson(JsonObject json, IReadOnlyList<OperatingPoint> points, CalibrationReport calibration)
    {
        json["operatingPoint"] = Points(points);
        json["calibration"] = new JsonObject { ["after"] = Calibration(calibration) };
    }

    private static JsonArray Points(IReadOnlyList<OperatingPoint> operatingPoints)
    {
        var points = new JsonArray();
        foreach (var p in operatingPoints)
        {
            points.Add(new JsonObject
            {
                ["level"] = p.Level,
                ["targetRecall"] = p.TargetRecall,
                ["threshold"] = p.Threshold,
                ["recall"] = p.Recall,
                ["precision"] = p.Precision,
                ["support"] = p.Support,
            });
        }
        return points;
    }

    public static void AddJson(JsonObject json, CrossValidationResult result, string policy)
    {
        json["policy"] = policy;
        json["operatingPoint"] = Points(result.OperatingPoints);
        json["precisionAtRecall"] = new JsonObject
        {
            ["flagged@0.90"] = result.PrecisionAtFlaggedRecall90,
            ["urgent@0.80"] = result.PrecisionAtUrgentRecall80,
        };
        json["calibration"] = new JsonObject { ["before"] = Calibration(result.CalibrationBefore), ["after"] = Calibration(result.CalibrationAfter) };
        var a = result.ArgmaxEvaluation;
        json["argmax"] = new JsonObject
        {
            ["macroF1"] = a.MacroF1,
            ["accuracy"] = a.Accuracy,
            ["flagged"] = new JsonObject { ["precision"] = a.Flagged.Precision, ["recall"] = a.Flagged.Recall, ["f1"] = a.Flagged.F1 },
            ["urgent"] = new JsonObject { ["precision"] = a.Urgent.Precision, ["recall"] = a.Urgent.Recall, ["f1"] = a.Urgent.F1 },
        };
    }

    private static JsonObject Calibration(CalibrationReport r)
    {
        var bins = new JsonArray();
        foreach (var b in r.Bins)
            bins.Add(new JsonObject { ["lower"] = b.Lower, ["upper"] = b.Upper, ["count"] = b.Count, ["meanConfidence"] = b.MeanConfidence, ["accuracy"] = b.Accuracy });
        return new JsonObject { ["ece"] = r.ExpectedCalibrationError, ["bins"] = bins };
    }
}
