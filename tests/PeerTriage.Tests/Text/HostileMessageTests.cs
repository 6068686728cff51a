using System.Text;
using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Tests.Text;

/// <summary>
/// Huge messages cost bounded work because of the documented caps (<see cref="NGramOptions.MaxTextLength"/>,
/// <see cref="NGramOptions.MaxTokens"/>): shown by the features being exactly those of the truncated text, rather
/// than by timing. Pathological Unicode and absurdly deep markup must not throw or overflow the stack.
/// </summary>
public class HostileMessageTests
{
    private static readonly NGramOptions Caps = NGramOptions.Default;

    /// <summary>Lower-case ASCII words joined by single spaces: text that HTML stripping and normalization leave as it is.</summary>
    private static string Words(int length, int minWord, int maxWord, int seed)
    {
        string[] vocabulary = ["i", "feel", "hopeless", "pills", "tonight", "friend", "thanks", "die", "school", "sleep", "alone", "better", "help"];
        var random = new Random(seed);
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            if (text.Length > 0)
                text.Append(' ');
            if (random.Next(3) == 0)
            {
                text.Append(vocabulary[random.Next(vocabulary.Length)]);
                continue;
            }
            int n = random.Next(minWord, maxWord + 1);
            for (int i = 0; i < n; i++)
                text.Append((char)('a' + random.Next(26)));
        }
        return text.ToString(0, length);
    }

    private sealed record Features(int[] Buckets, float[] Values, float[] Dense, float[] Probabilities);

    private static Features Extract(TriageModel model, string body)
    {
        var message = new ForumMessage(body);
        var builder = new FeatureBuilder();
        int n = model.Featurizer.Extract(message, null, builder);
        return new Features(
            builder.Buckets.AsSpan(0, n).ToArray(),
            builder.Values.AsSpan(0, n).ToArray(),
            builder.Dense.AsSpan(0, model.Featurizer.DenseCount).ToArray(),
            model.Triage(message).Probabilities.ToArray());
    }

    private static void ShouldBeIdentical(Features actual, Features expected)
    {
        actual.Buckets.Should().Equal(expected.Buckets);
        actual.Values.Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Values.Select(BitConverter.SingleToInt32Bits));
        actual.Dense.Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Dense.Select(BitConverter.SingleToInt32Bits));
        actual.Probabilities.Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Probabilities.Select(BitConverter.SingleToInt32Bits));
    }

    [Test]
    public void Five_megabytes_of_text_score_as_their_first_max_text_length_chars()
    {
        var model = TestData.DemoModel;
        model.Features.NGrams.MaxTextLength.Should().Be(Caps.MaxTextLength);
        string body = Words(5 * 1024 * 1024, 2, 9, seed: 1);
        string truncated = body[..Caps.MaxTextLength];
        ForumHtml.ToText(truncated).Should().Be(truncated, "the test text must pass HTML stripping unchanged");
        Tokenizer.Tokenize(truncated).Count.Should().BeLessThan(Caps.MaxTokens, "here the text cap, not the token cap, must bind");

        var full = Extract(model, body);

        full.Buckets.Should().NotBeEmpty();
        ShouldBeIdentical(full, Extract(model, truncated));
        // Text just past the cap would change them: the cap is what makes the two equal.
        Extract(model, body[..(Caps.MaxTextLength + 200)]).Buckets.Should().Equal(full.Buckets);
        Extract(model, body[..(Caps.MaxTextLength - 200)]).Buckets.Should().NotEqual(full.Buckets);
    }

    [Test]
    public void Text_of_many_short_words_takes_its_ngrams_from_the_first_max_tokens_tokens()
    {
        var model = TestData.DemoModel;
        // Two-letter words: 16,384 chars hold about 5,461 of them, so the token cap binds first.
        var random = new Random(2);
        var words = Enumerable.Range(0, 200_000).Select(_ => string.Concat((char)('a' + random.Next(26)), (char)('a' + random.Next(26)))).ToArray();
        string body = string.Join(' ', words);
        string firstTokens = string.Join(' ', words.Take(Caps.MaxTokens));
        Tokenizer.Tokenize(firstTokens).Count.Should().Be(Caps.MaxTokens);

        var full = Extract(model, body);

        var tokenCapped = Extract(model, firstTokens);
        full.Buckets.Should().Equal(tokenCapped.Buckets);
        full.Values.Select(BitConverter.SingleToInt32Bits).Should().Equal(tokenCapped.Values.Select(BitConverter.SingleToInt32Bits));
        Extract(model, string.Join(' ', words.Take(Caps.MaxTokens - 1))).Buckets.Should().NotEqual(full.Buckets);
        // Lexicon features read all the text the character cap keeps (documented on NGramOptions.MaxTokens).
        ShouldBeIdentical(full, Extract(model, body[..Caps.MaxTextLength]));
    }

    [Test]
    public void A_one_megabyte_word_scores_as_its_first_max_text_length_chars()
    {
        var model = TestData.DemoModel;
        var word = new char[1024 * 1024];
        for (int i = 0; i < word.Length; i++)
            word[i] = (char)('a' + (i * 7 % 26));
        string body = new(word);

        ShouldBeIdentical(Extract(model, body), Extract(model, body[..Caps.MaxTextLength]));
        Tokenizer.Tokenize(body).Should().ContainSingle().Which.Length.Should().Be(Tokenizer.MaxTokenLength);
    }

    private static IEnumerable<TestCaseData> Pathological()
    {
        static string Repeat(string unit, int times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString();
        yield return new TestCaseData(Repeat("\uDC00\uD800", 50_000)).SetName("Only_unpaired_surrogates");
        yield return new TestCaseData(Repeat("\uD800", 30_000) + "help" + Repeat("\uDFFF", 30_000)).SetName("Surrogate_walls_around_a_word");
        yield return new TestCaseData(Repeat("\u202Eekil leef i ", 10_000) + Repeat("\u202D\u202B\u2067", 10_000)).SetName("Bidi_overrides_and_isolates");
        yield return new TestCaseData(Repeat("i\u200Dwant\u200D\u200C\u2060to\u200D", 20_000)).SetName("Zero_width_joiner_storm");
        yield return new TestCaseData(Repeat("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D", 20_000)).SetName("Endless_emoji_sequence");
        yield return new TestCaseData("e" + Repeat("\u0301", 10_000)).SetName("Ten_thousand_combining_marks_on_one_letter");
        yield return new TestCaseData(Repeat("a" + Repeat("\u0316\u0301\u0489", 3_000) + " ", 20)).SetName("Combining_storms_on_many_letters");
        yield return new TestCaseData(Repeat("<b>", 100_000) + "i can't go on" + Repeat("</b>", 100_000)).SetName("Html_nested_100000_deep");
        yield return new TestCaseData(Repeat("<blockquote><div>", 100_000) + "quoted").SetName("Blockquotes_nested_100000_deep_never_closed");
        yield return new TestCaseData(Repeat("<b><i><u>", 100_000)).SetName("Open_tags_100000_deep_no_text");
        yield return new TestCaseData(Repeat("<<<>>>", 100_000) + Repeat("&#x", 50_000)).SetName("Angle_bracket_and_entity_storm");
    }

    [TestCaseSource(nameof(Pathological))]
    public void Pathological_input_scores_and_explains_without_throwing(string body)
    {
        var model = TestData.DemoModel;
        var message = new ForumMessage(body) { Subject = body[..Math.Min(body.Length, 1000)] };

        var result = model.Triage(message, new ThreadContext(new ForumMessage(body)));
        var explanation = model.Explain(message);

        result.Probabilities.ToArray().Should().OnlyContain(p => float.IsFinite(p) && p >= 0 && p <= 1);
        result.Probabilities.ToArray().Sum().Should().BeApproximately(1f, 1e-4f);
        explanation.Result.LevelIndex.Should().Be(model.Triage(message).LevelIndex);
        // The string APIs have no caps; they must cope with the whole input.
        TextNormalizer.Normalize(ForumHtml.ToText(body)).Length.Should().BeLessThanOrEqualTo(body.Length * 18);
        Tokenizer.Tokenize(body).Should().NotContain(t => t.Length == 0 || t.Length > Tokenizer.MaxTokenLength);
    }
}
