namespace PeerTriage.Analytics.Statistics;

/// <summary>
/// A model cannot be estimated from the data given: for example complete separation or collinear predictors. The
/// message names the variable and says what to do, so a report never shows a table of NaNs.
/// </summary>
public sealed class StatisticsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the variable.</param>
    /// <param name="variable">The predictor at fault, when one is; null otherwise.</param>
    public StatisticsException(string message, string? variable = null)
        : base(message)
    {
        Variable = variable;
    }

    /// <summary>The predictor at fault, or null.</summary>
    public string? Variable { get; }
}
