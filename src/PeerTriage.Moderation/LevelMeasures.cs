namespace PeerTriage.Moderation;

/// <summary>
/// The measures the published evaluation used, for one level: response ratio (the share of messages with at least one
/// moderator or staff reply) and response latency (time from posting to the first such reply) as median and
/// interquartile range. Quartiles interpolate linearly between order statistics (the common "type 7" definition,
/// as numpy's default); with one response all three are that latency.
/// </summary>
public sealed record LevelMeasures
{
    /// <summary>The level's name.</summary>
    public required string Level { get; init; }

    /// <summary>Messages at this level posted in the window.</summary>
    public required int Messages { get; init; }

    /// <summary>Of those, how many had a moderator or staff reply by the window's end.</summary>
    public required int Responded { get; init; }

    /// <summary><see cref="Responded"/> / <see cref="Messages"/>, or null when there were no messages.</summary>
    public double? ResponseRatio { get; init; }

    /// <summary>Median response latency, or null when nothing was responded to.</summary>
    public TimeSpan? MedianLatency { get; init; }

    /// <summary>First quartile (25th percentile) of response latency, or null.</summary>
    public TimeSpan? LowerQuartileLatency { get; init; }

    /// <summary>Third quartile (75th percentile) of response latency, or null.</summary>
    public TimeSpan? UpperQuartileLatency { get; init; }

    /// <summary>
    /// Of <see cref="Messages"/>, how many were underserved: their community window closed by the window's end with
    /// community replies that all showed no empathy (see <see cref="ModerationOptions.KeepUnderserved"/>; always 0 with
    /// the rule off). Counted whether or not a moderator answered them later.
    /// </summary>
    public int Underserved { get; init; }

    /// <summary>Interquartile range of response latency (upper minus lower quartile), or null.</summary>
    public TimeSpan? InterquartileRange => UpperQuartileLatency - LowerQuartileLatency;

    internal static LevelMeasures Compute(string level, int messages, List<long> latencies)
    {
        latencies.Sort();
        return new LevelMeasures
        {
            Level = level,
            Messages = messages,
            Responded = latencies.Count,
            ResponseRatio = messages == 0 ? null : (double)latencies.Count / messages,
            MedianLatency = Quantile(latencies, 0.5),
            LowerQuartileLatency = Quantile(latencies, 0.25),
            UpperQuartileLatency = Quantile(latencies, 0.75),
        };
    }

    internal static TimeSpan? Quantile(List<long> sorted, double q)
    {
        if (sorted.Count == 0)
            return null;
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        double value = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        return TimeSpan.FromTicks((long)Math.Round(value));
    }
}
