using System.Diagnostics.CodeAnalysis;
using PeerTriage.Lexicons;

namespace PeerTriage.Features;

/// <summary>
/// Pair features of a (seeker post, response) pair: dense features of the response read against the post it answers
/// (the message's <see cref="ThreadContext.Parent"/>). Used by response assessment (<c>PeerTriage.Responses</c>); off
/// (null) in <see cref="FeaturePipeline.Default"/>, so triage models are unchanged.
/// </summary>
/// <remarks>
/// Dense features, in this order (see <see cref="PairFeaturizer"/>):
/// <list type="number">
/// <item><description>for each category c of <see cref="Lexicon"/>: "pair.c" = ln(1 + summed weight of its phrases
/// in the response); the built-in categories are reflection, shared_experience, advice, minimizing, referral and
/// sympathy;</description></item>
/// <item><description>with <see cref="Structure"/>: "pair.question_to_seeker" (ln(1 + questions that address the
/// reader with you/your)), "pair.questions" (ln(1 + question sentences)), "pair.second_person" and
/// "pair.first_person" (share of the response's words that are second- or first-person pronouns) and "pair.length"
/// (ln(1 + words) / 4);</description></item>
/// <item><description>with <see cref="SeekerEcho"/>: "pair.seeker_echo" (share of the seeker post's distinct content
/// words that the response repeats) and "pair.no_seeker" (1 when no seeker post was given).</description></item>
/// </list>
/// </remarks>
public sealed record PairFeatureOptions
{
    private readonly Lexicon _lexicon = PairFeatureLexicon.BuiltIn;

    /// <summary>The default: the built-in response-move lexicon, structure and echo features.</summary>
    public static PairFeatureOptions Default { get; } = new();

    /// <summary>
    /// The phrase lexicon whose categories become "pair.&lt;category&gt;" features. Default
    /// <see cref="PairFeatureLexicon.BuiltIn"/> (written for PeerTriage; see its file header for the sources of its ideas).
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public Lexicon Lexicon
    {
        get => _lexicon;
        init => _lexicon = value ?? throw new ArgumentNullException(nameof(Lexicon));
    }

    /// <summary>Question, pronoun-rate and length features of the response. Default true.</summary>
    public bool Structure { get; init; } = true;

    /// <summary>How much of the seeker post's vocabulary the response echoes, and whether there was a seeker post. Default true.</summary>
    public bool SeekerEcho { get; init; } = true;
}

/// <summary>The built-in response-move lexicon of <see cref="PairFeatureOptions"/>.</summary>
public static class PairFeatureLexicon
{
    /// <summary>The name of <see cref="BuiltIn"/>.</summary>
    public const string Name = "peertriage-pairs";

    /// <summary>The version of <see cref="BuiltIn"/>; it changes whenever the phrase list changes.</summary>
    public const string Version = "1";

    private static readonly Lazy<Lexicon> s_builtIn = new(() =>
    {
        const string resource = "PeerTriage.Lexicons.BuiltIn.pairs.tsv";
        using Stream stream = typeof(PairFeatureLexicon).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the PeerTriage assembly.");
        using var reader = new StreamReader(stream);
        return LexiconReader.ReadTermCategory(reader, Name, "pairs.tsv", Version);
    });

    /// <summary>
    /// Phrases of six response moves (categories reflection, shared_experience, advice, minimizing, referral, sympathy),
    /// written by the PeerTriage authors from the ideas of EPITOME's three empathy mechanisms (Sharma et al. 2020),
    /// motivational interviewing's reflections and open questions (Miller and Rollnick) and counselling micro-skills.
    /// </summary>
    public static Lexicon BuiltIn => s_builtIn.Value;

    /// <summary>Finds the built-in lexicon by name and version, as recorded in a model manifest.</summary>
    internal static bool TryGet(string name, string version, [NotNullWhen(true)] out Lexicon? lexicon)
    {
        lexicon = name == Name && version == Version ? BuiltIn : null;
        return lexicon is not null;
    }
}
