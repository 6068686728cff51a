namespace PeerTriage.Analytics.Statistics;

/// <summary>How <see cref="Descriptives.Percentile"/> interpolates between order statistics (Hyndman &amp; Fan 1996).</summary>
public enum PercentileDefinition
{
    /// <summary>
    /// Weighted average at position (n + 1)p: R type 6, numpy <c>method="weibull"</c>, and SPSS's default (HAVERAGE).
    /// The default, because the published study reported its medians and IQRs from SPSS.
    /// </summary>
    WeightedAverage = 0,

    /// <summary>Linear interpolation at position (n − 1)p + 1: R type 7 (R's default) and numpy's default <c>"linear"</c>.</summary>
    Linear = 1,
}
