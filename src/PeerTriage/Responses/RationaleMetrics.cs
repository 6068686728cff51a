using PeerTriage.Text;

namespace PeerTriage.Responses;

/// <summary>A run of characters of a text: <see cref="Length"/> chars from offset <see cref="Start"/> (UTF-16 units).</summary>
public readonly record struct CharSpan
{
    /// <summary>A span of <paramref name="length"/> chars starting at <paramref name="start"/>.</summary>
    /// <param name="start">Offset of the first char, zero or more.</param>
    /// <param name="length">Number of chars, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is negative,
    /// or their sum overflows.</exception>
    public CharSpan(int start, int length)
    {
        if (start < 0)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"A span's start must be zero or more, not {start}.");
        if (length < 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A span's length must be zero or more, not {length}.");
        if (start > int.MaxValue - length)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The span ({start}, {length}) ends past the largest offset.");
        Start = start;
        Length = length;
    }

    /// <summary>Offset of the first char.</summary>
    public int Start { get; }

    /// <summary>Number of chars.</summary>
    public int Length { get; }

    /// <summary>Offset just past the last char (<see cref="Start"/> + <see cref="Length"/>).</summary>
    public int End => Start + Length;

    /// <summary>Whether the two spans share at least one char (an empty span overlaps nothing).</summary>
    /// <param name="other">The other span.</param>
    /// <returns>True when the spans have a char in common.</returns>
    public bool Overlaps(CharSpan other) => Length > 0 && other.Length > 0 && Start < other.End && other.Start < End;

    /// <summary>The spanned chars of <paramref name="text"/>.</summary>
    /// <param name="text">The text the span belongs to.</param>
    /// <returns>The substring.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The span ends past the end of <paramref name="text"/>.</exception>
    public string In(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (End > text.Length)
            throw new ArgumentOutOfRangeException(nameof(text), $"The span ({Start}, {Length}) ends at {End}, past the end of a text of {text.Length} chars.");
        return text.Substring(Start, Length);
    }
}

/// <summary>One text with its gold (annotated) and predicted rationale spans.</summary>
/// <param name="Text">The text the spans point into, such as a response.</param>
/// <param name="Gold">The annotated rationale spans; may overlap; empty when the text has no rationale.</param>
/// <param name="Predicted">The predicted rationale spans; may overlap; empty for none.</param>
public sealed record RationaleExample(string Text, IReadOnlyList<CharSpan> Gold, IReadOnlyList<CharSpan> Predicted);

/// <summary>
/// Rationale agreement over a corpus (see <see cref="RationaleMetrics"/> for the token rule and the definitions).
/// </summary>
/// <param name="Examples">Examples scored.</param>
/// <param name="BothEmpty">Examples with no gold and no predicted rationale token: perfect agreement, left out of the
/// per-example means (EPITOME's code scores them 0; to get its number multiply a mean by
/// <see cref="PerExampleCount"/> / <see cref="Examples"/>).</param>
/// <param name="TruePositives">Tokens in both a gold and a predicted span, summed over the corpus.</param>
/// <param name="FalsePositives">Tokens in a predicted span only, summed.</param>
/// <param name="FalseNegatives">Tokens in a gold span only, summed.</param>
/// <param name="MicroPrecision">Pooled token precision TP / (TP + FP); 0 when nothing was predicted.</param>
/// <param name="MicroRecall">Pooled token recall TP / (TP + FN); 0 when there is no gold token.</param>
/// <param name="MicroF1">2PR / (P + R) of the pooled counts; 0 when both are 0.</param>
/// <param name="MacroPrecision">Mean over examples (those not <see cref="BothEmpty"/>) of the per-example token precision.</param>
/// <param name="MacroRecall">Mean over those examples of the per-example token recall.</param>
/// <param name="MacroF1">Mean over those examples of the per-example token F1: EPITOME's "T-F1" (token-level F1 averaged per example).</param>
/// <param name="IouF1">Mean over those examples of the per-example IOU-F1: EPITOME's "IOU-F1".</param>
/// <param name="IouThreshold">The IOU at or above which a predicted span matches a gold one.</param>
public sealed record RationaleScores(
    int Examples, int BothEmpty, long TruePositives, long FalsePositives, long FalseNegatives,
    double MicroPrecision, double MicroRecall, double MicroF1,
    double MacroPrecision, double MacroRecall, double MacroF1, double IouF1, double IouThreshold)
{
    /// <summary>Examples averaged in the per-example means: <see cref="Examples"/> − <see cref="BothEmpty"/>.</summary>
    public int PerExampleCount => Examples - BothEmpty;
}

