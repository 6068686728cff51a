namespace PeerTriage.Scoring;

/// <summary>How <see cref="BatchScorer"/> and <see cref="StreamingScorer"/> spread work over cores and report progress.</summary>
public sealed record BatchOptions
{
    /// <summary>The default options: all cores, no progress reports.</summary>
    public static BatchOptions Default { get; } = new();

    /// <summary>Most threads to use; -1 (the default) for all cores, 1 for the calling thread only.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Receives the number of messages finished so far, about every <see cref="ProgressInterval"/> messages and once
    /// at the end. Called from worker threads; null for none.
    /// </summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Messages between progress reports. Default 10,000.</summary>
    public int ProgressInterval { get; init; } = 10_000;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxDegreeOfParallelism is 0 or < -1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 (all cores) or at least 1.");
        if (ProgressInterval < 1)
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be at least 1.");
    }
}
