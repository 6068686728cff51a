using System.Text;
using PeerTriage.Text;

namespace PeerTriage.Tests.Text;

public class TextNormalizerTests
{
    [TestCase("  Hello   WORLD \t\n ", "hello world")]
    [TestCase("ONE\r\nTWO\u0000three\u007Ffour", "one two three four")]
    [TestCase("", "")]
    [TestCase("   \t\n", "")]
    [TestCase("It`s", "it's")]
    public void Ascii_is_folded_and_spaces_collapsed(string input, string expected)
    {
        TextNormalizer.Normalize(input).Should().Be(expected);
    }

    [TestCase("\uFF48\uFF45\uFF4C\uFF4C\uFF4F", "hello")]
    [TestCase("\uFF28\uFF25\uFF2C\uFF2C\uFF2F \uFF01", "hello !")]
    [TestCase("\uFB01ne", "fine")]
    [TestCase("\uFB02ow", "flow")]
    [TestCase("wait\u2026", "wait...")]
    [TestCase("\U0001D407\U0001D41E\U0001D425\U0001D429", "help")] // mathematical bold letters
    [TestCase("cafe\u0301", "caf\u00E9")]
    [TestCase("\u00C9COLE", "\u00E9cole")]
    [TestCase("\uFF76\uFF9E", "\u30AC")] // halfwidth katakana + voiced mark compose
    public void Applies_nfkc_and_lower_case(string input, string expected)
    {
        TextNormalizer.Normalize(input).Should().Be(expected);
    }

    [Test]
    public void Lower_cases_supplementary_letters()
    {
        TextNormalizer.Normalize("\U00010400").Should().Be("\U00010428"); // Deseret capital → small long i
    }

    [Test]
    public void Maps_typographic_quotes_to_ascii()
    {
        TextNormalizer.Normalize("don\u2019t \u2018quote\u2019 \u201Cdouble\u201D \u201Elow\u201C I\u02BCm 5\u2032 `x`")
            .Should().Be("don't 'quote' \"double\" \"low\" i'm 5' 'x'");
    }

    [Test]
    public void Control_and_format_characters_become_spaces()
    {
        TextNormalizer.Normalize("a\u0000b\u0007c\u200Bd\u200De\u0085f\u2028g").Should().Be("a b c d e f g");
        TextNormalizer.Normalize("\u200B\u200Bx\u200B").Should().Be("x");
    }

    [Test]
    public void C1_controls_become_spaces()
    {
        TextNormalizer.Normalize("a\u0080b\u009Fc\u00E9").Should().Be("a b c\u00E9");
    }

    [Test]
    public void Joining_format_characters_are_removed()
    {
        TextNormalizer.Normalize("soft\u00ADware\u2060s \uFEFFok").Should().Be("softwares ok");
    }

    [Test]
    public void Exotic_spaces_collapse()
    {
        TextNormalizer.Normalize("a\u00A0\u00A0b\u3000c\u2003 d\u202F").Should().Be("a b c d");
    }

    [Test]
    public void Unpaired_surrogates_and_noncharacters_become_replacement_chars()
    {
        // Built in code: lone surrogates do not survive the UTF-8 encoding of attribute arguments.
        (string Input, string Expected)[] cases =
        [
            ("a\uD800b", "a\uFFFDb"),             // lone high
            ("a\uDC00b", "a\uFFFDb"),             // lone low
            ("\uDE00x", "\uFFFDx"),               // low at the start
            ("x\uD83D", "x\uFFFD"),               // high at the end
            ("\uDE00\uD83D", "\uFFFD\uFFFD"),     // reversed pair
            ("\uD83D\uD83D\uDE00", "\uFFFD\U0001F600"),
            ("\u00E9\uD800", "\u00E9\uFFFD"),
            ("\u00E9\uFFFE\uFFFF", "\u00E9\uFFFD\uFFFD"),
        ];
        foreach (var (input, expected) in cases)
            TextNormalizer.Normalize(input).Should().Be(expected, "input {0}", Escape(input));
    }

    private static string Escape(string s) => string.Concat(s.Select(c => $"\\u{(int)c:X4}"));

    [Test]
    public void Valid_surrogate_pairs_survive()
    {
        TextNormalizer.Normalize("I'm \U0001F62D\U0001F62D").Should().Be("i'm \U0001F62D\U0001F62D");
    }

    [Test]
    public void Long_runs_of_combining_marks_are_cut()
    {
        string zalgo = "x" + new string('\u0301', 500) + new string('\u0316', 500) + " y";
        string result = TextNormalizer.Normalize(zalgo);
        result.Length.Should().BeLessThanOrEqualTo(1 + TextNormalizer.MaxCombiningRun + 2);
        result.Should().EndWith(" y");
    }

    [Test]
    public void Chunked_normalization_matches_whole_string_nfkc()
    {
        // Mixes of chars that compose across neighbours, with few ASCII chars, so chunk cuts land in awkward places.
        string[] pieces =
        [
            "\u1100", "\u1161", "\u11A8", "\uAC00", "\u304B", "\u3099", "\uFF76", "\uFF9E", "e", "\u0301", "\u0327",
            "\u4E00", "\u3400", "\uFB01", "\u2460", "\U0001F600", "\u0414", "\u00C5", " ", "A", "\u212B", "\u0915",
            "\u093C", "\u0B47", "\u0B3E",
        ];
        var random = new Random(1234);
        for (int round = 0; round < 50; round++)
        {
            var sb = new StringBuilder();
            while (sb.Length < 3000)
                sb.Append(pieces[random.Next(pieces.Length)]);
            string input = sb.ToString();
            TextNormalizer.Normalize(input).Should().Be(Reference(input), $"round {round}");
        }
    }

    [Test]
    public void Long_run_without_safe_cut_points_is_normalized()
    {
        string input = new string('\u0414', 5000); // Cyrillic capital De, no ASCII anywhere
        TextNormalizer.Normalize(input).Should().Be(new string('\u0434', 5000));
    }

    [Test]
    public void Large_expansion_is_not_lost_in_the_string_api()
    {
        string input = new string('\uFDFA', 100);
        TextNormalizer.Normalize(input).Should().Be(Reference(input));
    }

    [Test]
    public void Truncates_without_throwing_or_leaving_a_trailing_space()
    {
        foreach (string input in new[] { "Hello World", "H\u00C9llo W\u00F6rld", "ab\U0001F600cd" })
        {
            foreach (int size in new[] { 0, 1, 2, 3, 6 })
            {
                var dest = new char[size];
                int n = TextNormalizer.Normalize(input, dest);
                n.Should().BeLessThanOrEqualTo(size);
                string written = new string(dest, 0, n);
                written.Should().NotEndWith(" ");
                TextNormalizer.Normalize(input).Should().StartWith(written);
                if (n > 0)
                    char.IsHighSurrogate(written[^1]).Should().BeFalse();
            }
        }
        Span<char> six = stackalloc char[6];
        TextNormalizer.Normalize("Hello World", six).Should().Be(5);
        TextNormalizer.Normalize("ab\U0001F600", six[..3]).Should().Be(2);
    }

    [Test]
    public void Null_string_throws()
    {
        var act = () => TextNormalizer.Normalize(null!);
        act.Should().Throw<ArgumentNullException>();
    }

    /// <summary>Whole-string NFKC followed by the same folding, written the obvious (allocating) way.</summary>
    private static string Reference(string input)
    {
        string nfkc = input.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder();
        bool space = false;
        foreach (char c in nfkc)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
