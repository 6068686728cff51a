using System.Diagnostics;
using System.Text;
using PeerTriage.Text;

namespace PeerTriage.Tests.Text;

public class TextPipelineRobustnessTests
{
    private const string AsciiMessage =
        "<p>Hi all, I don't know what to do anymore... I've been feeling sooooo low :( and can't sleep!!! "
        + "My therapist (call 555-123-4567) says it'll pass &amp; to post here. @helper thanks &lt;3</p>"
        + "<blockquote>You wrote: it gets better</blockquote><img class=\"emoticon\" title=\"Sad\" src=\"/e/sad.gif\">"
        + "See https://example.org/help or mail me at someone@example.com. It's 3:30am and I took 2 pills.";

    private const string UnicodeMessage =
        "<p>Ｉ ｃａｎ’ｔ do this anymore\u2026 \U0001F62D\U0001F62D\U0001F62D I\u2019m “fine” café naïve ﬁne "
        + "\U0001F44D\U0001F3FD \u2764\uFE0F Ünïcödé stuff – really\u00A0tired</p>";

    private static readonly string[] Samples =
    [
        AsciiMessage, UnicodeMessage, "", " ", "<", "&", "\uD800", "\uDC00", "\U0001F600", ":)", "<3", "@a",
        "a@b.cd", "5551234567", "www.x.com", "\u0301\u0301", "\uFDFA", "don't", "!!!",
    ];

    [Test]
    public void Tiny_buffers_never_throw_and_are_respected()
    {
        foreach (string sample in Samples)
        {
            foreach (int size in new[] { 0, 1, 3 })
            {
                var dest = new char[size];
                ForumHtml.ToText(sample, dest).Should().BeInRange(0, size, sample);
                TextNormalizer.Normalize(sample, dest).Should().BeInRange(0, size, sample);

                string normalized = TextNormalizer.Normalize(sample);
                foreach (int tokenCap in new[] { 0, 1, 3 })
                {
                    var tokens = new Token[tokenCap];
                    int count = Tokenizer.Tokenize(normalized, dest, tokens, out int written);
                    count.Should().BeInRange(0, tokenCap, sample);
                    written.Should().BeInRange(0, size, sample);
                    foreach (Token token in tokens.AsSpan(0, count))
                        (token.Start + token.Length).Should().BeLessThanOrEqualTo(written, sample);
                }
            }
        }
    }

