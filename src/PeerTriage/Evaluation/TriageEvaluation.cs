using System.Buffers;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PeerTriage.Training;

namespace PeerTriage.Evaluation;

/// <summary>
/// The CLPsych 2016/2017 shared-task metrics (as computed by the official <c>ro-evaluation</c> scorer), generalised to any
/// <see cref="PriorityScheme"/>.
/// </summary>
/// <remarks>
/// <para>
/// Per level: precision = correct / predicted (0 when the level was never predicted), recall = correct / gold (0 when
/// no gold message has the level), F1 = 2PR / (P + R) (0 when P = R = 0). The official score, <see cref="MacroF1"/>, is
/// the unweighted mean of F1 over every level except the lowest (for the default scheme: amber, red and crisis; green is
/// excluded). <see cref="Accuracy"/> is the exact-match rate.
/// </para>
/// <para>
/// <see cref="Flagged"/> is the binary task "level ≥ <see cref="PriorityScheme.FlaggedFrom"/>" (non-green versus green)
/// and <see cref="Urgent"/> the task "level ≥ <see cref="PriorityScheme.UrgentFrom"/>" (red or crisis versus the rest),
/// each scored for the positive class with the same zero conventions.
/// </para>
/// </remarks>
public sealed class TriageEvaluation
{
    private readonly int[][] _confusion;

    private TriageEvaluation(PriorityScheme scheme, ConfusionScores scores)
    {
        Scheme = scheme;
        _confusion = scores.Confusion;
        Count = scores.Count;
        var levels = scores.Levels.Select((l, level) => new LevelScore(scheme.Levels[level], l.Precision, l.Recall, l.F1, l.Support)).ToArray();
        Levels = Array.AsReadOnly(levels);
        MacroF1 = scores.MacroF1;
        Accuracy = scores.Accuracy;
        Flagged = new BinaryScore(scores.Flagged.Precision, scores.Flagged.Recall, scores.Flagged.F1, scores.Flagged.Support);
        Urgent = new BinaryScore(scores.Urgent.Precision, scores.Urgent.Recall, scores.Urgent.F1, scores.Urgent.Support);
        Confusion = Array.AsReadOnly(_confusion.Select(row => (IReadOnlyList<int>)Array.AsReadOnly(row)).ToArray());
        Shares = LevelShare.Of(scheme, scores.Decided, levels.Select(l => l.Support).ToArray());
    }

    /// <summary>Per level, the share of messages decided at it next to its base rate (see <see cref="LevelShare.IsFlooded"/>).</summary>
    public IReadOnlyList<LevelShare> Shares { get; }

    /// <summary>The scheme the levels belong to.</summary>
    public PriorityScheme Scheme { get; }

    /// <summary>The number of messages scored.</summary>
    public int Count { get; }

    /// <summary>The official CLPsych score: mean F1 over all levels except the lowest.</summary>
    public double MacroF1 { get; }

    /// <summary>The fraction of messages whose predicted level equals the gold level.</summary>
    public double Accuracy { get; }

    /// <summary>Scores of the binary task flagged (level ≥ <see cref="PriorityScheme.FlaggedFrom"/>) versus not.</summary>
    public BinaryScore Flagged { get; }

    /// <summary>Scores of the binary task urgent (level ≥ <see cref="PriorityScheme.UrgentFrom"/>) versus not.</summary>
    public BinaryScore Urgent { get; }

    /// <summary>The scores of every level, lowest first, including the lowest level (which the macro-F1 leaves out).</summary>
    public IReadOnlyList<LevelScore> Levels { get; }

    /// <summary>The confusion matrix: <c>Confusion[gold][predicted]</c> counts messages, indexed like <see cref="PriorityScheme.Levels"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Confusion { get; }

    /// <summary>Scores predicted level indices against gold level indices.</summary>
    /// <param name="scheme">The priority scheme.</param>
    /// <param name="gold">The gold level index of each message.</param>
    /// <param name="predicted">The predicted level index of each message, in the same order.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scheme"/> is null.</exception>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths, or an index is not a level of the scheme.</exception>
    public static TriageEvaluation Compute(PriorityScheme scheme, ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        return new TriageEvaluation(scheme, ConfusionScores.Of(scheme, gold, predicted));
    }

