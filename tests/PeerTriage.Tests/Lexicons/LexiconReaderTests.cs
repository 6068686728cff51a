using PeerTriage.Data;
using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Lexicons;

public class LexiconReaderTests
{
    [Test]
    public void Vader_format_becomes_valence_entries()
    {
        const string text = "good\t1.9\t0.9\t[2, 2, 1]\n:)\t2.0\t1.1\t[1, 3]\n\n%-)\t-1.5\t1.4\t[-2, 0]\ncan't\t-0.5\t0.5\t[0, -1]\n";
        var lexicon = LexiconReader.ReadVader(new StringReader(text), "v");
        lexicon.Categories.Should().Equal(SentimentScorer.ValenceCategory);
        lexicon.Entries.Select(e => (e.Term, e.Weight)).Should().Equal(("good", 1.9), (":)", 2.0), ("cant", -0.5));
    }

    [TestCase("good\t1.9\t0.9\n", 1, "expected 4 tab-separated fields*found 3")]
    [TestCase("ok\t1\t1\t[1]\ngood\tx\t0.9\t[1]\n", 2, "mean 'x' is not a finite number")]
    [TestCase("good\t1\tNaN\t[1]\n", 1, "standard deviation 'NaN'*")]
    [TestCase("good\t1\t1\t1, 2\n", 1, "ratings '1, 2' are not a bracketed list*")]
    [TestCase(" \t1\t1\t[1]\n", 1, "the token is empty")]
    public void Bad_vader_lines_name_file_line_and_reason(string text, int line, string reason)
    {
        var act = () => LexiconReader.ReadVader(new StringReader(text), "v", "vader.txt");
        var error = act.Should().Throw<DataFormatException>().Which;
        error.FilePath.Should().Be("vader.txt");
        error.Line.Should().Be(line);
        error.Reason.Should().Match(reason);
        error.Message.Should().StartWith($"vader.txt:{line}: ");
    }

    [Test]
    public void Category_format_reads_phrases_with_spaces_or_underscores()
    {
        const string text = "pain\thurt\tso_much_pain\tlast straw\t\nhelp\tsupport\t\thelper\n";
        var lexicon = LexiconReader.ReadCategories(new StringReader(text), "e");
        lexicon.Categories.Should().Equal("pain", "help");
        lexicon.Entries.Select(e => e.Term).Should().Equal("hurt", "so much pain", "last straw", "support", "helper");
        lexicon.Entries.Should().OnlyContain(e => e.Weight == 1);
        lexicon.Find("there is SO much pain").Select(m => m.Term).Should().Equal("so much pain");
    }

    [TestCase("\tword\n", 1, "the category name is empty")]
    [TestCase("pain\n", 1, "category 'pain' has no words*")]
    [TestCase("pain\thurt\nhelp\t \t\n", 2, "category 'help' has no words*")]
    [TestCase("pain\thurt\npain\tache\n", 2, "category 'pain' was already defined*")]
    [TestCase("pain\t!!!\n", 1, "term '!!!' cannot be matched: it has no word*")]
    public void Bad_category_lines_name_file_line_and_reason(string text, int line, string reason)
    {
        var act = () => LexiconReader.ReadCategories(new StringReader(text), "e", "cats.tsv");
        var error = act.Should().Throw<DataFormatException>().Which;
        (error.FilePath, error.Line).Should().Be(("cats.tsv", line));
        error.Reason.Should().Match(reason);
    }

    [Test]
    public void Term_category_format_has_comments_default_weights_and_phrases()
    {
        const string text = "# a comment\n\nkms\tsuicidal_ideation\ncan't go on\thopelessness\t0.75\n  # indented comment\npills\tplan_means\npills\tsubstance_use\t0.5\n";
        var lexicon = LexiconReader.ReadTermCategory(new StringReader(text), "r");
        lexicon.Entries.Should().Equal(
            new LexiconEntry("kms", "suicidal_ideation", 1),
            new LexiconEntry("cant go on", "hopelessness", 0.75),
            new LexiconEntry("pills", "plan_means", 1),
            new LexiconEntry("pills", "substance_use", 0.5));
    }

    [TestCase("kms\n", 1, "expected term TAB category [TAB weight] but found 1*")]
    [TestCase("a\tb\t1\tx\n", 1, "*found 4*")]
    [TestCase("a\t \n", 1, "the category is empty")]
    [TestCase("# c\na\tb\tlots\n", 2, "weight 'lots' is not a finite number")]
    [TestCase("\tb\n", 1, "the term is empty")]
    [TestCase("Don't\tb\ndont\tb\n", 2, "term 'dont' is already in category 'b' (line 1)")]
    public void Bad_term_category_lines_name_file_line_and_reason(string text, int line, string reason)
    {
        var act = () => LexiconReader.ReadTermCategory(new StringReader(text), "r", "mine.tsv");
        var error = act.Should().Throw<DataFormatException>().Which;
        (error.FilePath, error.Line).Should().Be(("mine.tsv", line));
        error.Reason.Should().Match(reason);
    }

    [Test]
    public void Path_overloads_name_the_lexicon_after_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"peertriage-lex-{Guid.NewGuid():N}.tsv");
        try
        {
            File.WriteAllText(path, "kms\tsuicidal_ideation\nbad line\n");
            var error = ((Action)(() => LexiconReader.ReadTermCategory(path))).Should().Throw<DataFormatException>().Which;
            error.FilePath.Should().Be(path);
            error.Line.Should().Be(2);
            File.WriteAllText(path, "kms\tsuicidal_ideation\n");
            LexiconReader.ReadTermCategory(path).Name.Should().Be(Path.GetFileNameWithoutExtension(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    [Category(TestData.RealData)]
    public void Real_vader_lexicon_loads()
    {
        string path = TestData.SharedFile("lexicons/vader/vader_lexicon.txt");
        File.ReadLines(path).Count().Should().Be(7520);
        var lexicon = LexiconReader.ReadVader(path);
        lexicon.Name.Should().Be("vader_lexicon");
        lexicon.Categories.Should().Equal("valence");
        lexicon.TermCount.Should().BeInRange(7000, 7520, "only ASCII emoticons the scanner cannot read are skipped");
        lexicon.Lookup("good").Single().Weight.Should().Be(1.9);
        lexicon.Lookup(":)").Should().ContainSingle();
        lexicon.Entries.Should().OnlyContain(e => e.Weight >= -4 && e.Weight <= 4);
    }

    [Test]
    [Category(TestData.RealData)]
    public void Real_empath_categories_load()
    {
        string path = TestData.SharedFile("lexicons/empath/categories.tsv");
        var lexicon = LexiconReader.ReadCategories(path, "empath");
        lexicon.Categories.Should().HaveCount(194);
        lexicon.Categories[0].Should().Be("help");
        lexicon.Entries.Should().Contain(e => e.Term == "so much pain");
        lexicon.Find("it was the last straw").Select(m => m.Term).Should().Contain("last straw");
    }
}
