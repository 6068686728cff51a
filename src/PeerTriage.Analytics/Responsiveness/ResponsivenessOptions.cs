using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>Settings of a <see cref="ResponsivenessStudy"/> run. Every default is documented on its property.</summary>
public sealed record ResponsivenessOptions
{
    /// <summary>The default settings: one period, the default scheme, direct replies only.</summary>
    public static ResponsivenessOptions Default { get; } = new();

    /// <summary>
    /// The instants where a new period starts, strictly increasing; N boundaries make N + 1 periods. A message posted
    /// exactly at a boundary belongs to the later period. Default none (one period). The paper's are 2016-08-05
    /// (triage launched) and 2016-11-27 (moderators trained), midnight UTC.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> Boundaries { get; init; } = [];

    /// <summary>
    /// The periods' names, one more than <see cref="Boundaries"/>; null (the default) for <c>prelaunch</c>,
    /// <c>postlaunch</c>, <c>post-training</c> with two boundaries, <c>prelaunch</c>, <c>postlaunch</c> with one,
    /// <c>all</c> with none, and <c>period 1</c>, <c>period 2</c>, … otherwise.
    /// </summary>
    public IReadOnlyList<string>? PeriodNames { get; init; }

    /// <summary>The levels, lowest first; every peer's message needs one of them. Default <see cref="PriorityScheme.Default"/>.</summary>
    public PriorityScheme Scheme { get; init; } = PriorityScheme.Default;

    /// <summary>
    /// Whether a moderator's reply anywhere below a peer's message in its reply tree (a reply to a reply to it) counts
    /// as a response to it. Default false: only direct replies (parent = the message) count, as in the paper, which
    /// counted moderators' replies to the message itself.
    /// </summary>
    public bool CountDeeperReplies { get; init; }

    /// <summary>
    /// The adjusted alpha of the planned pairwise comparisons between periods, strictly between 0 and 1. Default 0.004
    /// (<see cref="PlannedComparisons.StudyAlpha"/>), the paper's Bonferroni-style adjustment.
    /// </summary>
    public double Alpha { get; init; } = PlannedComparisons.StudyAlpha;

    /// <summary>
    /// How Table 4's medians and quartiles are computed. Default <see cref="PercentileDefinition.WeightedAverage"/>
    /// (Hyndman–Fan type 6), SPSS's default, because the paper's tables came from SPSS; choose
    /// <see cref="PercentileDefinition.Linear"/> (type 7) to match R's and NumPy's defaults.
    /// </summary>
    public PercentileDefinition Percentiles { get; init; } = PercentileDefinition.WeightedAverage;

    /// <summary>
    /// Whether to fit the per-level regressions and normality tests and run the planned comparisons. Default true;
    /// false leaves <see cref="ResponsivenessResult.Models"/> and <see cref="ResponsivenessResult.Comparisons"/> empty
    /// (the tables only).
    /// </summary>
    public bool FitModels { get; init; } = true;

    /// <summary>Where to report progress, or null (the default) for nowhere. Reports come from the calling thread.</summary>
    public IProgress<StudyProgress>? Progress { get; init; }

    /// <summary>The period names in use, checked against <see cref="Boundaries"/>.</summary>
    /// <exception cref="ArgumentException">The boundaries are not strictly increasing, the names are the wrong
    /// number, blank or repeated, or the alpha or the percentile definition is out of range.</exception>
    internal string[] ResolvePeriodNames()
    {
        ArgumentNullException.ThrowIfNull(Boundaries, nameof(Boundaries));
        ArgumentNullException.ThrowIfNull(Scheme, nameof(Scheme));
        if (!(Alpha > 0 && Alpha < 1))
            throw new ArgumentException($"ResponsivenessOptions.Alpha must be between 0 and 1 (exclusive); got {Alpha}.", nameof(Alpha));
        if (!Enum.IsDefined(Percentiles))
            throw new ArgumentException($"ResponsivenessOptions.Percentiles is not a known definition ({(int)Percentiles}).", nameof(Percentiles));
        for (int i = 1; i < Boundaries.Count; i++)
        {
            if (Boundaries[i] <= Boundaries[i - 1])
                throw new ArgumentException($"ResponsivenessOptions.Boundaries must increase: {Boundaries[i]:O} does not come after {Boundaries[i - 1]:O}.", nameof(Boundaries));
        }
        int n = Boundaries.Count + 1;
        string[] names = PeriodNames is { } given ? [.. given] : n switch
        {
            1 => ["all"],
            2 => ["prelaunch", "postlaunch"],
            3 => ["prelaunch", "postlaunch", "post-training"],
            _ => [.. Enumerable.Range(1, n).Select(i => $"period {i}")],
        };
        if (names.Length != n)
            throw new ArgumentException($"ResponsivenessOptions.PeriodNames has {names.Length} names but {Boundaries.Count} boundaries make {n} periods.", nameof(PeriodNames));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException("ResponsivenessOptions.PeriodNames has a blank name.", nameof(PeriodNames));
            if (!seen.Add(name))
                throw new ArgumentException($"ResponsivenessOptions.PeriodNames names '{name}' twice.", nameof(PeriodNames));
        }
        return names;
    }
}