    [Test]
    public void Megabyte_of_garbage_finishes_and_respects_the_caps()
    {
        var random = new Random(42);
        const string markup = "<>&#;/!?'\" \n:()=-_@.,x3Dp<blockquote></blockquote><img title=a>&amp;&#x1F600;";
        var chars = new char[1 << 20];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => markup[random.Next(markup.Length)],
                1 => (char)random.Next(0x20, 0x7F),
                2 => (char)random.Next(0, 0x10000), // includes lone surrogates and control chars
                _ => (char)random.Next(0x300, 0x370), // combining marks
            };
        }
        var html = new string(chars);

        var watch = Stopwatch.StartNew();
        var text = new char[html.Length];
        int textLength = ForumHtml.ToText(html, text);
        var normalized = new char[textLength * 2];
        int normalizedLength = TextNormalizer.Normalize(text.AsSpan(0, textLength), normalized);
        var tokenText = new char[4096];
        var tokens = new Token[512];
        int count = Tokenizer.Tokenize(normalized.AsSpan(0, normalizedLength), tokenText, tokens, out int written);
        watch.Stop();

        textLength.Should().BeInRange(1, html.Length);
        normalizedLength.Should().BeGreaterThan(0);
        count.Should().BeInRange(1, tokens.Length);
        written.Should().BeInRange(1, tokenText.Length);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    private static IEnumerable<TestCaseData> Adversarial()
    {
        const int size = 1 << 20;
        static string Repeat(string unit) => new StringBuilder(size + unit.Length).Insert(0, unit, size / unit.Length).ToString();
        yield return new TestCaseData(Repeat("<a x='")).SetName("Adversarial_unclosed_quotes");
        yield return new TestCaseData(Repeat("<a")).SetName("Adversarial_unclosed_tags");
        yield return new TestCaseData(Repeat("<a b=\"c>")).SetName("Adversarial_quoted_gt");
        yield return new TestCaseData(Repeat("<blockquote>")).SetName("Adversarial_deep_blockquotes");
        yield return new TestCaseData(Repeat("<script></scrip")).SetName("Adversarial_script_near_misses");
        yield return new TestCaseData(Repeat("<!-")).SetName("Adversarial_comment_near_misses");
        yield return new TestCaseData("&#x" + Repeat("f")).SetName("Adversarial_long_numeric_entity");
        yield return new TestCaseData(Repeat("&#")).SetName("Adversarial_entity_starts");
        yield return new TestCaseData(Repeat("a.")).SetName("Adversarial_dotted_words");
        yield return new TestCaseData(Repeat("a@")).SetName("Adversarial_at_signs");
        yield return new TestCaseData(Repeat("a@b")).SetName("Adversarial_emails_without_dots");
        yield return new TestCaseData(Repeat("1 ")).SetName("Adversarial_spaced_digits");
        yield return new TestCaseData(Repeat("1 2 3 a ")).SetName("Adversarial_short_digit_groups");
        yield return new TestCaseData(Repeat("(:")).SetName("Adversarial_emoticon_starts");
        yield return new TestCaseData(Repeat("http://")).SetName("Adversarial_url_prefixes");
        yield return new TestCaseData("x" + Repeat("\u0301")).SetName("Adversarial_combining_marks");
        yield return new TestCaseData(Repeat("\u0316\u0301")).SetName("Adversarial_alternating_marks");
        yield return new TestCaseData(Repeat("\u0414")).SetName("Adversarial_no_safe_cut");
        yield return new TestCaseData(Repeat("\uD800")).SetName("Adversarial_lone_surrogates");
        yield return new TestCaseData(Repeat("\U0001F62D")).SetName("Adversarial_emoji");
        yield return new TestCaseData(Repeat("a")).SetName("Adversarial_one_long_word");
    }

    [TestCaseSource(nameof(Adversarial))]
    public void Adversarial_input_runs_in_linear_time(string input)
    {
        var watch = Stopwatch.StartNew();
        var text = new char[input.Length];
        int textLength = ForumHtml.ToText(input, text);
        var normalized = new char[textLength + 16];
        int normalizedLength = TextNormalizer.Normalize(text.AsSpan(0, textLength), normalized);
        var tokenText = new char[normalizedLength * 3 + 16];
        var tokens = new Token[normalizedLength + 1];
        Tokenizer.Tokenize(normalized.AsSpan(0, normalizedLength), tokenText, tokens, out _);
        watch.Stop();
        // A quadratic pass over 1M chars would take minutes; linear ones take milliseconds.
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
    }

    [Test]
    public void Ascii_span_apis_do_not_allocate()
    {
        MeasureAllocation(AsciiMessage).Should().Be(0);
    }

    [Test]
    public void Common_non_ascii_span_apis_do_not_allocate()
    {
        // Accents, curly quotes, dashes, "…", no-break spaces and emoji: what English forum posts actually contain.
        const string message =
            "<p>I can\u2019t do this anymore\u2026 \U0001F62D\U0001F62D\U0001F62D I\u2019m \u201Cfine\u201D caf\u00E9 "
            + "na\u00EFve \U0001F44D\U0001F3FD \u2764\uFE0F \u00DCn\u00EFc\u00F6d\u00E9 \u2013 really\u00A0tired "
            + "\u043F\u0440\u0438\u0432\u0435\u0442 \u4F60\u597D</p>";
        MeasureAllocation(message).Should().Be(0);
    }

    [Test]
    public void Text_needing_nfkc_allocates_only_inside_the_runtime_normalizer_and_boundedly()
    {
        // Documented exception: the runtime's NFKC allocates about 100 bytes per call, one call per chunk.
        MeasureAllocation(UnicodeMessage).Should().BeLessThanOrEqualTo(1000L * 256);
    }

    [Test]
    public void Nfkc_stable_allowlist_is_really_stable()
    {
        string[] before = ["a", "E", "o", "\u0418", "\u304B", "\u1100", "\u1161", "\uAC00", "\u0B47", "\u0915", "\u00E9"];
        int checkedCount = 0;
        for (int cp = 0x80; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || !TextNormalizer.IsNfkcStable(cp))
                continue;
            string c = char.ConvertFromUtf32(cp);
            c.Normalize(NormalizationForm.FormKC).Should().Be(c, "U+{0:X4} is on the allowlist", cp);
            foreach (string p in before)
            {
                string pair = p + c;
                if (!pair.IsNormalized(NormalizationForm.FormKC))
                    Assert.Fail($"U+{cp:X4} after U+{(int)p[0]:X4} changes under NFKC");
            }
            checkedCount++;
        }
        checkedCount.Should().BeGreaterThan(30_000);
    }

    /// <summary>Bytes allocated on this thread by 1,000 runs of the span pipeline, after a warm-up.</summary>
    private static long MeasureAllocation(string message)
    {
        var text = new char[1024];
        var normalized = new char[1024];
        var tokenText = new char[1024];
        var tokens = new Token[256];
        int count = 0;
        for (int i = 0; i < 50; i++)
            count = RunPipeline(message, text, normalized, tokenText, tokens);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            count = RunPipeline(message, text, normalized, tokenText, tokens);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        count.Should().BeGreaterThan(10);
        return allocated;
    }

    private static int RunPipeline(string message, char[] text, char[] normalized, char[] tokenText, Token[] tokens)
    {
        int textLength = ForumHtml.ToText(message, text);
        int normalizedLength = TextNormalizer.Normalize(text.AsSpan(0, textLength), normalized);
        return Tokenizer.Tokenize(normalized.AsSpan(0, normalizedLength), tokenText, tokens, out _);
    }
}
