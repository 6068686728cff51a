using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Lexicons;

public class RiskNegationTests
{
    private static LexiconMatch Single(string text, string category)
    {
        var matches = BuiltInLexicons.Risk.Find(text).Where(m => m.Category == category).ToList();
        matches.Should().ContainSingle($"'{text}' should have one {category} match");
        return matches[0];
    }

    [Test]
    public void Never_hurting_myself_is_negated_wanting_to_is_not()
    {
        var never = Single("I would never hurt myself", RiskCategories.SelfHarm);
        var want = Single("I want to hurt myself", RiskCategories.SelfHarm);
        never.Term.Should().Be("hurt myself");
        never.Negated.Should().BeTrue();
        want.Negated.Should().BeFalse();

        var featurizer = new LexiconFeaturizer(LexiconOptions.Default);
        int hit = IndexOf(featurizer, "risk.self_harm"), negated = IndexOf(featurizer, "risk.self_harm.negated");
        float[] a = featurizer.Featurize("I would never hurt myself");
        float[] b = featurizer.Featurize("I want to hurt myself");
        a[hit].Should().Be(0);
        a[negated].Should().BeApproximately((float)Math.Log(2), 1e-6f);
        b[hit].Should().BeApproximately((float)Math.Log(2), 1e-6f);
        b[negated].Should().Be(0);
    }

    [TestCase("I don't want to kill myself", true)]
    [TestCase("I'm NOT going to kill myself", true)]
    [TestCase("i dont think i will kill myself", false)] // the negator is 4 words back: outside the window
    [TestCase("No. I want to kill myself.", false)]      // a clause boundary ends the scope
    [TestCase("I'm fine, but I'm going to kill myself", false)]
    [TestCase("kill myself", false)]
    public void Suicidal_ideation_negation(string text, bool negated) =>
        Single(text, RiskCategories.SuicidalIdeation).Negated.Should().Be(negated);

    [Test]
    public void Phrases_that_contain_a_negation_are_plain_hits()
    {
        Single("I don't want to live anymore", RiskCategories.SuicidalIdeation).Negated.Should().BeFalse();
        Single("honestly I can't go on", RiskCategories.Hopelessness).Negated.Should().BeFalse();
    }

    [Test]
    public void A_negation_inside_an_earlier_match_does_not_negate_the_next_one()
    {
        // "nothing" would negate "end it all" (3 words back) if it were not part of the earlier match "nothing matters".
        var matches = BuiltInLexicons.Risk.Find("nothing matters so end it all");
        matches.Should().Contain(m => m.Category == RiskCategories.Hopelessness && m.Term == "nothing matters" && !m.Negated);
        matches.Should().Contain(m => m.Category == RiskCategories.SuicidalIdeation && m.Term == "end it all" && !m.Negated);
    }

    [Test]
    public void Mixed_post_splits_negated_and_plain_hits()
    {
        var matches = BuiltInLexicons.Risk.Find("I'm not suicidal, but I want to die");
        matches.Where(m => m.Category == RiskCategories.SuicidalIdeation).Select(m => (m.Term, m.Negated))
            .Should().Equal(("suicidal", true), ("want to die", false));
    }

    [Test]
    public void A_window_of_zero_turns_negation_off()
    {
        BuiltInLexicons.Risk.Find("I would never hurt myself", negationWindow: 0).Should().OnlyContain(m => !m.Negated);
        var featurizer = new LexiconFeaturizer(LexiconOptions.Default with { NegationWindow = 0 });
        featurizer.Featurize("I would never hurt myself")[IndexOf(featurizer, "risk.self_harm")].Should().BeGreaterThan(0);
    }

    private static int IndexOf(LexiconFeaturizer f, string name)
    {
        int i = f.FeatureNames.ToList().IndexOf(name);
        i.Should().BeGreaterThanOrEqualTo(0, name);
        return i;
    }
}
