using PeerTriage.Lexicons;
using PeerTriage.Text;

namespace PeerTriage.Responses;

/// <summary>
/// Turns an answer into a fixed-length dense feature vector for <see cref="HelpfulnessRanker"/>. Implement it to add
/// features (such as an empathy model's outputs, or pair features of question and answer); wrap
/// <see cref="BasicHelpfulnessFeaturizer"/> to keep the basic ones. Implementations must be deterministic and
/// thread-safe, and must not keep answer text.
/// </summary>
public interface IHelpfulnessFeaturizer
{
    /// <summary>The features' names, one per vector entry, in order; the vector length is their count.</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Writes the features of <paramref name="answer"/> to <paramref name="features"/>.</summary>
    /// <param name="answer">The answer.</param>
    /// <param name="features">Receives one finite value per feature name; exactly that long.</param>
    void Featurize(HelpfulnessAnswer answer, Span<double> features);
}

/// <summary>
/// The built-in answer features: length, structure, person, and a few lexical cues of counselling style, all computed on
/// the library's own tokens (<c>TextAnalysis</c>: HTML to text, normalization, tokenization, so "you're" is "youre").
/// </summary>
/// <remarks>
/// <para>Features, in order ("words" are the word and number tokens; a rate is a count divided by the words, 0 for none):</para>
/// <list type="number">
/// <item><description><c>log_words</c>: ln(1 + words).</description></item>
/// <item><description><c>log_sentences</c>: ln(1 + sentences), a sentence being a run of text holding a letter or digit
/// and ending at '.', '!', '?' or the end of the text.</description></item>
/// <item><description><c>log_question_marks</c>: ln(1 + '?' chars).</description></item>
/// <item><description><c>log_exclamations</c>: ln(1 + '!' chars).</description></item>
/// <item><description><c>second_person_rate</c>: you, your, yours, yourself, yourselves, youre, youve, youll, youd, u,
/// ur.</description></item>
/// <item><description><c>first_person_rate</c>: i, me, my, mine, myself, im, ive, ill, id.</description></item>
/// <item><description><c>first_person_plural_rate</c>: we, us, our, ours, ourselves, weve ("were" and "well", the
/// canonical forms of "we're" and "we'll", are left out: they are mostly other words).</description></item>
/// <item><description><c>validation_rate</c>: words that acknowledge feelings or normalize them: understand,
/// understandable, normal, natural, common, valid, hear, sounds, feel, feeling, feelings, sorry, difficult, hard,
/// painful, overwhelming, overwhelmed.</description></item>
/// <item><description><c>suggestion_rate</c>: tentative suggestions: try, trying, suggest, recommend, consider,
/// perhaps, maybe, might, could, encourage, explore, practice.</description></item>
/// <item><description><c>directive_rate</c>: firm directives: should, must, need, needs, always, never.</description></item>
/// <item><description><c>professional_rate</c>: referral to professional help: therapist, therapists, therapy,
/// counselor, counsellor, counseling, counselling, professional, psychiatrist, psychologist, doctor, treatment,
/// clinician.</description></item>
/// <item><description><c>log_links</c>: ln(1 + links, e-mail addresses and phone numbers) (placeholder tokens).</description></item>
/// <item><description><c>question_overlap</c>: share of the question's distinct words of four or more chars that the
/// answer uses too (0 for a question without such words): a simple pair feature for answers that engage with what
/// was asked.</description></item>
/// </list>
/// <para>The word lists are this project's own, written from common descriptions of counselling micro-skills
/// (reflection and validation of feelings, tentative rather than directive suggestions, referral to professional help)
/// and of the pronoun-use findings in online peer-support research (more second-person focus in supportive replies).
/// They are cues, not judgements of quality.</para>
/// <para>Hot path: <see cref="Featurize"/> allocates nothing once the per-thread buffers fit the longest text seen.</para>
/// </remarks>
public sealed class BasicHelpfulnessFeaturizer : IHelpfulnessFeaturizer
{
    /// <summary>The most chars of an answer or question read: 20,000 (longer text is cut).</summary>
    public const int MaxTextLength = 20_000;

    private const int MaxTokens = MaxTextLength / 2;

    private enum Cue : byte
    {
        SecondPerson,
        FirstPerson,
        FirstPersonPlural,
        Validation,
        Suggestion,
        Directive,
        Professional,
    }

    private static readonly string[] Names =
    [
        "log_words", "log_sentences", "log_question_marks", "log_exclamations", "second_person_rate", "first_person_rate",
        "first_person_plural_rate", "validation_rate", "suggestion_rate", "directive_rate", "professional_rate",
        "log_links", "question_overlap",
    ];

    private static readonly Dictionary<string, Cue> Cues = BuildCues();

