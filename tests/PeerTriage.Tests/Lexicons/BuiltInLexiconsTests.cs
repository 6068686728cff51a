using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Lexicons;

public class BuiltInLexiconsTests
{
    [Test]
    public void Risk_lexicon_has_the_documented_categories_in_order()
    {
        BuiltInLexicons.Risk.Categories.Should().Equal(RiskCategories.All);
        foreach (string category in RiskCategories.All)
            BuiltInLexicons.Risk.Entries.Count(e => e.Category == category).Should().BeGreaterThanOrEqualTo(30, category);
    }

    [Test]
    public void Sentiment_lexicon_is_a_few_hundred_valences_on_vaders_scale()
    {
        var lexicon = BuiltInLexicons.Sentiment;
        lexicon.Categories.Should().Equal(SentimentScorer.ValenceCategory);
        lexicon.TermCount.Should().BeInRange(300, 1000);
        lexicon.Entries.Should().OnlyContain(e => e.Weight >= -4 && e.Weight <= 4);
        foreach (string term in new[] { ":)", ":(", "<3", "❤", "😭", "lol", "fml", "thank you" })
            lexicon.Lookup(term).Should().ContainSingle(term);
    }

    [Test]
    public void Sentiment_lexicon_leaves_negators_and_boosters_to_the_scorer()
    {
        var modifiers = Modifiers.Negators.Concat(Modifiers.Boosters).Concat(Modifiers.Dampeners).ToHashSet();
        BuiltInLexicons.Sentiment.Entries.Select(e => e.Term).Where(modifiers.Contains).Should().BeEmpty();
    }

    [TestCase("kms", RiskCategories.SuicidalIdeation)]
    [TestCase("I'm going to KMS", RiskCategories.SuicidalIdeation)]
    [TestCase("thinking about sewerslide", RiskCategories.SuicidalIdeation)]
    [TestCase("I want to unalive myself", RiskCategories.SuicidalIdeation)]
    [TestCase("time to catch the bus", RiskCategories.SuicidalIdeation)]
    [TestCase("I just want to end it all", RiskCategories.SuicidalIdeation)]
    [TestCase("i wanna die", RiskCategories.SuicidalIdeation)]
    [TestCase("I'm not gonna be here much longer", RiskCategories.FarewellFinality)]
    [TestCase("goodbye everyone, thank you for everything", RiskCategories.FarewellFinality)]
    [TestCase("I relapsed and cut myself again", RiskCategories.SelfHarm)]
    [TestCase("urges to SH are bad", RiskCategories.SelfHarm)]
    [TestCase("I have a plan", RiskCategories.PlanMeans)]
    [TestCase("everyone would be better off without me", RiskCategories.BurdenWorthlessness)]
    [TestCase("what's the point anymore", RiskCategories.Hopelessness)]
    [TestCase("he hits me when he's drunk", RiskCategories.AbuseViolence)]
    [TestCase("he hits me when he's drunk", RiskCategories.SubstanceUse)]
    [TestCase("I reached out to my counsellor", RiskCategories.HelpSeeking)]
    [TestCase("used my breathing exercises and I'm feeling better, thank you", RiskCategories.Protective)]
    public void Slang_and_plain_phrasings_are_found(string text, string category) =>
        BuiltInLexicons.Risk.Find(text).Should().Contain(m => m.Category == category && !m.Negated);

    [TestCase("I had a great weekend with my sister")]
    [TestCase("the exam was hard but I passed")]
    [TestCase("check out www.example.com/kill-myself-tips")]
    public void Ordinary_posts_fire_no_risk_category(string text) =>
        BuiltInLexicons.Risk.Find(text).Where(m => m.Category != RiskCategories.Protective).Should().BeEmpty();

    [Test]
    public void Built_ins_are_found_by_name_and_version_and_are_shared()
    {
        BuiltInLexicons.TryGet(BuiltInLexicons.RiskName, BuiltInLexicons.RiskVersion, out var risk).Should().BeTrue();
        risk.Should().BeSameAs(BuiltInLexicons.Risk);
        BuiltInLexicons.TryGet(BuiltInLexicons.SentimentName, BuiltInLexicons.SentimentVersion, out var sentiment).Should().BeTrue();
        sentiment.Should().BeSameAs(BuiltInLexicons.Sentiment);
        BuiltInLexicons.TryGet(BuiltInLexicons.RiskName, "0", out _).Should().BeFalse();
        BuiltInLexicons.All.Should().Equal(BuiltInLexicons.Sentiment, BuiltInLexicons.Risk);
        risk!.Name.Should().Be("peertriage-risk");
        risk.Version.Should().Be(BuiltInLexicons.RiskVersion);
    }

    /// <summary>
    /// A model records a built-in lexicon by name and version, so its content must not change under the same version.
    /// If this fails after editing a built-in TSV, bump the version constant in BuiltInLexicons and update the
    /// fingerprint here.
    /// </summary>
    [Test]
    public void Built_in_content_is_pinned_to_its_version()
    {
        (BuiltInLexicons.SentimentVersion, BuiltInLexicons.Sentiment.Fingerprint).Should().Be(("1", "3291f053ab2231be"));
        (BuiltInLexicons.RiskVersion, BuiltInLexicons.Risk.Fingerprint).Should().Be(("1", "a0f4c28a761e7a83"));
    }
}
