namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// The data of one regression the study fits per level, ready for a fitting routine: predictor names, one row of
/// predictor values per message, and the outcome. No intercept column: the fitting adds its own.
/// </summary>
/// <remarks>
/// Predictors: one dummy per period after the first (<c>period_postlaunch</c> = 1 for messages of that period; the first
/// period is the reference), then the 20 <see cref="ActivityVariables.Names"/>. The arrays are the input's own; do not
/// change them.
/// </remarks>
public sealed class RegressionInput
{
    internal RegressionInput(string level, RegressionKind kind, string outcomeName, string referencePeriod, string[] names, double[][] rows,
        double[] outcome)
    {
        Level = level;
        Kind = kind;
        OutcomeName = outcomeName;
        ReferencePeriod = referencePeriod;
        Names = Array.AsReadOnly(names);
        Rows = rows;
        Outcome = outcome;
    }

    /// <summary>The level whose peers' messages the rows are.</summary>
    public string Level { get; }

    /// <summary>Logistic (responded or not) or linear (log latency of responded messages).</summary>
    public RegressionKind Kind { get; }

    /// <summary><c>responded</c> (1 or 0) or <c>ln_latency_minutes</c> (natural log of the latency in minutes).</summary>
    public string OutcomeName { get; }

    /// <summary>The first period, which has no dummy.</summary>
    public string ReferencePeriod { get; }

    /// <summary>The predictor names, in column order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>One row per message (in posting order), each with one value per name.</summary>
#pragma warning disable CA1819 // Fitting code wants the jagged array itself; documented as not to be changed.
    public double[][] Rows { get; }

    /// <summary>The outcome of each row.</summary>
    public double[] Outcome { get; }
#pragma warning restore CA1819
}

/// <summary>The kind of a <see cref="RegressionInput"/>.</summary>
public enum RegressionKind
{
    /// <summary>Logistic regression of whether a moderator responded (1) or not (0).</summary>
    Logistic = 0,

    /// <summary>Linear regression of the natural log of the latency in minutes, over responded messages.</summary>
    Linear = 1,
}