/// <summary>
/// Token-level agreement between predicted and annotated rationale spans of texts, as EPITOME reports it (Sharma et
/// al. 2020, EMNLP, "A Computational Approach to Understanding Empathy Expressed in Text-Based Mental Health Support").
/// </summary>
/// <remarks>
/// <para><b>Tokens.</b> A text is read as plain text (no HTML step, so offsets stay those of the text as given) and
/// split into its whitespace-separated runs; each run is normalized and tokenized by the library's own
/// <c>TextNormalizer</c> and <c>Tokenizer</c> (words, numbers, emoticons, emoji, "!"/"?"/"..." marks, placeholders;
/// other punctuation makes no token). When normalizing a run keeps its length (always for ASCII text) each token keeps
/// its exact chars; otherwise every token of that run is given the whole run. Tokenizing run by run means a token never
/// spans white space (the message tokenizer would read "555 123 4567" as one phone-number token; here it is three
/// numbers). <see cref="TokenSpans"/> lists the result.</para>
/// <para><b>Membership.</b> A token is in a rationale when its char span overlaps (shares at least one char with) one of
/// the spans, so overlapping or adjacent spans simply merge, and a span that cuts a word takes the whole word.</para>
/// <para><b>Token F1.</b> Per example, precision = |gold ∩ predicted| / |predicted| and recall = |gold ∩ predicted| /
/// |gold| over the rationale tokens, F1 = 2PR / (P + R), each 0 when undefined. <i>Micro</i> figures pool the counts
/// over the corpus; <i>macro</i> figures average the per-example values, which is what EPITOME's code reports as the
/// rationale F1 ("T-F1": scikit-learn's binary F1 of the token labels, averaged over examples).</para>
/// <para><b>IOU-F1</b> (EPITOME, following DeYoung et al. 2020, ERASER; checked against EPITOME's published code,
/// behavioral-data/Empathy-Mental-Health, <c>src/evaluation_utils.py</c>, function <c>iou_f1</c>): per example, the
/// rationale tokens form spans, the maximal runs of consecutive rationale tokens; a predicted span's IOU is the largest
/// |p ∩ g| / |p ∪ g| (in tokens) over the gold spans g, and it matches when that IOU is at least the threshold, 0.5 by
/// default (the code tests ≥ 0.5). Precision = matched predicted spans / predicted spans; F1 = 2PR / (P + R), 0 when P
/// or R is 0; the corpus figure is the mean over examples. One difference: EPITOME's code also uses the matched
/// <i>predicted</i> spans as the recall numerator, so two predicted halves of one gold span (each IOU exactly 0.5) give
/// a recall of 2; here recall = gold spans matched by some predicted span / gold spans, which never exceeds 1 and
/// agrees with the code whenever no two predicted spans match one gold span.</para>
/// <para><b>Empty examples.</b> An example with neither gold nor predicted rationale tokens is perfect agreement; it
/// is counted in <see cref="RationaleScores.BothEmpty"/> and left out of the per-example means (EPITOME's code scores
/// it 0, which makes its means depend on the share of responses without empathy). An example with tokens on one side
/// only scores 0.</para>
/// </remarks>
public static class RationaleMetrics
{
    /// <summary>EPITOME's IOU threshold: 0.5.</summary>
    public const double DefaultIouThreshold = 0.5;

