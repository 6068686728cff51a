namespace PeerTriage;

/// <summary>
/// Something training did that the caller should know about, because the model is less than it could be. Stored in the
/// model file and listed by <see cref="ModelInfo.Warnings"/>; never contains message text.
/// </summary>
/// <param name="Kind">What it is about.</param>
/// <param name="Message">One sentence for people, naming the level or count concerned and what to change.</param>
public sealed record TrainingWarning(TrainingWarningKind Kind, string Message)
{
    /// <summary>The level concerned, for <see cref="TrainingWarningKind.UnreliableRecallTarget"/>; otherwise null.</summary>
    public string? Level { get; init; }

    /// <summary>The rows concerned: duplicate rows, or training rows at or above <see cref="Level"/>. Default 0.</summary>
    public int Count { get; init; }

    /// <summary>For <see cref="TrainingWarningKind.UnreliableRecallTarget"/>: the recall target; otherwise null.</summary>
    public double? Target { get; init; }

    /// <summary>For <see cref="TrainingWarningKind.UnreliableRecallTarget"/>: the recall reached out of fold; otherwise null.</summary>
    public double? Reached { get; init; }
}
