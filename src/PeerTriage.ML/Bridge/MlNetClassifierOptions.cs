using PeerTriage.Decisions;

namespace PeerTriage.ML.Bridge;

/// <summary>
/// How <see cref="MlNetTriageClassifier"/> reads an ML.NET model: the names of its input text column and output score
/// column, how the score vector's slots map to the scheme's levels, and an optional calibration and decision policy.
/// The defaults match a model built the usual ML.NET way: <c>MapValueToKey("Label")</c>, a text featurizer reading
/// <c>"Text"</c>, and a multiclass trainer writing <c>"Score"</c> and <c>"PredictedLabel"</c>.
/// </summary>
public sealed record MlNetClassifierOptions
{
    /// <summary>The default options.</summary>
    public static MlNetClassifierOptions Default { get; } = new();

    /// <summary>
    /// The model's input column that receives the message text (<see cref="ForumMessage.Body"/>), of type text.
    /// Default <c>"Text"</c>.
    /// </summary>
    public string TextColumnName { get; init; } = "Text";

    /// <summary>
    /// The model's input column that receives the parent post's text (<see cref="ThreadContext.Parent"/>; empty when there
    /// is none or the context is null), or null when the model reads the message alone. Default null: thread context is
    /// ignored.
    /// </summary>
    public string? ParentTextColumnName { get; init; }

    /// <summary>
    /// An input column of type text that the model's schema requires but that scoring does not use, typically the label
    /// that a <c>MapValueToKey</c> in front of the trainer reads. When the model cannot be scored from the text alone and
    /// has this column, it is given an empty value. Null: never supplied. Default <c>"Label"</c>.
    /// </summary>
    public string? LabelColumnName { get; init; } = "Label";

    /// <summary>
    /// The model's output column holding one score per class, a known-size vector of <see cref="float"/>. Default
    /// <c>"Score"</c>, the column every ML.NET multiclass trainer writes.
    /// </summary>
    public string ScoreColumnName { get; init; } = "Score";

    /// <summary>
    /// The output column whose key-to-value annotation (the label's values) names the classes, read when the score column
    /// carries no slot names. Default <c>"PredictedLabel"</c>.
    /// </summary>
    public string PredictedLabelColumnName { get; init; } = "PredictedLabel";

    /// <summary>
    /// The scheme level of each score slot, in slot order (level names of <see cref="Scheme"/>, case-insensitive), or
    /// null to read them from the model: the score column's slot names, else the key values of
    /// <see cref="PredictedLabelColumnName"/>. Default null. A level no slot maps to gets probability 0.
    /// </summary>
    public IReadOnlyList<string>? SlotLevels { get; init; }

    /// <summary>The levels the classifier assigns. Default <see cref="PriorityScheme.Default"/>.</summary>
    public PriorityScheme Scheme { get; init; } = PriorityScheme.Default;

    /// <summary>
    /// Temperature scaling applied to the model's probabilities: softmax(β · log p). Default 1 (none). Fit it with
    /// <see cref="MlNetTriageClassifier.WithDecisions"/>. Allowed (0, 100].
    /// </summary>
    public float InverseTemperature { get; init; } = 1f;

    /// <summary>
    /// The decision policy that picks a level from the (calibrated) probabilities, such as a <see cref="ThresholdPolicy"/>
    /// fitted for recall; null for the most probable level. Default null. Fit it with
    /// <see cref="MlNetTriageClassifier.WithDecisions"/>.
    /// </summary>
    public DecisionPolicy? Policy { get; init; }

    /// <summary>
    /// How many idle prediction engines the classifier keeps for reuse. More concurrent callers than this still work; the
    /// extra engines are created and dropped. Default twice the processor count. Allowed 1 to 1024.
    /// </summary>
    public int MaxIdleEngines { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary>Throws when an option is invalid.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TextColumnName))
            throw new ArgumentException("TextColumnName must name the model's input text column.", nameof(TextColumnName));
        if (string.IsNullOrWhiteSpace(ScoreColumnName))
            throw new ArgumentException("ScoreColumnName must name the model's output score column.", nameof(ScoreColumnName));
        if (ParentTextColumnName is not null && (string.IsNullOrWhiteSpace(ParentTextColumnName) || ParentTextColumnName == TextColumnName))
            throw new ArgumentException($"ParentTextColumnName must be null or a column other than TextColumnName '{TextColumnName}'.", nameof(ParentTextColumnName));
        if (Scheme is null)
            throw new ArgumentException("Scheme must not be null.", nameof(Scheme));
        if (!(InverseTemperature > 0 && InverseTemperature <= 100))
            throw new ArgumentException($"InverseTemperature must be in (0, 100]; it is {InverseTemperature}.", nameof(InverseTemperature));
        if (Policy is not null && Policy.LevelCount != Scheme.Count)
            throw new ArgumentException($"Policy decides among {Policy.LevelCount} levels but Scheme has {Scheme.Count}.", nameof(Policy));
        if (MaxIdleEngines is < 1 or > 1024)
            throw new ArgumentException($"MaxIdleEngines must be 1 to 1024; it is {MaxIdleEngines}.", nameof(MaxIdleEngines));
    }
}
