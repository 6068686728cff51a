using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PeerTriage.Text;
using TestData = PeerTriage.TestSupport.TestData;

namespace PeerTriage.Tests.Text;

/// <summary>
/// Properties of the text pipeline and of scoring, checked by FsCheck on generated hostile strings. Each run uses a
/// fresh random seed; a failure prints the seed and the shrunk counter-example, so it can be replayed.
/// </summary>
public class TextPipelinePropertyTests
{
    private const int Tests = 500;

    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(Tests).WithQuietOnSuccess(true);

    // Markup fragments (balanced, broken and unterminated), entities (valid, invalid, surrogate code points), control
    // and format characters (bidi overrides, joiners, BOM, noncharacters), lone surrogates, emoji, combining marks,
    // compatibility characters NFKC changes, and ordinary words and tokens the tokenizer special-cases.
    private static readonly string[] Pieces =
    [
        "<b>", "<i>", "</b>", "</i>", "<", ">", "<<<", ">>>", "</", "<!", "<?", "<a href='", "<a x=\"", "<blockquote>",
        "</blockquote>", "<script>", "</script>", "<style>", "<!--", "-->", "<img title=\"", "\" src=x>", "<img alt=sad>",
        "<br/>", "<p>", "</p>", "<td>", "&", "&amp;", "&lt;3", "&#", "&#x", "&#x1F600;", "&#55296;", "&#xD800;", "&#99999999;",
        "&#128;", "&nbsp;", "&hellip;", "&bogus;", ";", "\"", "'", " ", "  ", "\n", "\r\n", "\r", "\t", "\0", "\u0001", "\u001B",
        "\u007F", "\u0085", "\u00A0", "\u00AD", "\u200B", "\u200D", "\u200E", "\u202E", "\u2066", "\u2028", "\u3000", "\uFEFF",
        "\uFFFE", "\uFFFF", "\uFFFD", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\U0001F62D", "\U0001F44D\U0001F3FD", "\u2764\uFE0F",
        "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\u0301", "\u0316", "\u0E31", "\uFF48\uFF45\uFF4C\uFF4C\uFF4F", "\uFB01",
        "\uFDFA", "\u2026", "\u2019", "\u201C", "\u0130", "\u00DF", "\u01C5", "\u03A9", "\u0414", "\u4F60", "\uAC00", "i", "want",
        "to", "die", "pills", "kill myself", "not", "happy", ":)", ":-(", "<3", "xD", "@user", "#tag", "http://x.y/z?a=1",
        "www.example.org", "a@b.cd", "555-123-4567", "1,000.5", "3:30am", "don't", "!!!", "???", "...", "--", "__",
    ];

    private static string Repeat(string unit, int times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString();

    /// <summary>Any UTF-16 code unit, weighted towards the troublesome ranges.</summary>
    private static readonly Gen<string> OneChar = Gen.Frequency(
        (4, Gen.Choose(0, 0xFFFF)),
        (1, Gen.Choose(0xD800, 0xDFFF)),
        (1, Gen.Choose(0, 0x1F)),
        (1, Gen.Choose(0x300, 0x36F)),
        (1, Gen.Choose(0x2000, 0x206F)))
        .Select(c => ((char)c).ToString());

    /// <summary>A piece, usually once, sometimes repeated up to a few thousand times.</summary>
    private static readonly Gen<string> Chunk =
        from piece in Gen.Frequency((3, Gen.Elements(Pieces)), (2, OneChar))
        from times in Gen.Frequency((12, Gen.Constant(1)), (2, Gen.Choose(2, 50)), (1, Gen.Choose(500, 4000)))
        select times == 1 ? piece : Repeat(piece, times);

    /// <summary>Deeply nested or broken markup: "&lt;b&gt;&lt;i&gt;&lt;b&gt;…", unclosed quotes, angle-bracket storms.</summary>
    private static readonly Gen<string> Nested =
        from open in Gen.Elements("<b><i>", "<blockquote>", "<div><blockquote>", "<<", "<a x='", "<!--", "<b", "&#x", "\u0301")
        from depth in Gen.Choose(1, 5000)
        from middle in Chunk
        from close in Gen.Elements("", "</i></b>", "</blockquote>", ">>", "'>", "-->")
        select Repeat(open, depth) + middle + Repeat(close, depth / 2);

    private static readonly Gen<string> Hostile = Gen.Frequency(
        (6, Chunk.ListOf().Select(string.Concat)),
        (2, Nested),
        (1, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)));

    private static readonly Arbitrary<string> HostileText = Hostile.ToArbitrary();

