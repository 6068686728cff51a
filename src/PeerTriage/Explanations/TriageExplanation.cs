namespace PeerTriage.Explanations;

/// <summary>What kind of evidence a <see cref="FeatureContribution"/> is.</summary>
public enum ContributionKind
{
    /// <summary>A word n-gram, shown as its text.</summary>
    WordNGram,

    /// <summary>The character n-grams of one word, summed, shown as the word.</summary>
    CharacterNGrams,

    /// <summary>Everything that cannot be shown as text: n-grams too rare to keep (fewer than K authors), hash collisions.</summary>
    Other,

    /// <summary>The model's bias difference between the two levels: its prior, before reading any text.</summary>
    Bias,

    /// <summary>A lexicon feature (a risk category, sentiment), shown with the terms that matched.</summary>
    Lexicon,

    /// <summary>A thread-context cue: position, role, timing, the parent's text or level, the author's history, the board.</summary>
    Context,

    /// <summary>Two-stage models: the text model's probabilities, as the second stage weighs them.</summary>
    TextModel,
}

/// <summary>One piece of evidence and how far it pushed toward the chosen level (positive) or away from it (negative).</summary>
/// <param name="Feature">Human-readable text: an n-gram, a word, or a description.</param>
/// <param name="Kind">The kind of evidence.</param>
/// <param name="Contribution">Signed contribution to the (calibrated) logit difference between the two levels.</param>
public readonly record struct FeatureContribution(string Feature, ContributionKind Kind, double Contribution);

/// <summary>
/// Why a message got its level: the features that moved its logit for the chosen level relative to the level below
/// (for the lowest level: relative to the level above). All contributions, including <see cref="Bias"/> and
/// <see cref="Other"/>, sum to <see cref="LogitDifference"/>.
/// </summary>
public sealed class TriageExplanation
{
    internal TriageExplanation(TriageResult result, int comparedWith, double logitDifference, FeatureContribution bias,
        FeatureContribution other, IReadOnlyList<FeatureContribution> top, IReadOnlyList<FeatureContribution> all)
    {
        Result = result;
        ComparedWithIndex = comparedWith;
        LogitDifference = logitDifference;
        Bias = bias;
        Other = other;
        Top = top;
        All = all;
    }

    /// <summary>The triage result being explained.</summary>
    public TriageResult Result { get; }

    /// <summary>The level the chosen one is compared with.</summary>
    public int ComparedWithIndex { get; }

    /// <summary>The compared level's name.</summary>
    public string ComparedWith => Result.Scheme.NameOf(ComparedWithIndex);

    /// <summary>The calibrated logit of the chosen level minus that of the compared level.</summary>
    public double LogitDifference { get; }

    /// <summary>The bias term's share.</summary>
    public FeatureContribution Bias { get; }

    /// <summary>The summed share of everything not shown as text.</summary>
    public FeatureContribution Other { get; }

    /// <summary>The largest contributions by absolute value, largest first.</summary>
    public IReadOnlyList<FeatureContribution> Top { get; }

    /// <summary>Every named contribution (not <see cref="Bias"/> or <see cref="Other"/>), largest absolute value first.</summary>
    public IReadOnlyList<FeatureContribution> All { get; }

    /// <summary>A readable multi-line rendering for terminals and logs.</summary>
    public string ToText()
    {
        var sb = new System.Text.StringBuilder();
        var p = Result.Probabilities;
        sb.AppendLine($"level: {Result.Level} (p={p[Result.LevelIndex]:0.000}); compared with {ComparedWith} (p={p[ComparedWithIndex]:0.000})");
        sb.AppendLine($"logit difference {Result.Level} − {ComparedWith}: {LogitDifference:+0.000;-0.000}");
        foreach (var c in Top)
            sb.AppendLine($"  {c.Contribution,8:+0.000;-0.000}  {Describe(c)}");
        sb.AppendLine($"  {Other.Contribution,8:+0.000;-0.000}  {Other.Feature}");
        sb.Append($"  {Bias.Contribution,8:+0.000;-0.000}  {Bias.Feature}");
        return sb.ToString();

        static string Describe(FeatureContribution c) => c.Kind switch
        {
            ContributionKind.WordNGram => $"\"{c.Feature}\"",
            ContributionKind.CharacterNGrams => $"spelling of \"{c.Feature}\" (character n-grams)",
            _ => c.Feature,
        };
    }

    /// <inheritdoc />
    public override string ToString() => ToText();
}
