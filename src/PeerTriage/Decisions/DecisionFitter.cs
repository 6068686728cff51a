using PeerTriage.Learning;

namespace PeerTriage.Decisions;

/// <summary>What fitting a threshold reached on the data it was fitted on, for one boundary ("at least level j").</summary>
internal readonly record struct BoundaryFit(int Level, double Target, float Threshold, double Recall, double Precision);

/// <summary>Fits calibration and decision policies on out-of-fold probabilities.</summary>
internal static class DecisionFitter
{
    /// <summary>The threshold of a boundary whose target needs no messages beyond those placed higher: the ordinal median.</summary>
    public const float MaxThreshold = 0.5f;

    /// <summary>
    /// P(level ≥ j) summed from the top in float, exactly as <see cref="ThresholdPolicy.Decide"/> computes it, so that a
    /// fitted threshold reproduces its decisions bit for bit.
    /// </summary>
    public static float AtLeast(ReadOnlySpan<float> p, int j)
    {
        float s = 0;
        for (int c = p.Length - 1; c >= j; c--)
            s += p[c];
        return s;
    }

    /// <summary>
    /// Fits ordinal thresholds from the highest boundary down. A message already placed above by a higher boundary
    /// counts as positive for the lower ones, so each target is met by the decisions the policy will really make.
    /// Among thresholds that reach a target, the one with the best precision wins (ties: the higher threshold).
    /// A boundary whose target the higher boundaries already met gets <see cref="MaxThreshold"/> (0.5), the ordinal
    /// median, instead of a threshold that would switch its level off. So does a boundary with fewer than
    /// <paramref name="minPositives"/> messages at or above it: out-of-fold probabilities of a level that some inner
    /// folds never saw are near 0, and reaching a recall target on one or two such messages would put the threshold
    /// near 0 too, placing nearly every message at that level.
    /// </summary>
    /// <param name="probabilities">Calibrated out-of-fold probabilities, row-major, <paramref name="levels"/> per row.</param>
    /// <param name="gold">The true level of each row.</param>
    /// <param name="levels">The number of levels.</param>
    /// <param name="targets">Recall target per level; NaN fits that boundary for F-beta.</param>
    /// <param name="minPositives">Boundaries with fewer rows at or above them get <see cref="MaxThreshold"/>.</param>
    /// <param name="beta">β of the F-beta maximized at boundaries without a target (NaN in <paramref name="targets"/>).</param>
    /// <param name="fixedThresholds">When given, a boundary whose entry is not NaN keeps that threshold instead of being fitted.</param>
    public static (ThresholdPolicy Policy, BoundaryFit[] Fits) FitThresholds(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels, double[] targets,
        int minPositives = 0, double beta = 1, float[]? fixedThresholds = null)
    {
        int n = gold.Length;
        var thresholds = new float[levels];
        var placed = new bool[n];
        var fits = new List<BoundaryFit>();
        var score = new float[n];
        var order = new int[n];
        for (int j = levels - 1; j >= 1; j--)
        {
            int positives = 0, fixedTp = 0, fixedPp = 0, free = 0;
            for (int i = 0; i < n; i++)
            {
                bool y = gold[i] >= j;
                if (y) positives++;
                if (placed[i])
                {
                    fixedPp++;
                    if (y) fixedTp++;
                }
                else
                {
                    score[free] = AtLeast(probabilities.Slice(i * levels, levels), j);
                    order[free++] = i;
                }
            }
            var freeScores = score.AsSpan(0, free);
            var freeRows = order.AsSpan(0, free);
            // Descending by score; rows ascending within ties keep it deterministic.
            var keys = new (float Score, int Row)[free];
            for (int f = 0; f < free; f++)
                keys[f] = (-freeScores[f], freeRows[f]);
            Array.Sort(keys);

            double target = targets[j];
            bool isFixed = fixedThresholds is not null && !float.IsNaN(fixedThresholds[j]);
            int tp = fixedTp, pp = fixedPp;
            float emptyCut = Above(keys.Length > 0 ? -keys[0].Score : 0f);
            float bestThreshold = emptyCut;
            double bestRecall = positives == 0 ? 1 : (double)tp / positives;
            double bestPrecision = pp == 0 ? 0 : (double)tp / pp;
            double bestValue = Value(bestRecall, bestPrecision, target, beta);
            for (int f = 0; !isFixed && f < keys.Length;)
            {
                float s = -keys[f].Score;
                // Take every row with this exact score together: a threshold cannot split ties.
                for (; f < keys.Length && -keys[f].Score == s; f++)
                {
                    pp++;
                    if (gold[keys[f].Row] >= j) tp++;
                }
                double recall = positives == 0 ? 1 : (double)tp / positives;
                double precision = pp == 0 ? 0 : (double)tp / pp;
                double value = Value(recall, precision, target, beta);
                if (value > bestValue)
                {
                    bestValue = value;
                    bestThreshold = s;
                    bestRecall = recall;
                    bestPrecision = precision;
                }
            }
            if (isFixed || (bestThreshold > MaxThreshold && bestThreshold == emptyCut) || positives < minPositives)
            {
                // Higher boundaries already met this target, or there are too few positives to fit it. Rather than switch
                // the level off (or on for everything), place a message here when most of its probability mass is at or
                // above it (the ordinal median).
                bestThreshold = isFixed ? fixedThresholds![j] : MaxThreshold;
                tp = fixedTp;
                pp = fixedPp;
                for (int f = 0; f < free; f++)
                {
                    if (freeScores[f] >= bestThreshold)
                    {
                        pp++;
                        if (gold[freeRows[f]] >= j) tp++;
                    }
                }
                bestRecall = positives == 0 ? 1 : (double)tp / positives;
                bestPrecision = pp == 0 ? 0 : (double)tp / pp;
            }
            thresholds[j] = bestThreshold;
            fits.Add(new BoundaryFit(j, target, bestThreshold, bestRecall, bestPrecision));
            for (int f = 0; f < free; f++)
            {
                if (freeScores[f] >= bestThreshold)
                    placed[freeRows[f]] = true;
            }
        }
        fits.Reverse();
        return (new ThresholdPolicy(thresholds), [.. fits]);

        // Without a target: F-beta. With one: cuts that miss it rank below every cut that meets it; among those that
        // meet it, precision decides.
        static double Value(double recall, double precision, double target, double beta) =>
            double.IsNaN(target)
                ? FBeta(recall, precision, beta)
                : recall >= target - 1e-12 ? 1 + precision : recall - 1;

        static float Above(float max) => max >= 1f ? 1f : MathF.BitIncrement(max);
    }

