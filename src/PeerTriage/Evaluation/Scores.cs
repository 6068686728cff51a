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
