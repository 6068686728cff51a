using System.Text;

namespace PeerTriage.Serialization;

/// <summary>The model card: a model's description as readable text, kept apart from the model that it describes.</summary>
internal static class ModelCard
{
    /// <summary>The text of <see cref="TriageModel.ToModelCard"/>.</summary>
    public static string Describe(TriageModel model)
    {
        var sb = new StringBuilder();
        var i = model.Info;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        void Line(string text) => sb.Append(text).Append('\n');
        Line($"format {i.FormatVersion}, trained by PeerTriage {i.LibraryVersion} at {i.CreatedAt.ToString("u", inv)}");
        Line($"scheme: {model.Scheme}");
        var f = model.Features;
        var n = f.NGrams;
        Line($"features: {f.Describe()}");
        Line(string.Create(inv, $"  n-grams: 2^{n.HashBits} buckets, words {n.WordNGrams.Min}-{n.WordNGrams.Max}, chars {n.CharNGrams.Min}-{n.CharNGrams.Max}, sublinear tf {n.SublinearTf}, L2 per block {n.L2Normalize}, caps {n.MaxTextLength} chars / {n.MaxTokens} tokens"));
        if (f.Lexicons is { } l)
        {
            var names = new[] { l.Risk, l.Sentiment }.Concat(l.Extra).Where(x => x is not null).Select(x => $"{x!.Name} v{x.Version}");
            Line($"  lexicons: {string.Join(", ", names)}; negation window {l.NegationWindow}; text analysis v{l.TextAnalysisVersion}");
        }
        if (f.Context is { } c)
            Line(string.Create(inv, $"  context: thread {c.Thread}, board {c.Board}, parent text {c.ParentText} (weight {c.ParentTextWeight}), parent level {c.ParentLevel}, author history {c.AuthorHistory}; training dropout {c.TrainingDropout}"));
        if (model.DenseFeatureNames.Count > 0)
            Line(string.Create(inv, $"  dense features: {model.DenseFeatureNames.Count}, scaled by {f.DenseScale}; {(f.TwoStage ? "two stages" : "one stage")}"));
        if (model.WeightSet.Trees is { } trees)
        {
            string settings = string.Join(", ", i.SecondStageSettings.Select(kv => $"{kv.Key} {kv.Value}"));
            Line($"  second stage: {i.SecondStageKind} trees, {trees.TreeCount:N0} in all over {trees.Inputs} inputs" + (settings.Length == 0 ? "" : $" ({settings})"));
        }
        Line($"decision: {model.Policy.Describe(model.Scheme)}");
        if (model.Decision.DescribeFitting(model.Scheme) is { } fitting)
            Line($"  fitted for {fitting}");
        foreach (var b in model.Decision.Boundaries)
        {
            string target = double.IsNaN(b.Target) ? "no target" : string.Create(inv, $"target recall {b.Target:0.00}");
            Line(string.Create(inv, $"  ≥ {model.Scheme.NameOf(b.Level)}: threshold {b.Threshold:0.000} ({target}); on training out-of-fold predictions recall {b.Recall:0.000}, precision {b.Precision:0.000}"));
        }
        Line(string.Create(inv, $"calibration: temperature {model.Temperature:0.000}"));
        Line($"explanation vocabulary: {model.Vocabulary.NGrams.Count:N0} n-grams, each from at least {model.Vocabulary.MinAuthors} authors");
        Line(string.Create(inv, $"training: {i.TrainingRows:N0} rows ({string.Join(", ", i.RowsPerLevel.Select((count, k) => $"{model.Scheme.NameOf(k)} {count:N0}"))}); L2 {i.L2}, class weighting {i.ClassWeighting}, {i.Iterations} iterations, converged {i.Converged}"));
        Line($"  data SHA-256 {i.TrainingDataSha256}");
        foreach (var w in i.Warnings)
            Line($"warning: {w.Message}");
        if (i.Metrics is { } m)
        {
            Line($"metrics ({m.Method}, {m.Rows:N0} rows):");
            Line(string.Create(inv, $"  model's decisions: macro-F1 {m.MacroF1:0.000}, accuracy {m.Accuracy:0.000}, flagged F1 {m.FlaggedF1:0.000} (R {m.FlaggedRecall:0.000}, P {m.FlaggedPrecision:0.000}), urgent F1 {m.UrgentF1:0.000} (R {m.UrgentRecall:0.000}, P {m.UrgentPrecision:0.000})"));
            Line(string.Create(inv, $"  argmax:            macro-F1 {m.ArgmaxMacroF1:0.000}, flagged F1 {m.ArgmaxFlaggedF1:0.000}, urgent F1 {m.ArgmaxUrgentF1:0.000}"));
            foreach (var share in m.Shares(model.Scheme))
            {
                Line(string.Create(inv, $"  {share.Level}: decided for {share.Predicted:0.000} of messages, base rate {share.BaseRate:0.000}")
                    + (share.IsFlooded ? string.Create(inv, $" (FLOODED: {share.Ratio:0.0}x its base rate)") : ""));
            }
        }
        else
            Line("metrics: none stored (no inner cross-validation ran for this model)");
        return sb.ToString();
    }
}