    /// <summary>F-beta of a recall and a precision; 0 when both are 0. β = 1 is exactly 2PR / (P + R).</summary>
    public static double FBeta(double recall, double precision, double beta)
    {
        if (beta == 1)
            return recall + precision == 0 ? 0 : 2 * recall * precision / (recall + precision);
        double b2 = beta * beta;
        double denominator = b2 * precision + recall;
        return denominator == 0 ? 0 : (1 + b2) * precision * recall / denominator;
    }

    /// <summary>Fits the threshold policy that <paramref name="options"/> asks for on calibrated out-of-fold probabilities.</summary>
    public static (ThresholdPolicy Policy, BoundaryFit[] Fits) Fit(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels, double[] targets,
        DecisionOptions options)
    {
        var sequential = FitThresholds(probabilities, gold, levels, targets, options.InnerFolds, options.FBeta);
        return options.Objective == ThresholdObjective.MacroF1
            ? FitMacroF1(probabilities, gold, levels, targets, options.InnerFolds, sequential)
            : sequential;
    }

    /// <summary>
    /// Coordinate ascent on the official macro-F1 over the thresholds of boundaries without a recall target, starting
    /// from the per-boundary fit. Each candidate is a quantile of P(≥ j); boundaries with a target are refitted to it
    /// for every candidate, so the macro-F1 is that of the decisions the policy will really make.
    /// </summary>
    private static (ThresholdPolicy Policy, BoundaryFit[] Fits) FitMacroF1(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels,
        double[] targets, int minPositives, (ThresholdPolicy Policy, BoundaryFit[] Fits) start)
    {
        const int Candidates = 64;
        const int Sweeps = 3;
        int n = gold.Length;
        var thresholds = new float[levels];
        Array.Fill(thresholds, float.NaN);
        var free = new List<int>();
        for (int j = levels - 1; j >= 1; j--)
        {
            int positives = 0;
            foreach (int g in gold)
                if (g >= j) positives++;
            if (double.IsNaN(targets[j]) && positives >= minPositives)
            {
                free.Add(j);
                thresholds[j] = start.Policy.Thresholds[j];
            }
        }
        if (free.Count == 0)
            return start;

        var best = start;
        double bestScore = MacroF1(probabilities, gold, levels, start.Policy);
        var score = new float[n];
        for (int sweep = 0; sweep < Sweeps; sweep++)
        {
            bool improved = false;
            foreach (int j in free)
            {
                for (int i = 0; i < n; i++)
                    score[i] = AtLeast(probabilities.Slice(i * levels, levels), j);
                Array.Sort(score);
                float kept = thresholds[j];
                for (int q = 0; q < Candidates; q++)
                {
                    float candidate = score[(int)((long)q * (n - 1) / (Candidates - 1))];
                    if (candidate == kept)
                        continue;
                    thresholds[j] = candidate;
                    var fit = FitThresholds(probabilities, gold, levels, targets, minPositives, 1, thresholds);
                    double value = MacroF1(probabilities, gold, levels, fit.Policy);
                    if (value > bestScore + 1e-12)
                    {
                        bestScore = value;
                        best = fit;
                        kept = candidate;
                        improved = true;
                    }
                }
                thresholds[j] = kept;
            }
            if (!improved)
                break;
        }
        return best;
    }

