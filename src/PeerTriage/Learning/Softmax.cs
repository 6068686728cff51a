namespace PeerTriage.Learning;

/// <summary>The softmax shared by scoring, explanations and decision fitting, so each gets the same bits.</summary>
internal static class Softmax
{
    /// <summary>
    /// Text probabilities below this are clipped before the logarithm that a two-stage model's second stage reads, in
    /// training and in scoring alike.
    /// </summary>
    public const float MinStackedProbability = 1e-6f;

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
}