    private static bool IsLoneSurrogateAt(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])
        : char.IsLowSurrogate(s[i]) && (i == 0 || !char.IsHighSurrogate(s[i - 1]));

    [Test]
    public void Generator_really_produces_hostile_input()
    {
        // Guards the generator: if it stopped producing these, the properties below would pass vacuously.
        var sample = Hostile.Sample(300, new Rnd(7UL), 100);
        sample.Should().Contain(s => Enumerable.Range(0, s.Length).Any(i => IsLoneSurrogateAt(s, i)));
        sample.Should().Contain(s => s.Contains('\u202E', StringComparison.Ordinal) || s.Any(char.IsControl));
        sample.Should().Contain(s => s.Length > 10_000);
        sample.Should().Contain(s => s.Contains("<b><i><b><i>", StringComparison.Ordinal) || s.Contains("<blockquote><blockquote>", StringComparison.Ordinal));
    }

    [Test]
    public void Forum_html_never_throws_is_deterministic_and_never_grows()
    {
        Prop.ForAll(HostileText, html =>
        {
            string text = ForumHtml.ToText(html);
            if (!string.Equals(text, ForumHtml.ToText(html), StringComparison.Ordinal) || text.Length > html.Length)
                return false;
            // A small destination receives a prefix of the full text, never half a surrogate pair.
            var small = new char[17];
            int written = ForumHtml.ToText(html, small);
            return written <= small.Length
                && text.AsSpan().StartsWith(small.AsSpan(0, written))
                && (written == 0 || !char.IsHighSurrogate(small[written - 1]) || text.Length == written || !char.IsLowSurrogate(text[written]));
        }).Check(Checks);
    }

    [Test]
    public void Normalized_text_is_deterministic_well_formed_and_single_spaced()
    {
        Prop.ForAll(HostileText, raw =>
        {
            string normalized = TextNormalizer.Normalize(raw);
            if (!string.Equals(normalized, TextNormalizer.Normalize(raw), StringComparison.Ordinal))
                return false.Label("deterministic");
            for (int i = 0; i < normalized.Length; i++)
            {
                char c = normalized[i];
                if (IsLoneSurrogateAt(normalized, i))
                    return false.Label($"unpaired surrogate at {i}");
                if (c is '\uFFFE' or '\uFFFF')
                    return false.Label($"noncharacter at {i}");
                var category = char.GetUnicodeCategory(c);
                if (category is UnicodeCategory.Control or UnicodeCategory.Format)
                    return false.Label($"control or format char U+{(int)c:X4} at {i}");
            }
            bool spaced = !normalized.StartsWith(' ') && !normalized.EndsWith(' ') && !normalized.Contains("  ", StringComparison.Ordinal);
            return spaced.Label("single spaces, trimmed");
        }).Check(Checks);
    }

    [Test]
    public void Tokens_are_deterministic_non_empty_and_bounded()
    {
        Prop.ForAll(HostileText, raw =>
        {
            var tokens = Tokenizer.Tokenize(raw);
            var again = Tokenizer.Tokenize(raw);
            return tokens.SequenceEqual(again, StringComparer.Ordinal)
                && tokens.All(t => t.Length is > 0 and <= Tokenizer.MaxTokenLength);
        }).Check(Checks);
    }

    [Test]
    public void Scoring_never_throws_and_gives_the_same_finite_distribution_every_time()
    {
        var model = TestData.DemoModel;
        var contexts =
            from body in HostileText.Generator
            from subject in Gen.OneOf(Gen.Constant<string?>(null), Chunk.Select(s => (string?)s))
            from parent in Gen.OneOf(Gen.Constant<string?>(null), Chunk.Select(s => (string?)s))
            select (Message: new ForumMessage(body) { Subject = subject, Board = subject },
                Context: parent is null ? null : new ThreadContext(new ForumMessage(parent)) { ParentLevel = parent.Length % 4 });

        Prop.ForAll(contexts.ToArbitrary(), input =>
        {
            var first = model.Triage(input.Message, input.Context);
            Span<float> second = stackalloc float[model.Scheme.Count];
            int level = model.Triage(input.Message, input.Context, second);
            if (level != first.LevelIndex)
                return false.Label("same level");
            float sum = 0;
            for (int c = 0; c < second.Length; c++)
            {
                float p = first.Probabilities[c];
                if (BitConverter.SingleToInt32Bits(p) != BitConverter.SingleToInt32Bits(second[c]))
                    return false.Label($"probability {c} differs between runs");
                if (!float.IsFinite(p) || p < 0 || p > 1)
                    return false.Label($"probability {c} is {p}");
                sum += p;
            }
            return (Math.Abs(sum - 1) <= 1e-4f).Label($"probabilities sum to {sum}");
        }).Check(Checks);
    }
}
