namespace PeerTriage.Learning;

/// <summary>The softmax shared by scoring, explanations and decision fitting, so each gets the same bits.</summary>
internal static class Softmax
{
    /// <summary>Turns logits into probabilities; returns the argmax, ties to the higher level.</summary>
    public static int InPlace(Span<float> logits)
    {
        float max = float.NegativeInfinity;
        int best = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            if (logits[c] >= max)
            {
                max = logits[c];
                best = c;
            }
        }
        float sum = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            float e = MathF.Exp(logits[c] - max);
            logits[c] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int c = 0; c < logits.Length; c++)
            logits[c] *= inverse;
        return best;
    }

    /// <summary>
    /// Training's double-precision softmax: <paramref name="scores"/> (overwritten) into <paramref name="probabilities"/>.
    /// It divides by the sum where <see cref="InPlace"/> multiplies by its inverse; out-of-fold predictions have always
    /// been normalized this way, and the calibration and thresholds fitted on them depend on those bits.
    /// </summary>
    public static void ToProbabilities(Span<double> scores, Span<float> probabilities)
    {
        int k = scores.Length;
        double max = scores[0], sum = 0;
        for (int c = 1; c < k; c++)
            max = Math.Max(max, scores[c]);
        for (int c = 0; c < k; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            sum += scores[c];
        }
        for (int c = 0; c < k; c++)
            probabilities[c] = (float)(scores[c] / sum);
    }
}
