namespace PeerTriage.Analytics.Responsiveness;

/// <summary>How far a <see cref="ResponsivenessStudy"/> run has got.</summary>
/// <param name="Stage">What it is doing: <c>sorting</c>, <c>responses</c>, <c>activity</c>, <c>tables</c> or <c>regression inputs</c>.</param>
/// <param name="Done">How many of the stage's items are done.</param>
/// <param name="Total">How many items the stage has.</param>
public sealed record StudyProgress(string Stage, long Done, long Total);