    /// <summary>
    /// The char spans of the tokens of <paramref name="text"/>, in order, by the rule in <see cref="RationaleMetrics"/>.
    /// </summary>
    /// <param name="text">Plain text.</param>
    /// <returns>One span per token, non-overlapping, in text order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static IReadOnlyList<CharSpan> TokenSpans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<CharSpan>();
        char[] normalized = [];
        char[] tokenText = [];
        Token[] tokens = [];
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
                i++;
            ReadOnlySpan<char> run = text.AsSpan(start, i - start);
            // NFKC can lengthen text (up to 18 chars for one); a few times the run is plenty for real text.
            int room = (run.Length * 4) + 16;
            if (normalized.Length < room)
            {
                normalized = new char[room];
                tokenText = new char[room * 3];
                tokens = new Token[room + 1];
            }
            int length = TextNormalizer.Normalize(run, normalized);
            int count = Tokenizer.Tokenize(normalized.AsSpan(0, length), tokenText, tokens, out _);
            bool aligned = length == run.Length;
            for (int k = 0; k < count; k++)
            {
                spans.Add(aligned
                    ? new CharSpan(start + tokens[k].SourceStart, tokens[k].SourceLength)
                    : new CharSpan(start, run.Length));
            }
        }
        return spans;
    }

    /// <summary>Scores a corpus of examples (see <see cref="RationaleMetrics"/> for the definitions).</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="iouThreshold">The IOU at or above which a predicted span matches a gold span, in (0, 1]; EPITOME's is 0.5.</param>
    /// <returns>Micro and per-example token figures and the IOU-F1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="examples"/>, one of them, or one's text or span list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iouThreshold"/> is not in (0, 1].</exception>
    /// <exception cref="ArgumentException">A span ends past the end of its example's text (the message names the
    /// example index, the list and the span).</exception>
    public static RationaleScores Evaluate(IEnumerable<RationaleExample> examples, double iouThreshold = DefaultIouThreshold)
    {
        ArgumentNullException.ThrowIfNull(examples);
        CheckThreshold(iouThreshold);
        int count = 0, bothEmpty = 0;
        long tp = 0, fp = 0, fn = 0;
        double sumP = 0, sumR = 0, sumF = 0, sumIou = 0;
        foreach (var example in examples)
        {
            if (example is null)
                throw new ArgumentNullException(nameof(examples), $"Example {count} is null.");
            var (gold, predicted) = Labels(example, count);
            count++;
            var (t, p, g) = Counts(gold, predicted);
            tp += t;
            fp += p - t;
            fn += g - t;
            if (p == 0 && g == 0)
            {
                bothEmpty++;
                continue;
            }
            double precision = Ratio(t, p), recall = Ratio(t, g);
            sumP += precision;
            sumR += recall;
            sumF += F1(precision, recall);
            sumIou += Iou(gold, predicted, iouThreshold);
        }
        int scored = count - bothEmpty;
        double microP = Ratio(tp, tp + fp), microR = Ratio(tp, tp + fn);
        return new RationaleScores(count, bothEmpty, tp, fp, fn, microP, microR, F1(microP, microR),
            Ratio(sumP, scored), Ratio(sumR, scored), Ratio(sumF, scored), Ratio(sumIou, scored), iouThreshold);
    }

    /// <summary>The token F1 of one text: 1 when neither side has a rationale token, 0 when only one side has.</summary>
    /// <param name="text">The text.</param>
    /// <param name="gold">The annotated spans.</param>
    /// <param name="predicted">The predicted spans.</param>
    /// <returns>The F1 of the rationale tokens, in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A span ends past the end of <paramref name="text"/>.</exception>
    public static double TokenF1(string text, IReadOnlyList<CharSpan> gold, IReadOnlyList<CharSpan> predicted)
    {
        var (g, p) = Labels(new RationaleExample(Check(text, nameof(text)), Check(gold, nameof(gold)), Check(predicted, nameof(predicted))), 0);
        var (t, pc, gc) = Counts(g, p);
        return pc == 0 && gc == 0 ? 1 : F1(Ratio(t, pc), Ratio(t, gc));
    }

    /// <summary>The IOU-F1 of one text: 1 when neither side has a rationale token, 0 when only one side has.</summary>
    /// <param name="text">The text.</param>
    /// <param name="gold">The annotated spans.</param>
    /// <param name="predicted">The predicted spans.</param>
    /// <param name="iouThreshold">The IOU at or above which a predicted span matches, in (0, 1].</param>
    /// <returns>The IOU-F1, in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iouThreshold"/> is not in (0, 1].</exception>
    /// <exception cref="ArgumentException">A span ends past the end of <paramref name="text"/>.</exception>
    public static double IouF1(string text, IReadOnlyList<CharSpan> gold, IReadOnlyList<CharSpan> predicted, double iouThreshold = DefaultIouThreshold)
    {
        var example = new RationaleExample(Check(text, nameof(text)), Check(gold, nameof(gold)), Check(predicted, nameof(predicted)));
        CheckThreshold(iouThreshold);
        var (g, p) = Labels(example, 0);
        var (_, pc, gc) = Counts(g, p);
        return pc == 0 && gc == 0 ? 1 : Iou(g, p, iouThreshold);
    }

    private static T Check<T>(T value, string name) where T : class =>
        value ?? throw new ArgumentNullException(name);

    private static void CheckThreshold(double iouThreshold)
    {
        if (!(iouThreshold > 0 && iouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, $"The IOU threshold must be in (0, 1], not {iouThreshold}.");
    }

    /// <summary>Per token of the text: in a gold span, in a predicted span.</summary>
    private static (bool[] Gold, bool[] Predicted) Labels(RationaleExample example, int index)
    {
        if (example.Text is null)
            throw new ArgumentNullException(nameof(example), $"Example {index} has a null text.");
        if (example.Gold is null || example.Predicted is null)
            throw new ArgumentNullException(nameof(example), $"Example {index} has a null {(example.Gold is null ? "gold" : "predicted")} span list.");
        var tokens = TokenSpans(example.Text);
        return (Mark(tokens, example.Gold, example.Text.Length, index, "gold"), Mark(tokens, example.Predicted, example.Text.Length, index, "predicted"));
    }

    private static bool[] Mark(IReadOnlyList<CharSpan> tokens, IReadOnlyList<CharSpan> spans, int textLength, int index, string side)
    {
        var marks = new bool[tokens.Count];
        for (int s = 0; s < spans.Count; s++)
        {
            CharSpan span = spans[s];
            if (span.End > textLength)
                throw new ArgumentException($"Example {index}: {side} span {s} ({span.Start}, {span.Length}) ends at {span.End}, past the end of its text ({textLength} chars).");
            for (int k = 0; k < tokens.Count; k++)
                marks[k] |= tokens[k].Overlaps(span);
        }
        return marks;
    }

    private static (int Both, int Predicted, int Gold) Counts(bool[] gold, bool[] predicted)
    {
        int both = 0, p = 0, g = 0;
        for (int k = 0; k < gold.Length; k++)
        {
            both += gold[k] && predicted[k] ? 1 : 0;
            p += predicted[k] ? 1 : 0;
            g += gold[k] ? 1 : 0;
        }
        return (both, p, g);
    }

    /// <summary>The maximal runs of marked tokens, as [start, end) token indices.</summary>
    private static List<(int Start, int End)> Runs(bool[] marks)
    {
        var runs = new List<(int, int)>();
        for (int k = 0; k < marks.Length; k++)
        {
            if (!marks[k])
                continue;
            int start = k;
            while (k < marks.Length && marks[k])
                k++;
            runs.Add((start, k));
        }
        return runs;
    }

    private static double Iou(bool[] gold, bool[] predicted, double threshold)
    {
        var g = Runs(gold);
        var p = Runs(predicted);
        if (g.Count == 0 || p.Count == 0)
            return 0;
        var goldMatched = new bool[g.Count];
        int predictedMatched = 0;
        foreach (var (ps, pe) in p)
        {
            double best = 0;
            int bestGold = -1;
            for (int j = 0; j < g.Count; j++)
            {
                var (gs, ge) = g[j];
                int intersection = Math.Max(0, Math.Min(pe, ge) - Math.Max(ps, gs));
                // Both are runs, so the union is their two lengths less the intersection.
                double iou = (double)intersection / ((pe - ps) + (ge - gs) - intersection);
                if (iou > best)
                {
                    best = iou;
                    bestGold = j;
                }
            }
            if (bestGold >= 0 && best >= threshold)
            {
                predictedMatched++;
                goldMatched[bestGold] = true;
            }
        }
        int goldHits = 0;
        foreach (bool hit in goldMatched)
            goldHits += hit ? 1 : 0;
        return F1(Ratio(predictedMatched, p.Count), Ratio(goldHits, g.Count));
    }

    private static double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : 0;

    private static double F1(double precision, double recall) =>
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}
