namespace PeerTriage;

/// <summary>
/// Cross-validated metrics stored in a model file as its model card: the official CLPsych scores of out-of-fold
/// predictions on the model's own training data, from the inner cross-validation that fitted its calibration and
/// decision thresholds.
/// </summary>
/// <remarks>
/// The argmax figures are honest out-of-fold estimates. The policy figures use thresholds fitted on these same
/// predictions, so they are slightly optimistic; for an unbiased estimate of the policy, run
/// <see cref="Evaluation.CrossValidation.Run"/>, which nests the fitting inside each fold.
/// </remarks>
public sealed record ModelCardMetrics
{
    /// <summary>How the figures were obtained, for example <c>inner 5-fold out-of-fold predictions (grouped by author)</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Number of predictions scored.</summary>
    public required int Rows { get; init; }

    /// <summary>Official macro-F1 (mean F1 over every level but the lowest) of the model's own decisions.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Accuracy of the model's own decisions.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Flagged (at least the scheme's flagged level) F1, recall and precision of the model's own decisions.</summary>
    public required double FlaggedF1 { get; init; }

    /// <inheritdoc cref="FlaggedF1"/>
    public required double FlaggedRecall { get; init; }

    /// <inheritdoc cref="FlaggedF1"/>
    public required double FlaggedPrecision { get; init; }

    /// <summary>Urgent (at least the scheme's urgent level) F1, recall and precision of the model's own decisions.</summary>
    public required double UrgentF1 { get; init; }

    /// <inheritdoc cref="UrgentF1"/>
    public required double UrgentRecall { get; init; }

    /// <inheritdoc cref="UrgentF1"/>
    public required double UrgentPrecision { get; init; }

    /// <summary>Macro-F1 of argmax on uncalibrated probabilities (the leaderboard setting).</summary>
    public required double ArgmaxMacroF1 { get; init; }

    /// <summary>Flagged F1 of argmax on uncalibrated probabilities.</summary>
    public required double ArgmaxFlaggedF1 { get; init; }

    /// <summary>Urgent F1 of argmax on uncalibrated probabilities.</summary>
    public required double ArgmaxUrgentF1 { get; init; }

    /// <summary>
    /// Per level, the share of these predictions the model's decisions put at exactly that level. Null in models saved
    /// before PeerTriage 0.2.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? PredictedShares { get; init; }

    /// <summary>Per level, the share of these rows whose true level it is. Null in models saved before PeerTriage 0.2.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? BaseRates { get; init; }

    /// <summary>
    /// <see cref="PredictedShares"/> next to <see cref="BaseRates"/>, one per level of <paramref name="scheme"/>; empty
    /// for models saved before they were stored.
    /// </summary>
    /// <param name="scheme">The model's scheme.</param>
    /// <returns>The shares, in scheme order.</returns>
    public IReadOnlyList<Evaluation.LevelShare> Shares(PriorityScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (PredictedShares is not { } predicted || BaseRates is not { } baseRates || predicted.Count != scheme.Count || baseRates.Count != scheme.Count)
            return [];
        var shares = new Evaluation.LevelShare[scheme.Count];
        for (int j = 0; j < shares.Length; j++)
            shares[j] = new Evaluation.LevelShare(scheme.NameOf(j), predicted[j], baseRates[j]);
        return shares;
    }
}
