namespace PeerTriage.Training;

/// <summary>
/// The arithmetic of the CLPsych metrics over a confusion matrix: per level and binary precision, recall and F1 with
/// the zero conventions, macro-F1, accuracy and the shares of each level. The public <see cref="Evaluation.TriageEvaluation"/>
/// presents these numbers; the model card reads them here, so training needs no evaluation types.
/// </summary>
internal sealed class ConfusionScores
{
    private ConfusionScores(int[][] confusion, int count, int flaggedFrom, int urgentFrom)
    {
        Confusion = confusion;
        Count = count;
        int k = confusion.Length;
        Levels = new Prf[k];
        Decided = new int[k];
        int correct = 0;
        for (int level = 0; level < k; level++)
        {
            int tp = confusion[level][level];
            int gold = 0, predicted = 0;
            for (int other = 0; other < k; other++)
            {
                gold += confusion[level][other];
                predicted += confusion[other][level];
            }
            Levels[level] = Prf.Of(tp, predicted, gold);
            Decided[level] = predicted;
            correct += tp;
        }
        // Sum highest level first, as the official scorer does (crisis, red, amber), so the result matches it bit for bit.
        double fSum = 0;
        for (int level = k - 1; level > 0; level--)
            fSum += Levels[level].F1;
        MacroF1 = fSum / (k - 1);
        Accuracy = (double)correct / count;
        Flagged = Binary(confusion, flaggedFrom);
        Urgent = Binary(confusion, urgentFrom);
    }

    /// <summary>Precision, recall, F1 and support (gold count) of one level or binary task.</summary>
    public readonly record struct Prf(double Precision, double Recall, double F1, int Support)
    {
        public static Prf Of(int correct, int system, int gold)
        {
            double p = system == 0 ? 0.0 : (double)correct / system;
            double r = gold == 0 ? 0.0 : (double)correct / gold;
            double f = p == 0 && r == 0 ? 0.0 : 2 * (p * r) / (p + r);
            return new Prf(p, r, f, gold);
        }
    }

    /// <summary><c>Confusion[gold][predicted]</c> counts messages.</summary>
    public int[][] Confusion { get; }

    public int Count { get; }

    public Prf[] Levels { get; }

    /// <summary>Decisions per level.</summary>
    public int[] Decided { get; }

    public double MacroF1 { get; }

    public double Accuracy { get; }

    public Prf Flagged { get; }

    public Prf Urgent { get; }

    /// <summary>Per level, the share of messages decided at it.</summary>
    public double[] PredictedShares => Shares(Decided, Levels.Select(l => l.Support).ToArray());

    /// <summary>Per level, the share of messages whose true level it is.</summary>
    public double[] BaseRates
    {
        get
        {
            var gold = Levels.Select(l => l.Support).ToArray();
            return Shares(gold, gold);
        }
    }

    /// <summary>Each count as a share of all gold messages; all zero when there are none.</summary>
    public static double[] Shares(IReadOnlyList<int> counts, IReadOnlyList<int> gold)
    {
        double total = gold.Sum();
        var shares = new double[counts.Count];
        for (int j = 0; j < shares.Length; j++)
            shares[j] = total == 0 ? 0 : counts[j] / total;
        return shares;
    }

    /// <summary>Scores predicted level indices against gold level indices of <paramref name="scheme"/>.</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths, or an index is not a level of the scheme.</exception>
    public static ConfusionScores Of(PriorityScheme scheme, ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted)
    {
        if (gold.Length != predicted.Length)
            throw new ArgumentException($"There are {gold.Length} gold levels but {predicted.Length} predicted levels; they must pair up.", nameof(predicted));
        if (gold.IsEmpty)
            throw new ArgumentException("Nothing to evaluate: there are no messages.", nameof(gold));
        int k = scheme.Count;
        var confusion = new int[k][];
        for (int i = 0; i < k; i++)
            confusion[i] = new int[k];
        for (int i = 0; i < gold.Length; i++)
        {
            if ((uint)gold[i] >= (uint)k)
                throw new ArgumentException($"Gold level {gold[i]} at position {i} is not a level of the scheme (0..{k - 1}).", nameof(gold));
            if ((uint)predicted[i] >= (uint)k)
                throw new ArgumentException($"Predicted level {predicted[i]} at position {i} is not a level of the scheme (0..{k - 1}).", nameof(predicted));
            confusion[gold[i]][predicted[i]]++;
        }
        return new ConfusionScores(confusion, gold.Length, scheme.FlaggedFrom, scheme.UrgentFrom);
    }

    private static Prf Binary(int[][] confusion, int from)
    {
        int tp = 0, goldPos = 0, predPos = 0;
        for (int g = 0; g < confusion.Length; g++)
        {
            for (int p = 0; p < confusion.Length; p++)
            {
                int n = confusion[g][p];
                if (g >= from) goldPos += n;
                if (p >= from) predPos += n;
                if (g >= from && p >= from) tp += n;
            }
        }
        return Prf.Of(tp, predPos, goldPos);
    }
}
