using System.Globalization;
using PeerTriage.Data;
using PeerTriage.Lexicons;
using PeerTriage.Text;
using PeerTriage.Tests.Text.Reference;

namespace PeerTriage.Tests.Text;

/// <summary>
/// The one text front-end changed no output it did not mean to: the tokenizer (fast path or not) gives the tokens the
/// original tokenizer gave, and text-analysis version 1 of the lexicon step, now on the shared character classes and
/// emoticon table, reads every text exactly as the original scanner did. Checked on the demo corpus (the goldens'
/// corpus), the C-SSRS posts, and random and hostile strings.
/// </summary>
public class OneFrontEndTests
{
    private static IEnumerable<string> DemoTexts() => TestData.Corpus.Select(e => e.Message.Body);

    private static IEnumerable<string> RandomTexts(int seed, int count)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
            yield return i % 4 == 3 ? HostileText.Units(random, random.Next(1, 300)) : HostileText.Next(random, random.Next(1, 120));
    }

    [Test]
    public void No_emoji_code_point_is_a_word_char()
    {
        // The original scanner excluded emoji from word chars and the tokenizer did not: with this, both agree.
        for (int cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || !CharClasses.IsEmoji(cp))
                continue;
            CharClasses.IsWordCategory(CharUnicodeInfo.GetUnicodeCategory(cp)).Should().BeFalse("U+{0:X4} is an emoji", cp);
        }
    }

    [Test]
    public void Fast_and_general_paths_and_the_original_tokenizer_agree_on_random_text() =>
        AssertTokenizersAgree(RandomTexts(13, 20_000));

    [Test]
    public void Fast_and_general_paths_and_the_original_tokenizer_agree_on_the_demo_corpus() =>
        AssertTokenizersAgree(DemoTexts().Select(t => TextNormalizer.Normalize(ForumHtml.ToText(t))));

    [Test]
    [Category(TestData.RealData)]
    public void Fast_and_general_paths_and_the_original_tokenizer_agree_on_the_cssrs_posts() =>
        AssertTokenizersAgree(CssrsPosts().Select(t => TextNormalizer.Normalize(ForumHtml.ToText(t))));

    [Test]
    public void Tokenizers_agree_when_the_buffers_run_out()
    {
        var random = new Random(7);
        foreach (string text in RandomTexts(7, 3_000))
        {
            int tokens = random.Next(0, 40), chars = random.Next(0, 200);
            var fast = new Token[tokens];
            var fastText = new char[chars];
            var original = new Token[tokens];
            var originalText = new char[chars];
            int n = Tokenizer.Tokenize(text, fastText, fast, out int written);
            OriginalTokenizer.Tokenize(text, originalText, original, out int originalWritten).Should().Be(n, text);
            written.Should().Be(originalWritten, text);
            fastText.AsSpan(0, written).ToString().Should().Be(originalText.AsSpan(0, written).ToString(), text);
            for (int k = 0; k < n; k++)
                (fast[k].Start, fast[k].Length, fast[k].Kind).Should().Be((original[k].Start, original[k].Length, original[k].Kind), text);
        }
    }

    [Test]
    public void The_normalizer_writes_what_the_original_wrote_on_random_text() =>
        AssertNormalizersAgree(RandomTexts(17, 20_000).Concat(AsciiTexts(19, 20_000)));

    [Test]
    public void The_normalizer_writes_what_the_original_wrote_on_the_demo_corpus() =>
        AssertNormalizersAgree(DemoTexts().Select(ForumHtml.ToText));

    [Test]
    [Category(TestData.RealData)]
    public void The_normalizer_writes_what_the_original_wrote_on_the_cssrs_posts() =>
        AssertNormalizersAgree(CssrsPosts().Select(ForumHtml.ToText));

    [Test]
    public void Case_bits_and_line_breaks_are_the_same_on_the_vector_and_scalar_paths()
    {
        foreach (string text in AsciiTexts(23, 5_000).Concat(RandomTexts(29, 2_000)))
        {
            var fast = new char[text.Length * 4 + 16];
            var slow = new char[fast.Length];
            var fastUpper = new ulong[(fast.Length + 63) / 64];
            var slowUpper = new ulong[fastUpper.Length];
            var fastBreaks = new int[fast.Length];
            var slowBreaks = new int[fast.Length];
            int n = TextNormalizer.Normalize(text, fast, fastUpper, fastBreaks, out int breaks, fastPath: true);
            TextNormalizer.Normalize(text, slow, slowUpper, slowBreaks, out int slowBreakCount, fastPath: false).Should().Be(n);
            fast.AsSpan(0, n).SequenceEqual(slow.AsSpan(0, n)).Should().BeTrue(text);
            fastUpper.Should().Equal(slowUpper, text);
            fastBreaks.AsSpan(0, breaks).ToArray().Should().Equal(slowBreaks.AsSpan(0, slowBreakCount).ToArray(), text);
            for (int k = 0; k < n; k++)
            {
                bool bit = (fastUpper[k >> 6] & (1UL << k)) != 0;
                if (bit)
                    char.IsLower(fast[k]).Should().BeTrue("only lowered letters are marked, in '{0}'", text);
            }
        }
    }

    private static IEnumerable<string> AsciiTexts(int seed, int count)
    {
        // Mostly letters and single spaces, with the cases the vector path must hand back: runs of spaces, tabs,
        // line breaks, DEL, '`', control chars, and a buffer that fills up.
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789     .,!?'`\n\t\r\x7F\x01";
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var chars = new char[random.Next(0, 90)];
            for (int k = 0; k < chars.Length; k++)
                chars[k] = Alphabet[random.Next(Alphabet.Length)];
            yield return new string(chars);
        }
    }

    private static void AssertNormalizersAgree(IEnumerable<string> texts)
    {
        var random = new Random(31);
        int checkedTexts = 0;
        foreach (string text in texts)
        {
            // Buffers from tiny to ample, so stopping when full is compared too.
            int size = random.Next(4) == 0 ? random.Next(0, text.Length + 2) : text.Length * 4 + 16;
            var actual = new char[size];
            var slow = new char[size];
            var original = new char[size];
            int n = TextNormalizer.Normalize(text, actual);
            OriginalTextNormalizer.Normalize(text, original).Should().Be(n, text);
            TextNormalizer.Normalize(text, slow, default, default, out _, fastPath: false).Should().Be(n, text);
            actual.AsSpan(0, n).SequenceEqual(original.AsSpan(0, n)).Should().BeTrue(text);
            slow.AsSpan(0, n).SequenceEqual(original.AsSpan(0, n)).Should().BeTrue(text);
            checkedTexts++;
        }
        checkedTexts.Should().BePositive();
    }

    [Test]
    public void Version_1_reads_random_text_as_the_original_scanner_did() => AssertScannersAgree(RandomTexts(21, 20_000));

    [Test]
    public void Version_1_reads_the_demo_corpus_as_the_original_scanner_did() =>
        AssertScannersAgree(DemoTexts().Select(ForumHtml.ToText));

    [Test]
    [Category(TestData.RealData)]
    public void Version_1_reads_the_cssrs_posts_as_the_original_scanner_did() =>
        AssertScannersAgree(CssrsPosts().Select(ForumHtml.ToText));

    [Test]
    public void Token_spans_point_at_the_text_each_token_was_read_from()
    {
        foreach (string text in RandomTexts(5, 2_000).Concat(DemoTexts().Select(t => TextNormalizer.Normalize(ForumHtml.ToText(t)))))
        {
            var tokens = new Token[text.Length + 1];
            var buffer = new char[(text.Length * 3) + 16];
            int n = Tokenizer.Tokenize(text, buffer, tokens, out _);
            int previousEnd = 0;
            for (int k = 0; k < n; k++)
            {
                Token t = tokens[k];
                t.SourceStart.Should().BeGreaterThanOrEqualTo(previousEnd, text);
                t.SourceLength.Should().BePositive(text);
                previousEnd = t.SourceStart + t.SourceLength;
                previousEnd.Should().BeLessThanOrEqualTo(text.Length);
                if (t.Kind == TokenKind.Word && !text.AsSpan(t.SourceStart, t.SourceLength).ContainsAny('\'', '\u2019')
                    && t.SourceLength <= Tokenizer.MaxTokenLength && t.Length == t.SourceLength)
                {
                    buffer.AsSpan(t.Start, t.Length).ToString().Should().Be(text.Substring(t.SourceStart, t.SourceLength), text);
                }
            }
        }
    }

    private static void AssertTokenizersAgree(IEnumerable<string> texts)
    {
        int checkedTexts = 0;
        foreach (string text in texts)
        {
            var fast = new Token[text.Length + 1];
            var general = new Token[text.Length + 1];
            var original = new Token[text.Length + 1];
            var fastText = new char[(text.Length * 3) + 16];
            var generalText = new char[fastText.Length];
            var originalText = new char[fastText.Length];
            int n = Tokenizer.Tokenize(text, fastText, fast, out int written, fastPath: true);
            Tokenizer.Tokenize(text, generalText, general, out int generalWritten, fastPath: false).Should().Be(n, text);
            OriginalTokenizer.Tokenize(text, originalText, original, out int originalWritten).Should().Be(n, text);
            generalWritten.Should().Be(written);
            originalWritten.Should().Be(written);
            fast.AsSpan(0, n).ToArray().Should().Equal(general.AsSpan(0, n).ToArray(), "fast and general paths of '{0}'", text);
            for (int k = 0; k < n; k++)
                (fast[k].Start, fast[k].Length, fast[k].Kind).Should().Be((original[k].Start, original[k].Length, original[k].Kind), text);
            fastText.AsSpan(0, written).SequenceEqual(originalText.AsSpan(0, written)).Should().BeTrue(text);
            checkedTexts++;
        }
        checkedTexts.Should().BePositive();
    }

    private static void AssertScannersAgree(IEnumerable<string> texts)
    {
        int checkedTexts = 0;
        foreach (string text in texts)
        {
            var tokens = new ScanToken[text.Length + 1];
            var original = new ScanToken[text.Length + 1];
            var canon = new char[LexiconScanner.CanonCapacity(text.Length)];
            var originalCanon = new char[canon.Length];
            int n = LexiconScanner.Scan(text, tokens, canon, out int exclamations, out int questions);
            OriginalLexiconScanner.Scan(text, original, originalCanon, out int originalExclamations, out int originalQuestions).Should().Be(n, text);
            (exclamations, questions).Should().Be((originalExclamations, originalQuestions), text);
            tokens.AsSpan(0, n).ToArray().Should().Equal(original.AsSpan(0, n).ToArray(), "scanning '{0}'", text);
            checkedTexts++;
        }
        checkedTexts.Should().BePositive();
    }

    private static IEnumerable<string> CssrsPosts()
    {
        string path = TestData.SharedFile("data/cssrs/posts.csv");
        var rows = DatasetReader.LoadLabeled(path, new DatasetColumns { Text = "text", Label = "triage_weak", Group = "user" }, PriorityScheme.Default);
        return rows.Select(r => r.Message.Body);
    }
}