    /// <summary>Scores predicted level names against gold level names (case-insensitive).</summary>
    /// <param name="scheme">The priority scheme.</param>
    /// <param name="gold">The gold level name of each message.</param>
    /// <param name="predicted">The predicted level name of each message, in the same order.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths, or a name is not a level of the scheme.</exception>
    public static TriageEvaluation Compute(PriorityScheme scheme, IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count)
            throw new ArgumentException($"There are {gold.Count} gold levels but {predicted.Count} predicted levels; they must pair up.", nameof(predicted));
        var g = new int[gold.Count];
        var p = new int[predicted.Count];
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = Index(scheme, gold[i], i, "Gold", nameof(gold));
            p[i] = Index(scheme, predicted[i], i, "Predicted", nameof(predicted));
        }
        return Compute(scheme, g, p);

        static int Index(PriorityScheme scheme, string? name, int position, string what, string param)
        {
            if (name is not null && scheme.TryGetIndex(name, out int index))
                return index;
            throw new ArgumentException($"{what} level '{name}' at position {position} is not a level of the scheme ({scheme.Describe()}).", param);
        }
    }

    /// <summary>
    /// Writes the evaluation as one JSON object: <c>macroF1</c>, <c>accuracy</c>, <c>flagged</c> and <c>urgent</c>
    /// (each with <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>support</c>), <c>levels</c> (an object keyed by level
    /// name), <c>confusion</c> (<c>labels</c> and <c>matrix</c>, rows = gold), <c>shares</c> (per level name: <c>predicted</c> and <c>baseRate</c>) and <c>count</c>. Numbers are written with
    /// full, round-trippable precision.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("macroF1", MacroF1);
        writer.WriteNumber("accuracy", Accuracy);
        WriteScore(writer, "flagged", Flagged.Precision, Flagged.Recall, Flagged.F1, Flagged.Support);
        WriteScore(writer, "urgent", Urgent.Precision, Urgent.Recall, Urgent.F1, Urgent.Support);
        writer.WriteStartObject("levels");
        foreach (var level in Levels)
            WriteScore(writer, level.Level, level.Precision, level.Recall, level.F1, level.Support);
        writer.WriteEndObject();
        writer.WriteStartObject("confusion");
        writer.WriteStartArray("labels");
        foreach (var name in Scheme.Levels)
            writer.WriteStringValue(name);
        writer.WriteEndArray();
        writer.WriteStartArray("matrix");
        foreach (var row in _confusion)
        {
            writer.WriteStartArray();
            foreach (int n in row)
                writer.WriteNumberValue(n);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("shares");
        foreach (var share in Shares)
        {
            writer.WriteStartObject(share.Level);
            writer.WriteNumber("predicted", share.Predicted);
            writer.WriteNumber("baseRate", share.BaseRate);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteNumber("count", Count);
        writer.WriteEndObject();

        static void WriteScore(Utf8JsonWriter writer, string name, double precision, double recall, double f1, int support)
        {
            writer.WriteStartObject(name);
            writer.WriteNumber("precision", precision);
            writer.WriteNumber("recall", recall);
            writer.WriteNumber("f1", f1);
            writer.WriteNumber("support", support);
            writer.WriteEndObject();
        }
    }

    /// <summary>Returns the evaluation as JSON (see <see cref="WriteJson"/>).</summary>
    /// <param name="indented">Whether to indent the JSON for reading.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            WriteJson(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Returns a table for terminals: precision, recall, F1 and support per level and for the flagged and urgent tasks,
    /// the macro-F1, the accuracy and the confusion matrix. Numbers use the invariant culture with three decimals.
    /// </summary>
    /// <returns>The text, with <c>\n</c> line breaks.</returns>
    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        int nameWidth = Math.Max(9, Scheme.Levels.Max(l => l.Length));
        sb.Append(inv, $"{Count} messages; scheme {Scheme}\n\n");
        sb.Append("".PadRight(nameWidth)).Append("  precision  recall      f1  support\n");
        foreach (var level in Levels)
            Row(sb, level.Level, level.Precision, level.Recall, level.F1, level.Support);
        sb.Append('\n');
        Row(sb, "flagged", Flagged.Precision, Flagged.Recall, Flagged.F1, Flagged.Support);
        Row(sb, "urgent", Urgent.Precision, Urgent.Recall, Urgent.F1, Urgent.Support);
        sb.Append('\n');
        string macroOver = string.Join(", ", Scheme.Levels.Skip(1));
        sb.Append(inv, $"macro-F1 ({macroOver}): {MacroF1:0.000}\n");
        sb.Append(inv, $"accuracy: {Accuracy:0.000}\n\n");

        sb.Append("share of messages: predicted vs base rate\n");
        foreach (var share in Shares)
            sb.Append(share.Level.PadRight(nameWidth)).Append(inv, $"  {share.Predicted,9:0.000}  {share.BaseRate,6:0.000}{(share.IsFlooded ? "  flooded" : "")}\n");
        sb.Append('\n');

        sb.Append("confusion (rows = gold, columns = predicted)\n");
        int cell = Math.Max(Count.ToString(inv).Length, Scheme.Levels.Max(l => l.Length));
        sb.Append("".PadRight(nameWidth));
        foreach (var name in Scheme.Levels)
            sb.Append("  ").Append(name.PadLeft(cell));
        sb.Append('\n');
        for (int g = 0; g < _confusion.Length; g++)
        {
            sb.Append(Scheme.Levels[g].PadRight(nameWidth));
            foreach (int n in _confusion[g])
                sb.Append("  ").Append(n.ToString(inv).PadLeft(cell));
            sb.Append('\n');
        }
        return sb.ToString();

        void Row(StringBuilder sb, string name, double p, double r, double f, int support) =>
            sb.Append(name.PadRight(nameWidth))
              .Append(inv, $"  {p,9:0.000}  {r,6:0.000}  {f,6:0.000}  {support,7}\n");
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"macro-F1 {MacroF1:0.000}, accuracy {Accuracy:0.000}, flagged F1 {Flagged.F1:0.000}, urgent F1 {Urgent.F1:0.000} ({Count} messages)");
}
