namespace PeerTriage.ML.Trees;

/// <summary>How <see cref="FastTreeStage"/> trains its boosted trees (ML.NET FastTree). Every property has a documented default.</summary>
public sealed record FastTreeStageOptions
{
    /// <summary>The default options.</summary>
    public static FastTreeStageOptions Default { get; } = new();

    /// <summary>Boosting rounds: trees per level. Default 100 (ML.NET's default).</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Leaves per tree, at least 2. Default 20 (ML.NET's default).</summary>
    public int NumberOfLeaves { get; init; } = 20;

    /// <summary>Shrinkage of each tree, in (0, 1]. Default 0.2 (ML.NET's default).</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>The fewest training rows a leaf may hold, at least 1. Default 10 (ML.NET's default).</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (NumberOfTrees < 1 || NumberOfTrees > 10_000)
            throw new ArgumentOutOfRangeException(nameof(NumberOfTrees), NumberOfTrees, "NumberOfTrees must be 1 to 10,000.");
        if (NumberOfLeaves < 2 || NumberOfLeaves > 1_024)
            throw new ArgumentOutOfRangeException(nameof(NumberOfLeaves), NumberOfLeaves, "NumberOfLeaves must be 2 to 1,024.");
        if (!(LearningRate > 0 && LearningRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be in (0, 1].");
        if (MinimumExampleCountPerLeaf < 1)
            throw new ArgumentOutOfRangeException(nameof(MinimumExampleCountPerLeaf), MinimumExampleCountPerLeaf, "MinimumExampleCountPerLeaf must be at least 1.");
    }
}
