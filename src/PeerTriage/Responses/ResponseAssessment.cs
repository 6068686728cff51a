using PeerTriage.Explanations;

namespace PeerTriage.Responses;

/// <summary>A response's level on one mechanism, with calibrated probabilities.</summary>
/// <param name="Mechanism">The mechanism's name.</param>
/// <param name="LevelIndex">The level's index (0 = the lowest, "does not show it").</param>
/// <param name="Level">The level's name.</param>
/// <param name="Probabilities">The calibrated probability of each level, lowest first.</param>
public sealed record MechanismAssessment(string Mechanism, int LevelIndex, string Level, IReadOnlyList<float> Probabilities)
{
    /// <summary>True when the level is above the lowest.</summary>
    public bool Shows => LevelIndex > 0;
}

/// <summary>A response's assessment on every mechanism of the model's scheme, in scheme order.</summary>
public sealed class ResponseAssessment
{
    internal ResponseAssessment(IReadOnlyList<MechanismAssessment> mechanisms) => Mechanisms = mechanisms;

    /// <summary>One result per mechanism, in scheme order.</summary>
    public IReadOnlyList<MechanismAssessment> Mechanisms { get; }

    /// <summary>The result of a mechanism by name (case-insensitive).</summary>
    /// <param name="mechanism">The mechanism's name.</param>
    /// <exception cref="KeyNotFoundException">No mechanism has that name.</exception>
    public MechanismAssessment this[string mechanism] =>
        Mechanisms.FirstOrDefault(m => string.Equals(m.Mechanism, mechanism, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"'{mechanism}' is not a mechanism of this assessment ({string.Join(", ", Mechanisms.Select(m => m.Mechanism))}).");

    /// <summary>True when some mechanism's level is above its lowest.</summary>
    public bool ShowsEmpathy => Mechanisms.Any(m => m.Shows);
}

/// <summary>A character span of the response that carried a mechanism, with its summed evidence.</summary>
/// <param name="Start">Offset in the response string exactly as given (<see cref="ResponsePair.Response"/>).</param>
/// <param name="Length">Length in chars: <c>response.Substring(Start, Length)</c> is the span's text.</param>
/// <param name="Weight">Summed contributions (calibrated logit units) of the span's tokens toward the target level.</param>
public readonly record struct RationaleSpan(int Start, int Length, double Weight);

/// <summary>Why a response got its level on one mechanism: feature contributions and rationale spans.</summary>
public sealed class ResponseExplanation
{
    internal ResponseExplanation(string mechanism, TriageExplanation explanation, int target, IReadOnlyList<RationaleSpan> rationales)
    {
        Mechanism = mechanism;
        Explanation = explanation;
        TargetIndex = target;
        Rationales = rationales;
    }

    /// <summary>The mechanism explained.</summary>
    public string Mechanism { get; }

    /// <summary>The feature contributions, as <see cref="TriageModel.Explain"/> gives them: with the bias and "other",
    /// they add up to <see cref="TriageExplanation.LogitDifference"/>. Pair features appear as "pair.*" context items.</summary>
    public TriageExplanation Explanation { get; }

    /// <summary>The level's index.</summary>
    public int LevelIndex => Explanation.Result.LevelIndex;

    /// <summary>The level's name.</summary>
    public string Level => Explanation.Result.Level;

    /// <summary>
    /// The level the rationales point toward, compared with the lowest level: the chosen level when it is above the
    /// lowest; the highest level when the response was judged not to show the mechanism (then the spans are the words
    /// that came closest to showing it, usually few or none).
    /// </summary>
    public int TargetIndex { get; }

    /// <summary>Spans of the response whose words pushed toward <see cref="TargetIndex"/>, in text order (see <see cref="RationaleOptions"/>).</summary>
    public IReadOnlyList<RationaleSpan> Rationales { get; }
}

/// <summary>How rationale spans are chosen from token scores. Every property has a documented default.</summary>
public sealed record RationaleOptions
{
    /// <summary>The default options.</summary>
    public static RationaleOptions Default { get; } = new();

    /// <summary>
    /// A token is part of a rationale when its score (calibrated logit units toward the target level) exceeds this.
    /// Default 0.2, with <see cref="Sentences"/>: on EPITOME (5-fold CV, responses with a gold rationale) sentence spans
    /// at 0.2 reached token-F1 0.594 / 0.745 / 0.741 (emotional reactions, interpretations, explorations), against
    /// 0.498 / 0.525 / 0.767 for word spans at 0.1, the best word-level threshold for explorations.
    /// </summary>
    public double Threshold { get; init; } = 0.2;

    /// <summary>Widen each span to the sentence (ending in '.', '!', '?' or a line break) that holds it. Default true (see <see cref="Threshold"/>).</summary>
    public bool Sentences { get; init; } = true;

    /// <summary>Also count, for the chosen level, the pair features' matches (reflections, questions to the seeker, ...). Default true.</summary>
    public bool PairFeatures { get; init; } = true;
}
