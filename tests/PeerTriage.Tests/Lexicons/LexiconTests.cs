using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Lexicons;

public class LexiconTests
{
    private static Lexicon Make(params (string Term, string Category, double Weight)[] entries) =>
        new("test", entries.Select(e => new LexiconEntry(e.Term, e.Category, e.Weight)));

    [Test]
    public void Terms_are_canonicalized_like_the_tokenizer_does()
    {
        var lexicon = Make(("Don't   GIVE up", "a", 1), ("Sooooo sad", "a", 1), ("self-harm", "a", 1), (":-)", "a", 1));
        lexicon.Entries.Select(e => e.Term).Should().Equal("dont give up", "soo sad", "self harm", ":)");
    }

    [TestCase("I don't know")]
    [TestCase("SOOOOO tired!!! :-) <333 www.example.com/x ok")]
    [TestCase("Can’t   stop… crying :'( 😭😭 👍🏽 ❤️")]
    [TestCase("caf\u00e9 na\u00efve \u00fcber 20mg xD T_T")]
    public void Scanner_words_equal_the_tokenizers_word_emoticon_and_emoji_tokens(string text)
    {
        var tokens = new ScanToken[text.Length + 1];
        var canon = new char[LexiconScanner.CanonCapacity(text.Length)];
        int n = LexiconScanner.Scan(text, tokens, canon, out _, out _);
        var ours = tokens.Take(n).Select(t => new string(canon, t.CanonStart, t.CanonLength));
        var theirs = PeerTriage.Text.Tokenizer.Tokenize(text).Where(t => t is not ("!" or "!!" or "?" or "??" or "?!" or "..." or "<url>"));
        ours.Should().Equal(theirs);
    }

    [Test]
    public void Scanner_marks_caps_negators_but_and_clause_starts()
    {
        const string text = "I DIDN'T like it, but fine";
        var tokens = new ScanToken[32];
        int n = LexiconScanner.Scan(text, tokens, new char[64], out _, out _);
        n.Should().Be(6);
        tokens[0].Has(ScanFlags.AllCaps).Should().BeTrue();
        tokens[0].Has(ScanFlags.ClauseStart).Should().BeTrue();
        tokens[1].Has(ScanFlags.AllCaps | ScanFlags.Negator).Should().BeTrue();
        tokens[1].Has(ScanFlags.Negator).Should().BeTrue();
        tokens[2].Has(ScanFlags.AllCaps).Should().BeFalse();
        tokens[4].Has(ScanFlags.ClauseStart).Should().BeTrue();
        tokens[4].Has(ScanFlags.But).Should().BeTrue();
        tokens[3].Has(ScanFlags.ClauseStart).Should().BeFalse();
    }

    [Test]
    public void Longest_phrase_wins_and_consumes_its_words()
    {
        var lexicon = Make(("hope", "protective", 1), ("no hope", "hopelessness", 1), ("no hope left at all", "hopelessness", 2));
        lexicon.Find("there is no hope left at all").Select(m => m.Term).Should().Equal("no hope left at all");
        lexicon.Find("there is no hope here").Select(m => m.Term).Should().Equal("no hope");
        lexicon.Find("I hope so").Select(m => m.Term).Should().Equal("hope");
    }

    [Test]
    public void Phrases_match_inside_a_clause_only_and_report_their_source_span()
    {
        var lexicon = Make(("end it all", "x", 1));
        const string text = "I will END it ALL tonight";
        var match = lexicon.Find(text).Should().ContainSingle().Subject;
        text.Substring(match.Start, match.Length).Should().Be("END it ALL");
        lexicon.Find("end it. all").Should().BeEmpty();
    }

    [Test]
    public void A_term_in_several_categories_matches_once_per_category()
    {
        var lexicon = Make(("pills", "plan_means", 1), ("pills", "substance_use", 0.5));
        lexicon.Find("the pills").Select(m => (m.Category, m.Weight)).Should().Equal(("plan_means", 1.0), ("substance_use", 0.5));
        lexicon.Lookup("PILLS").Should().HaveCount(2);
        lexicon.Lookup("tablets").Should().BeEmpty();
        lexicon.TermCount.Should().Be(1);
    }

    [Test]
    public void Categories_keep_first_appearance_order()
    {
        var lexicon = Make(("a", "zeta", 1), ("b", "alpha", 1), ("c", "zeta", 1), ("d", "mid", 1));
        lexicon.Categories.Should().Equal("zeta", "alpha", "mid");
    }

    [Test]
    public void Duplicates_keep_the_exact_spelling_else_the_first()
    {
        var lexicon = Make(("(:", "valence", 1.5), (":)", "valence", 2), (":-)", "valence", 3), ("x", "c", 1), ("X", "c", 5));
        lexicon.Lookup(":)").Single().Weight.Should().Be(2);
        lexicon.Lookup("x").Single().Weight.Should().Be(1);
        lexicon.Entries.Should().HaveCount(2);
    }

    [Test]
    public void Rebuilding_from_entries_is_equivalent()
    {
        var original = BuiltInLexicons.Risk;
        var rebuilt = new Lexicon(original.Name, original.Entries, original.Version);
        rebuilt.Entries.Should().Equal(original.Entries);
        rebuilt.Fingerprint.Should().Be(original.Fingerprint);
        rebuilt.Categories.Should().Equal(original.Categories);
    }

    [Test]
    public void Fingerprint_changes_with_any_entry()
    {
        var a = Make(("a", "x", 1));
        Make(("a", "x", 1)).Fingerprint.Should().Be(a.Fingerprint);
        Make(("a", "x", 1.5)).Fingerprint.Should().NotBe(a.Fingerprint);
        Make(("a", "y", 1)).Fingerprint.Should().NotBe(a.Fingerprint);
        Make(("b", "x", 1)).Fingerprint.Should().NotBe(a.Fingerprint);
        a.Fingerprint.Should().MatchRegex("^[0-9a-f]{16}$");
    }

    [TestCase("...", "no word")]
    [TestCase("one two three four five six seven", "at most 6")]
    public void Unmatchable_terms_are_rejected(string term, string reason)
    {
        var act = () => Make((term, "x", 1));
        act.Should().Throw<ArgumentException>().WithMessage($"*{reason}*");
    }

    [Test]
    public void Bad_weights_categories_and_names_are_rejected()
    {
        ((Action)(() => Make(("a", "x", double.NaN)))).Should().Throw<ArgumentException>();
        ((Action)(() => Make(("a", " ", 1)))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new Lexicon(" ", []))).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Six_word_phrases_match()
    {
        var lexicon = Make(("one two three four five six", "x", 1));
        lexicon.Find("zero one two three four five six seven").Should().ContainSingle();
    }
}
