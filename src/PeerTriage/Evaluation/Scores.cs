using PeerTriage.Training;

namespace PeerTriage.Evaluation;

/// <summary>Precision, recall and F1 of a binary decision (flagged or urgent), with the CLPsych zero conventions.</summary>
/// <param name="Precision">True positives / predicted positives; 0 when nothing was predicted positive.</param>
/// <param name="Recall">True positives / gold positives; 0 when there are no gold positives.</param>
/// <param name="F1">2PR / (P + R); 0 when both are 0.</param>
/// <param name="Support">The number of gold positives.</param>
public readonly record struct BinaryScore(double Precision, double Recall, double F1, int Support);

/// <summary>Precision, recall and F1 of one priority level, with the CLPsych zero conventions.</summary>
/// <param name="Level">The level's name.</param>
/// <param name="Precision">Correct / predicted as this level; 0 when the level was never predicted.</param>
/// <param name="Recall">Correct / gold of this level; 0 when no gold message has this level.</param>
/// <param name="F1">2PR / (P + R); 0 when both are 0.</param>
/// <param name="Support">The number of gold messages with this level.</param>
public sealed record LevelScore(string Level, double Precision, double Recall, double F1, int Support);

/// <summary>
/// How often one level was decided, next to how often it is the true level: the check that a decision policy fills the
/// moderators' lists instead of flooding them.
/// </summary>
/// <param name="Level">The level's name.</param>
/// <param name="Predicted">Share of messages decided at exactly this level, in [0, 1].</param>
/// <param name="BaseRate">Share of messages whose true level is this level, in [0, 1].</param>
public sealed record LevelShare(string Level, double Predicted, double BaseRate)
{
    /// <summary>A level decided more than this many times as often as it occurs is flooded: 2.</summary>
    public const double FloodFactor = 2;

    /// <summary>Predicted / base rate; infinity when the level never occurs but was decided, 1 when neither.</summary>
    public double Ratio => BaseRate > 0 ? Predicted / BaseRate : Predicted > 0 ? double.PositiveInfinity : 1;

    /// <summary>Whether the level is decided more than <see cref="FloodFactor"/> times as often as it occurs.</summary>
    public bool IsFlooded => Predicted > FloodFactor * BaseRate;

    /// <summary>The shares of every level of a scheme, from per-level counts of decisions and of true levels.</summary>
    /// <param name="scheme">The scheme the counts are indexed by.</param>
    /// <param name="predicted">Decisions per level.</param>
    /// <param name="gold">True levels per level.</param>
    /// <returns>One share per level, in scheme order; all zero when there are no messages.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A count list does not have one entry per level.</exception>
    public static IReadOnlyList<LevelShare> Of(PriorityScheme scheme, IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        if (predicted.Count != scheme.Count || gold.Count != scheme.Count)
            throw new ArgumentException($"Counts must have one entry per level ({scheme.Count}).");
        double[] decided = ConfusionScores.Shares(predicted, gold), baseRates = ConfusionScores.Shares(gold, gold);
        var shares = new LevelShare[scheme.Count];
        for (int j = 0; j < shares.Length; j++)
            shares[j] = new LevelShare(scheme.NameOf(j), decided[j], baseRates[j]);
        return shares;
    }
}