    private static readonly Dictionary<string, Cue>.AlternateLookup<ReadOnlySpan<char>> CueLookup = Cues.GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic]
    private static TextAnalysis? t_analysis;

    [ThreadStatic]
    private static HashSet<ulong>? t_questionWords;

    private BasicHelpfulnessFeaturizer()
    {
    }

    /// <summary>The featurizer (it has no settings).</summary>
    public static BasicHelpfulnessFeaturizer Instance { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<string> FeatureNames { get; } = Array.AsReadOnly(Names);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> or its question or text is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="features"/> is not exactly <see cref="FeatureNames"/> long.</exception>
    public void Featurize(HelpfulnessAnswer answer, Span<double> features)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Text is null || answer.Question is null)
            throw new ArgumentNullException(nameof(answer), $"The answer's {(answer.Text is null ? "text" : "question")} is null.");
        if (features.Length != Names.Length)
            throw new ArgumentException($"The feature vector must have {Names.Length} entries, not {features.Length}.", nameof(features));
        var analysis = t_analysis ??= new TextAnalysis();
        var questionWords = t_questionWords ??= [];

        // The question's longer words first; the same analysis buffers are then reused for the answer.
        questionWords.Clear();
        analysis.Analyze(null, answer.Question, MaxTextLength, MaxTokens);
        foreach (Token token in analysis.Tokens)
        {
            if (token.Kind == TokenKind.Word && token.Length >= 4)
                questionWords.Add(TermHash.Of(token.TextIn(analysis.TokenText)));
        }

        analysis.Analyze(null, answer.Text, MaxTextLength, MaxTokens);
        Span<int> cues = stackalloc int[7];
        int words = 0, links = 0, overlap = 0;
        foreach (Token token in analysis.Tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Word or TokenKind.Number:
                    words++;
                    ReadOnlySpan<char> text = token.TextIn(analysis.TokenText);
                    if (CueLookup.TryGetValue(text, out Cue cue))
                        cues[(int)cue]++;
                    // Removing counts each question word once.
                    if (token.Kind == TokenKind.Word && token.Length >= 4 && questionWords.Remove(TermHash.Of(text)))
                        overlap++;
                    break;
                case TokenKind.Placeholder:
                    links++;
                    break;
            }
        }
        int questionDistinct = overlap + questionWords.Count;
        var (sentences, questionMarks, exclamations) = Punctuation(analysis.Normalized);
        features[0] = Math.Log(1 + words);
        features[1] = Math.Log(1 + sentences);
        features[2] = Math.Log(1 + questionMarks);
        features[3] = Math.Log(1 + exclamations);
        for (int c = 0; c < cues.Length; c++)
            features[4 + c] = words > 0 ? (double)cues[c] / words : 0;
        features[11] = Math.Log(1 + links);
        features[12] = questionDistinct > 0 ? (double)overlap / questionDistinct : 0;
    }

    /// <summary>Sentences (runs holding a letter or digit, ended by . ! ? or the end), '?' and '!' chars.</summary>
    private static (int Sentences, int QuestionMarks, int Exclamations) Punctuation(ReadOnlySpan<char> text)
    {
        int sentences = 0, questions = 0, exclamations = 0;
        bool open = false;
        foreach (char c in text)
        {
            if (c is '.' or '!' or '?')
            {
                questions += c == '?' ? 1 : 0;
                exclamations += c == '!' ? 1 : 0;
                if (open)
                    sentences++;
                open = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                open = true;
            }
        }
        return (sentences + (open ? 1 : 0), questions, exclamations);
    }

    private static Dictionary<string, Cue> BuildCues()
    {
        var cues = new Dictionary<string, Cue>(StringComparer.Ordinal);
        void Add(Cue cue, params string[] words)
        {
            foreach (string word in words)
                cues.Add(word, cue);
        }
        Add(Cue.SecondPerson, "you", "your", "yours", "yourself", "yourselves", "youre", "youve", "youll", "youd", "u", "ur");
        Add(Cue.FirstPerson, "i", "me", "my", "mine", "myself", "im", "ive", "ill", "id");
        Add(Cue.FirstPersonPlural, "we", "us", "our", "ours", "ourselves", "weve");
        Add(Cue.Validation, "understand", "understandable", "normal", "natural", "common", "valid", "hear", "sounds", "feel",
            "feeling", "feelings", "sorry", "difficult", "hard", "painful", "overwhelming", "overwhelmed");
        Add(Cue.Suggestion, "try", "trying", "suggest", "recommend", "consider", "perhaps", "maybe", "might", "could",
            "encourage", "explore", "practice");
        Add(Cue.Directive, "should", "must", "need", "needs", "always", "never");
        Add(Cue.Professional, "therapist", "therapists", "therapy", "counselor", "counsellor", "counseling", "counselling",
            "professional", "psychiatrist", "psychologist", "doctor", "treatment", "clinician");
        return cues;
    }
}
