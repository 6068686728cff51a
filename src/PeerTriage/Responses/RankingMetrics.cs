using PeerTriage.Training;

namespace PeerTriage.Responses;

/// <summary>The items of one group (such as the answers to one question): their gold scores and predicted scores.</summary>
/// <param name="Gold">Gold scores, such as upvotes; higher is better; zero or more for the gains of NDCG.</param>
/// <param name="Predicted">Predicted scores in the same order; higher ranks first.</param>
public sealed record RankingGroup(IReadOnlyList<double> Gold, IReadOnlyList<double> Predicted);

/// <summary>A two-sided percentile bootstrap confidence interval (see <see cref="RankingMetrics.BootstrapMean"/>).</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
public readonly record struct BootstrapInterval(double Lower, double Upper)
{
    /// <summary>Whether <paramref name="value"/> lies in [<see cref="Lower"/>, <see cref="Upper"/>].</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when inside, bounds included.</returns>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}

/// <summary>How <see cref="RankingMetrics.Evaluate"/> measures and resamples.</summary>
public sealed record RankingOptions
{
    /// <summary>The cut-off of NDCG@k: 1 (is the top-ranked answer the best one?).</summary>
    public int K { get; init; } = 1;

    /// <summary>Bootstrap resamples of the groups: 2,000.</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>The bootstrap seed: 13.</summary>
    public int Seed { get; init; } = 13;

    /// <summary>The confidence level of the intervals: 0.95.</summary>
    public double Level { get; init; } = 0.95;
}

/// <summary>Within-group ranking figures, each a mean over groups with its bootstrap interval.</summary>
/// <param name="Groups">Groups evaluated.</param>
/// <param name="SkippedSingle">Groups skipped because they have fewer than two items.</param>
/// <param name="SkippedTied">Groups skipped because all their gold scores are equal (no order to recover).</param>
/// <param name="Pairs">Within-group pairs with different gold scores, summed over the evaluated groups.</param>
/// <param name="PairwiseAccuracy">Mean over groups of the group's pairwise ordering accuracy.</param>
/// <param name="PairwiseAccuracyInterval">Percentile bootstrap interval of <paramref name="PairwiseAccuracy"/>.</param>
/// <param name="PooledPairwiseAccuracy">Pairwise accuracy over all pairs pooled (large groups weigh more).</param>
/// <param name="Ndcg">Mean over groups of NDCG@<see cref="K"/>.</param>
/// <param name="NdcgInterval">Percentile bootstrap interval of <paramref name="Ndcg"/>.</param>
/// <param name="K">The NDCG cut-off.</param>
/// <param name="PerGroupPairwiseAccuracy">Each evaluated group's pairwise accuracy, in input order.</param>
/// <param name="PerGroupNdcg">Each evaluated group's NDCG@k, in input order.</param>
public sealed record RankingSummary(
    int Groups, int SkippedSingle, int SkippedTied, long Pairs,
    double PairwiseAccuracy, BootstrapInterval PairwiseAccuracyInterval, double PooledPairwiseAccuracy,
    double Ndcg, BootstrapInterval NdcgInterval, int K,
    IReadOnlyList<double> PerGroupPairwiseAccuracy, IReadOnlyList<double> PerGroupNdcg);

/// <summary>
/// Within-group ranking metrics for weak graded labels such as upvotes: pairwise ordering accuracy and NDCG@k, averaged
/// over groups, with bootstrap intervals over groups.
/// </summary>
/// <remarks>
/// <para><b>Pairwise accuracy</b> of a group: over its pairs of items with different gold scores, the share the
/// prediction orders the same way; a pair the prediction ties counts one half (the expected credit of breaking the tie
/// at random). Pairs with equal gold scores carry no order and are left out. A constant predictor scores exactly 0.5.</para>
/// <para><b>NDCG@k</b> of a group: DCG@k = Σ over ranks r = 1..k of gain / log2(r + 1), divided by the DCG@k of the
/// gold order. The gain of an item with gold score s is log2(1 + s) (for upvotes: 0 for none, 1 for one, about 1.58 for
/// two), which keeps one much-upvoted answer from dominating. Items the prediction ties share their ranks: each of the
/// ranks a tied block occupies gets the block's mean gain, which is the expected DCG when ties are broken at random, so
/// a constant predictor scores exactly the random baseline's expectation.</para>
/// <para><b>Skipped groups.</b> Groups with fewer than two items, and groups whose gold scores are all equal, have no
/// order to recover; they are counted (<see cref="RankingSummary.SkippedSingle"/>,
/// <see cref="RankingSummary.SkippedTied"/>) and left out of every figure.</para>
/// <para><b>Intervals.</b> Percentile bootstrap over groups: the evaluated groups are resampled with replacement
/// <see cref="RankingOptions.Resamples"/> times with a SplitMix64 generator seeded by <see cref="RankingOptions.Seed"/>,
/// so the same input and seed give the same interval on every platform.</para>
/// </remarks>
public static class RankingMetrics
{
    /// <summary>The gain of an item with gold score <paramref name="gold"/> in NDCG: log2(1 + gold).</summary>
    /// <param name="gold">The gold score, zero or more.</param>
    /// <returns>The gain.</returns>
    public static double Gain(double gold) => Math.Log2(1 + gold);

    /// <summary>Evaluates predicted scores against gold scores, group by group.</summary>
    /// <param name="groups">The groups.</param>
    /// <param name="options">Cut-off and bootstrap settings; null for the defaults.</param>
    /// <returns>The figures with their intervals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> or one of its groups or lists is null.</exception>
    /// <exception cref="ArgumentException">A group's two lists differ in length, or a score is not finite, or a gold
    /// score is negative (the message names the group and item).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static RankingSummary Evaluate(IEnumerable<RankingGroup> groups, RankingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        options ??= new RankingOptions();
        CheckOptions(options);
        var pairwise = new List<double>();
        var ndcg = new List<double>();
        int index = 0, single = 0, tied = 0;
        long pairs = 0;
        double pooledCredit = 0;
        foreach (var group in groups)
        {
            Validate(group, index++);
            if (group.Gold.Count < 2)
            {
                single++;
                continue;
            }
            if (AllEqual(group.Gold))
            {
                tied++;
                continue;
            }
            var (credit, count) = PairCredit(group.Gold, group.Predicted);
            pairs += count;
            pooledCredit += credit;
            pairwise.Add(credit / count);
            ndcg.Add(NdcgCore(group.Gold, group.Predicted, options.K));
        }
        return new RankingSummary(
            pairwise.Count, single, tied, pairs,
            Mean(pairwise), BootstrapMean(pairwise, options.Resamples, options.Seed, options.Level),
            pairs > 0 ? pooledCredit / pairs : 0,
            Mean(ndcg), BootstrapMean(ndcg, options.Resamples, options.Seed, options.Level), options.K,
            pairwise.AsReadOnly(), ndcg.AsReadOnly());
    }

    /// <summary>The pairwise ordering accuracy of one group, or null when it has no pair with different gold scores.</summary>
    /// <param name="gold">Gold scores.</param>
    /// <param name="predicted">Predicted scores, same length.</param>
    /// <returns>The accuracy in [0, 1], or null.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length or hold a score that is not finite.</exception>
    public static double? PairwiseAccuracy(IReadOnlyList<double> gold, IReadOnlyList<double> predicted)
    {
        Validate(new RankingGroup(gold ?? throw new ArgumentNullException(nameof(gold)), predicted ?? throw new ArgumentNullException(nameof(predicted))), 0);
        var (credit, count) = PairCredit(gold, predicted);
        return count > 0 ? credit / count : null;
    }

    /// <summary>NDCG@<paramref name="k"/> of one group, or null when it has fewer than two items or all gold scores equal.</summary>
    /// <param name="gold">Gold scores, zero or more.</param>
    /// <param name="predicted">Predicted scores, same length.</param>
    /// <param name="k">The cut-off, at least 1.</param>
    /// <returns>The NDCG in [0, 1], or null.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length, hold a score that is not finite, or a negative gold score.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public static double? Ndcg(IReadOnlyList<double> gold, IReadOnlyList<double> predicted, int k = 1)
    {
        Validate(new RankingGroup(gold ?? throw new ArgumentNullException(nameof(gold)), predicted ?? throw new ArgumentNullException(nameof(predicted))), 0);
        if (k < 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The NDCG cut-off k must be at least 1, not {k}.");
        return gold.Count < 2 || AllEqual(gold) ? null : NdcgCore(gold, predicted, k);
    }

    /// <summary>
    /// Percentile bootstrap interval of the mean of <paramref name="values"/> (such as per-group figures, or per-group
    /// differences between two rankers for a paired comparison).
    /// </summary>
    /// <param name="values">The values; an empty list gives (0, 0).</param>
    /// <param name="resamples">Resamples, at least 1.</param>
    /// <param name="seed">The SplitMix64 seed.</param>
    /// <param name="level">The confidence level, in (0, 1).</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resamples"/> or <paramref name="level"/> is out of range.</exception>
    public static BootstrapInterval BootstrapMean(IReadOnlyList<double> values, int resamples = 2000, int seed = 13, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (resamples < 1)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples, $"The number of bootstrap resamples must be at least 1, not {resamples}.");
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The confidence level must be in (0, 1), not {level}.");
        int n = values.Count;
        if (n == 0)
            return new BootstrapInterval(0, 0);
        var rng = new SplitMix64(seed);
        var means = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
                sum += values[rng.NextInt(n)];
            means[b] = sum / n;
        }
        Array.Sort(means);
        double alpha = (1 - level) / 2;
        return new BootstrapInterval(Quantile(means, alpha), Quantile(means, 1 - alpha));
    }

    private static void CheckOptions(RankingOptions options)
    {
        if (options.K < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.K, $"RankingOptions.K must be at least 1, not {options.K}.");
        if (options.Resamples < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Resamples, $"RankingOptions.Resamples must be at least 1, not {options.Resamples}.");
        if (!(options.Level > 0 && options.Level < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.Level, $"RankingOptions.Level must be in (0, 1), not {options.Level}.");
    }

    private static void Validate(RankingGroup group, int index)
    {
        if (group is null)
            throw new ArgumentNullException(nameof(group), $"Ranking group {index} is null.");
        if (group.Gold is null || group.Predicted is null)
            throw new ArgumentNullException(nameof(group), $"Ranking group {index} has a null {(group.Gold is null ? "gold" : "predicted")} list.");
        if (group.Gold.Count != group.Predicted.Count)
            throw new ArgumentException($"Ranking group {index} has {group.Gold.Count} gold scores but {group.Predicted.Count} predicted scores.");
        for (int i = 0; i < group.Gold.Count; i++)
        {
            if (!double.IsFinite(group.Gold[i]) || group.Gold[i] < 0)
                throw new ArgumentException($"Ranking group {index}, item {i}: the gold score must be finite and zero or more, not {group.Gold[i]}.");
            if (!double.IsFinite(group.Predicted[i]))
                throw new ArgumentException($"Ranking group {index}, item {i}: the predicted score must be finite, not {group.Predicted[i]}.");
        }
    }

    private static bool AllEqual(IReadOnlyList<double> values)
    {
        for (int i = 1; i < values.Count; i++)
        {
            if (values[i] != values[0])
                return false;
        }
        return true;
    }

    /// <summary>Credit (1 agreeing, ½ predicted tie) summed over the pairs with different gold scores, and their number.</summary>
    private static (double Credit, int Count) PairCredit(IReadOnlyList<double> gold, IReadOnlyList<double> predicted)
    {
        double credit = 0;
        int count = 0;
        for (int i = 0; i < gold.Count; i++)
        {
            for (int j = i + 1; j < gold.Count; j++)
            {
                if (gold[i] == gold[j])
                    continue;
                count++;
                double g = gold[i] - gold[j], p = predicted[i] - predicted[j];
                credit += p == 0 ? 0.5 : (g > 0) == (p > 0) ? 1 : 0;
            }
        }
        return (credit, count);
    }

    private static double NdcgCore(IReadOnlyList<double> gold, IReadOnlyList<double> predicted, int k)
    {
        int n = gold.Count;
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        // Predicted order, highest first; the index keeps the sort deterministic (ties are averaged below anyway).
        Array.Sort(order, (a, b) => predicted[b].CompareTo(predicted[a]) is var c && c != 0 ? c : a.CompareTo(b));
        double dcg = 0;
        for (int start = 0; start < n && start < k;)
        {
            int end = start + 1;
            while (end < n && predicted[order[end]] == predicted[order[start]])
                end++;
            double gain = 0;
            for (int r = start; r < end; r++)
                gain += Gain(gold[order[r]]);
            gain /= end - start;
            for (int r = start; r < end && r < k; r++)
                dcg += gain / Math.Log2(r + 2);
            start = end;
        }
        var ideal = new double[n];
        for (int i = 0; i < n; i++)
            ideal[i] = Gain(gold[i]);
        Array.Sort(ideal, (a, b) => b.CompareTo(a));
        double idcg = 0;
        for (int r = 0; r < n && r < k; r++)
            idcg += ideal[r] / Math.Log2(r + 2);
        // Not all gold equal, so the best item has a positive gain and idcg > 0.
        return dcg / idcg;
    }

    private static double Mean(List<double> values)
    {
        double sum = 0;
        foreach (double v in values)
            sum += v;
        return values.Count > 0 ? sum / values.Count : 0;
    }

    /// <summary>Linear-interpolation quantile of sorted values (numpy's default).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
