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
        Description = "Decision policy: recall (thresholds fitted to recall targets; default), argmax, or cost.",
        DefaultValueFactory = _ => "recall",
    };

    public Option<string[]> Targets { get; } = new("--recall-target")
    {
        Description = "Recall target for 'at least LEVEL', as LEVEL=VALUE; repeatable. Default: flagged level 0.90, urgent level 0.80, highest level 0.90.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Costs { get; } = new("--costs")
    {
        Description = "With --policy cost: the cost matrix, rows = true level, columns = decided level, e.g. \"0,1,2,4;2,0,1,2;4,2,0,1;8,4,2,0\".",
    };

    public Option<bool> NoCalibration { get; } = new("--no-calibration") { Description = "Do not fit a calibration temperature." };

    public IEnumerable<Option> All => [Policy, Targets, Costs, NoCalibration];

    public DecisionOptions Options(ParseResult parse)
    {
        var kind = parse.GetValue(Policy)?.ToLowerInvariant() switch
        {
            "recall" or "recall-targets" => DecisionPolicyKind.RecallTargets,
            "argmax" => DecisionPolicyKind.Argmax,
            "cost" or "cost-matrix" => DecisionPolicyKind.CostMatrix,
            var other => throw new ArgumentException($"--policy '{other}' is not one of recall, argmax, cost."),
        };
        Dictionary<string, double>? targets = null;
        foreach (string pair in parse.GetValue(Targets) ?? [])
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new ArgumentException($"--recall-target '{pair}' is not LEVEL=VALUE (for example red=0.85).");
            (targets ??= new(StringComparer.OrdinalIgnoreCase))[parts[0].Trim()] = value;
        }
        IReadOnlyList<IReadOnlyList<float>>? costs = null;
        if (parse.GetValue(Costs) is { } text)
        {
            costs = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select((row, i) => (IReadOnlyList<float>)row.Split(',').Select(v => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)
                    ? f : throw new ArgumentException($"--costs row {i + 1}: '{v.Trim()}' is not a number.")).ToArray())
                .ToArray();
        }
        return new DecisionOptions { Policy = kind, RecallTargets = targets, Costs = costs, Calibrate = !parse.GetValue(NoCalibration) };
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
