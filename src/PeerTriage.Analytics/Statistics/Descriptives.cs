namespace PeerTriage.Analytics.Statistics;

/// <summary>
/// Descriptive statistics for the study's tables: percentiles, median, interquartile range, mean, standard deviation
/// and percentage change. Inputs are copied and sorted, never modified.
/// </summary>
public static class Descriptives
{
    /// <summary>
    /// The p-th quantile (0 ≤ p ≤ 1) of <paramref name="values"/> by <paramref name="definition"/>. With the default
    /// <see cref="PercentileDefinition.WeightedAverage"/> (SPSS, R type 6) positions below the first or above the last
    /// order statistic give the minimum or the maximum.
    /// </summary>
    /// <param name="values">The sample; at least one finite value.</param>
    /// <param name="p">The probability, from 0 to 1 (0.5 is the median).</param>
    /// <param name="definition">The interpolation rule; default SPSS's weighted average (R type 6).</param>
    /// <returns>The quantile.</returns>
    /// <exception cref="ArgumentException">The sample is empty, holds a non-finite value, or p is outside [0, 1].</exception>
    public static double Percentile(IReadOnlyList<double> values, double p, PercentileDefinition definition = PercentileDefinition.WeightedAverage)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentException($"The percentile must be a probability from 0 to 1; got {p}.", nameof(p));
        }

        return PercentileOfSorted(Sorted(values, nameof(values)), p, definition);
    }

    /// <summary>The median: <see cref="Percentile"/> at 0.5 (the same under both definitions).</summary>
    /// <param name="values">The sample; at least one finite value.</param>
    /// <returns>The median.</returns>
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>The interquartile range Q3 − Q1, both by <paramref name="definition"/>.</summary>
    /// <param name="values">The sample; at least one finite value.</param>
    /// <param name="definition">The interpolation rule; default SPSS's weighted average (R type 6).</param>
    /// <returns>Q3 − Q1 (0 for a single value).</returns>
    public static double InterquartileRange(IReadOnlyList<double> values, PercentileDefinition definition = PercentileDefinition.WeightedAverage)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = Sorted(values, nameof(values));
        return PercentileOfSorted(sorted, 0.75, definition) - PercentileOfSorted(sorted, 0.25, definition);
    }

    /// <summary>The arithmetic mean.</summary>
    /// <param name="values">The sample; at least one finite value.</param>
    /// <returns>The mean.</returns>
    public static double Mean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = Sorted(values, nameof(values));
        return MeanOf(sorted);
    }

    /// <summary>The sample standard deviation (denominator n − 1); 0 for a single value.</summary>
    /// <param name="values">The sample; at least one finite value.</param>
    /// <returns>The standard deviation.</returns>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = Sorted(values, nameof(values));
        return StandardDeviationOf(sorted);
    }

    /// <summary>
    /// The percentage change (after − before) / before × 100, as in the study's Table 4. When <paramref name="before"/>
    /// is 0 the change is undefined and the result is null, except that 0 to 0 is no change (0).
    /// </summary>
    /// <param name="before">The earlier value (e.g. the prelaunch median).</param>
    /// <param name="after">The later value.</param>
    /// <returns>The change in percent, or null when it is undefined.</returns>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public static double? PercentChange(double before, double after)
    {
        if (!double.IsFinite(before))
        {
            throw new ArgumentException($"The value before must be a finite number; got {before}.", nameof(before));
        }

        if (!double.IsFinite(after))
        {
            throw new ArgumentException($"The value after must be a finite number; got {after}.", nameof(after));
        }

        if (before == 0)
        {
            return after == 0 ? 0.0 : null;
        }

        return (after - before) / Math.Abs(before) * 100.0;
    }

    internal static double[] Sorted(IReadOnlyList<double> values, string parameter)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The sample is empty; at least one value is needed.", parameter);
        }

        var copy = new double[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Value {i} of the sample is {v}; every value must be a finite number.", parameter);
            }

            copy[i] = v;
        }

        Array.Sort(copy);
        return copy;
    }

    internal static double PercentileOfSorted(double[] sorted, double p, PercentileDefinition definition)
    {
        var n = sorted.Length;

        // 1-based position h of the quantile among the order statistics.
        var h = definition switch
        {
            PercentileDefinition.WeightedAverage => (n + 1) * p,
            PercentileDefinition.Linear => ((n - 1) * p) + 1,
            _ => throw new ArgumentOutOfRangeException(nameof(definition), definition, "Unknown percentile definition."),
        };

        if (h <= 1)
        {
            return sorted[0];
        }

        if (h >= n)
        {
            return sorted[n - 1];
        }

        var lower = (int)Math.Floor(h);
        var fraction = h - lower;
        return sorted[lower - 1] + (fraction * (sorted[lower] - sorted[lower - 1]));
    }

    internal static double MeanOf(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
        }

        return sum / values.Count;
    }

    internal static double StandardDeviationOf(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = MeanOf(values);
        var ss = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            var d = values[i] - mean;
            ss += d * d;
        }

        return Math.Sqrt(ss / (values.Count - 1));
    }
}
