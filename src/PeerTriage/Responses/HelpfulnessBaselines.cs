using PeerTriage.Training;

namespace PeerTriage.Responses;

/// <summary>
/// The baselines a helpfulness ranker must beat: longer answers first, and a seeded random order. (The exact
/// expectation of a random order is what a constant score gives under <see cref="RankingMetrics"/>, which counts
/// predicted ties as broken at random.)
/// </summary>
public static class HelpfulnessBaselines
{
    /// <summary>Length-only: the answer's number of words (word and number tokens, as <see cref="BasicHelpfulnessFeaturizer"/> counts them).</summary>
    /// <param name="answer">The answer.</param>
    /// <returns>The word count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    public static double Length(HelpfulnessAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Span<double> features = stackalloc double[BasicHelpfulnessFeaturizer.Instance.FeatureNames.Count];
        BasicHelpfulnessFeaturizer.Instance.Featurize(answer, features);
        return Math.Round(Math.Exp(features[0]) - 1); // features[0] is ln(1 + words)
    }

    /// <summary>
    /// Random: a score in [0, 1) drawn from a stable hash of <paramref name="seed"/>, the question id and the answer text,
    /// so the same answer gets the same score in any order, process or platform.
    /// </summary>
    /// <param name="answer">The answer.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    public static double Random(HelpfulnessAnswer answer, int seed)
    {
        ArgumentNullException.ThrowIfNull(answer);
        // FNV-1a over the chars, then SplitMix64 to spread it.
        ulong hash = 14695981039346656037UL;
        foreach (char c in answer.QuestionId ?? "")
            hash = unchecked((hash ^ c) * 1099511628211UL);
        hash = unchecked((hash ^ 0xFFFF) * 1099511628211UL);
        foreach (char c in answer.Text ?? "")
            hash = unchecked((hash ^ c) * 1099511628211UL);
        var rng = SplitMix64.FromState(hash ^ unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL));
        return (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}