    /// <summary>The official macro-F1 (mean F1 over every level but the lowest) of a policy's decisions.</summary>
    private static double MacroF1(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels, DecisionPolicy policy)
    {
        var tp = new int[levels];
        var predicted = new int[levels];
        var actual = new int[levels];
        for (int i = 0; i < gold.Length; i++)
        {
            int d = policy.Decide(probabilities.Slice(i * levels, levels));
            predicted[d]++;
            actual[gold[i]]++;
            if (d == gold[i]) tp[d]++;
        }
        double sum = 0;
        for (int c = 1; c < levels; c++)
        {
            double p = predicted[c] == 0 ? 0 : (double)tp[c] / predicted[c];
            double r = actual[c] == 0 ? 0 : (double)tp[c] / actual[c];
            sum += FBeta(r, p, 1);
        }
        return sum / (levels - 1);
    }

    /// <summary>
    /// Temperature scaling: the β = 1/T that minimizes the mean negative log-likelihood of softmax(β · log p). The NLL is
    /// convex in β, so a golden-section search over [0.05, 20] finds it deterministically.
    /// </summary>
    public static float FitInverseTemperature(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> gold, int levels)
    {
        var logs = new double[probabilities.Length];
        for (int i = 0; i < logs.Length; i++)
            logs[i] = Math.Log(Math.Max(probabilities[i], 1e-12f));
        double lo = 0.05, hi = 20;
        double phi = (Math.Sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
        double fa = Nll(a, gold), fb = Nll(b, gold);
        for (int it = 0; it < 80; it++)
        {
            if (fa <= fb)
            {
                hi = b; b = a; fb = fa;
                a = hi - phi * (hi - lo);
                fa = Nll(a, gold);
            }
            else
            {
                lo = a; a = b; fa = fb;
                b = lo + phi * (hi - lo);
                fb = Nll(b, gold);
            }
        }
        return (float)((lo + hi) / 2);

        double Nll(double beta, ReadOnlySpan<int> y)
        {
            double total = 0;
            for (int r = 0; r < y.Length; r++)
            {
                var row = logs.AsSpan(r * levels, levels);
                double max = double.NegativeInfinity;
                foreach (double v in row)
                    max = Math.Max(max, beta * v);
                double sum = 0;
                foreach (double v in row)
                    sum += Math.Exp(beta * v - max);
                total -= beta * row[y[r]] - max - Math.Log(sum);
            }
            return total / Math.Max(1, y.Length);
        }
    }

    /// <summary>Rescales probabilities in place to softmax(β · log p), the same as softmax(β · logits).</summary>
    public static void ApplyInverseTemperature(Span<float> probabilities, int levels, float beta)
    {
        if (beta == 1f)
            return;
        Span<float> row = stackalloc float[levels];
        for (int r = 0; r < probabilities.Length / levels; r++)
        {
            var p = probabilities.Slice(r * levels, levels);
            for (int c = 0; c < levels; c++)
                row[c] = beta * MathF.Log(MathF.Max(p[c], 1e-30f));
            Softmax.InPlace(row);
            row.CopyTo(p);
        }
    }
}

/// <summary>What a model records about its decision fitting: the policy kind, its recall targets and what they reached.</summary>
internal sealed record DecisionRecord(DecisionPolicyKind Kind, double[] Targets, BoundaryFit[] Boundaries,
    ThresholdObjective Objective = ThresholdObjective.BoundaryFBeta, double FBeta = 1)
{
    /// <summary>How the thresholds were fitted, in words, for model cards; null when the policy has no fitted thresholds.</summary>
    public string? DescribeFitting(PriorityScheme scheme)
    {
        if (Kind is not (DecisionPolicyKind.RecallTargets or DecisionPolicyKind.FlaggedRecallThenF1) || Targets.Length != scheme.Count)
            return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var recall = new List<string>();
        var other = new List<string>();
        for (int j = 1; j < Targets.Length; j++)
        {
            if (double.IsNaN(Targets[j]))
                other.Add(scheme.NameOf(j));
            else
                recall.Add(string.Create(inv, $"{scheme.NameOf(j)} {Targets[j]:0.00}"));
        }
        string objective = Objective == ThresholdObjective.MacroF1 ? "macro-F1 jointly"
            : FBeta == 1 ? "F1" : string.Create(inv, $"F{FBeta:0.##}");
        string name = Kind == DecisionPolicyKind.FlaggedRecallThenF1 ? "flagged recall, then F1" : "recall targets";
        string text = $"{name}: recall at {(recall.Count == 0 ? "no boundary" : string.Join(", ", recall))}";
        return other.Count == 0 ? text : $"{text}; {objective} at {string.Join(", ", other)}";
    }
}
