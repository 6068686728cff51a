using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Lexicons;

/// <summary>Pins each VADER rule on a tiny lexicon, so the expected numbers follow from the published constants.</summary>
public class SentimentScorerTests
{
    private static readonly SentimentScorer Scorer = new(new Lexicon("tiny",
    [
        new("good", SentimentScorer.ValenceCategory, 2),
        new("great", SentimentScorer.ValenceCategory, 3),
        new("bad", SentimentScorer.ValenceCategory, -2),
        new("kind of", SentimentScorer.ValenceCategory, 0),
    ]));

    private static double Compound(double sum) => sum / Math.Sqrt((sum * sum) + 15);

    private static double C(string text) => Scorer.Score(text).Compound;

    [Test]
    public void A_single_word_gives_the_normalized_valence_and_all_positive_mass()
    {
        var s = Scorer.Score("good");
        s.Compound.Should().BeApproximately(Compound(2), 1e-12);
        s.Positive.Should().Be(1);
        s.Negative.Should().Be(0);
        s.Neutral.Should().Be(0);
    }

    [Test]
    public void Shares_count_valence_plus_one_and_one_per_neutral_token()
    {
        var s = Scorer.Score("this is good");
        s.Positive.Should().BeApproximately(3.0 / 5.0, 1e-12);
        s.Neutral.Should().BeApproximately(2.0 / 5.0, 1e-12);
        (s.Positive + s.Negative + s.Neutral).Should().BeApproximately(1, 1e-12);
    }

    [Test]
    public void Negation_flips_and_scales_by_minus_0_74()
    {
        C("not good").Should().BeApproximately(Compound(2 * -0.74), 1e-12);
        C("never good").Should().BeApproximately(Compound(2 * -0.74), 1e-12);
        C("good").Should().BeGreaterThan(0);
        C("not good").Should().BeLessThan(0);
        C("not bad").Should().BeApproximately(Compound(-2 * -0.74), 1e-12);
    }

    [TestCase("isn't good")]
    [TestCase("isnt good")]
    [TestCase("ISN’T good")]
    [TestCase("mightn't good")]
    [TestCase("not so good")]
    public void Contractions_and_negators_up_to_three_words_back_negate(string text) =>
        C(text).Should().BeLessThan(0);

    [Test]
    public void Negation_reaches_three_words_back_but_not_four_nor_across_a_clause()
    {
        C("not that x good").Should().BeApproximately(Compound(2 * -0.74), 1e-12);
        C("not that x y good").Should().BeApproximately(Compound(2), 1e-12);
        C("not. good").Should().BeApproximately(Compound(2), 1e-12);
    }

    [Test]
    public void Boosters_raise_and_dampeners_lower_by_0_293_decaying_with_distance()
    {
        C("very good").Should().BeApproximately(Compound(2.293), 1e-12);
        C("slightly good").Should().BeApproximately(Compound(1.707), 1e-12);
        C("very very good").Should().BeApproximately(Compound(2 + 0.293 + (0.293 * 0.95)), 1e-12);
        C("very x y good").Should().BeApproximately(Compound(2 + (0.293 * 0.9)), 1e-12);
        C("very good").Should().BeGreaterThan(C("good"));
        C("good").Should().BeGreaterThan(C("slightly good"));
        // On a negative word a booster pushes further down.
        C("very bad").Should().BeApproximately(Compound(-2.293), 1e-12);
        C("not very good").Should().BeApproximately(Compound(2.293 * -0.74), 1e-12);
    }

    [Test]
    public void Sentiment_words_do_not_modify_the_next_one_and_neutral_phrases_block_their_words()
    {
        C("great good").Should().BeApproximately(Compound(5), 1e-12);
        Scorer.Score("kind of bad").Compound.Should().BeApproximately(Compound(-2), 1e-12);
    }

    [Test]
    public void All_caps_adds_0_733_only_when_the_text_mixes_case()
    {
        C("I feel GOOD").Should().BeApproximately(Compound(2.733), 1e-12);
        C("I feel good").Should().BeApproximately(Compound(2), 1e-12);
        C("I feel GOOD").Should().BeGreaterThan(C("I feel good"));
        C("GOOD").Should().BeApproximately(Compound(2), 1e-12);
        C("ALL GOOD").Should().BeApproximately(Compound(2), 1e-12);
        C("this is BAD").Should().BeApproximately(Compound(-2.733), 1e-12);
        C("it was VERY good").Should().BeApproximately(Compound(2 + 0.293 + 0.733), 1e-12);
    }

    [Test]
    public void Exclamation_marks_add_0_292_each_up_to_four()
    {
        C("good!").Should().BeApproximately(Compound(2.292), 1e-12);
        C("good!!!").Should().BeApproximately(Compound(2 + (3 * 0.292)), 1e-12);
        C("good!!!!!!!").Should().BeApproximately(Compound(2 + (4 * 0.292)), 1e-12);
        C("bad!!").Should().BeApproximately(Compound(-2 - (2 * 0.292)), 1e-12);
        C("good!!!").Should().BeGreaterThan(C("good"));
        C("whatever!!!").Should().Be(0, "emphasis adds nothing to a neutral text");
    }

    [Test]
    public void Question_marks_add_0_18_each_for_two_or_three_and_0_96_beyond()
    {
        C("good?").Should().BeApproximately(Compound(2), 1e-12);
        C("good??").Should().BeApproximately(Compound(2.36), 1e-12);
        C("good???").Should().BeApproximately(Compound(2.54), 1e-12);
        C("good?????").Should().BeApproximately(Compound(2.96), 1e-12);
    }

    [Test]
    public void But_halves_what_comes_before_and_multiplies_what_follows_by_1_5()
    {
        C("good but bad").Should().BeApproximately(Compound((2 * 0.5) + (-2 * 1.5)), 1e-12);
        C("bad but good").Should().BeApproximately(Compound((-2 * 0.5) + (2 * 1.5)), 1e-12);
        C("good but bad").Should().BeLessThan(0);
        C("bad but good").Should().BeGreaterThan(0);
    }

    [Test]
    public void Compound_stays_within_minus_one_and_one_and_shares_sum_to_one()
    {
        string positive = string.Join(" ", Enumerable.Repeat("GREAT great good", 200)) + "!!!!!";
        string negative = string.Join(" ", Enumerable.Repeat("bad BAD", 300)) + "!!!!";
        var p = Scorer.Score(positive);
        var n = Scorer.Score(negative);
        p.Compound.Should().BeInRange(0.99, 1.0);
        n.Compound.Should().BeInRange(-1.0, -0.99);
        (p.Positive + p.Negative + p.Neutral).Should().BeApproximately(1, 1e-9);
        (n.Positive + n.Negative + n.Neutral).Should().BeApproximately(1, 1e-9);
    }

    [Test]
    public void Empty_or_token_free_text_scores_zero()
    {
        Scorer.Score("").Should().Be(default(SentimentScores));
        Scorer.Score("  ... !!").Should().Be(default(SentimentScores));
        Scorer.Score("hello there").Should().Be(new SentimentScores(0, 0, 1, 0));
    }

    [Test]
    public void The_span_and_string_overloads_agree()
    {
        const string text = "Not GOOD at all, but honestly it's great!!";
        Scorer.Score(text.AsSpan()).Should().Be(Scorer.Score(text));
    }

    [Test]
    public void A_lexicon_without_valence_is_rejected()
    {
        var act = () => new SentimentScorer(new Lexicon("x", [new("a", "topic", 1)]));
        act.Should().Throw<ArgumentException>().WithMessage("*valence*");
    }

    [TestCase("I love this forum, you are all wonderful :)", 1)]
    [TestCase("I feel so hopeless and alone :(", -1)]
    [TestCase("Thank you so much ❤️", 1)]
    [TestCase("I'm not happy at all", -1)]
    [TestCase("fml everything sucks", -1)]
    [TestCase("Had a great day, feeling better 😊", 1)]
    public void The_built_in_lexicon_gets_the_sign_of_plain_forum_posts_right(string text, int sign) =>
        Math.Sign(SentimentScorer.Default.Score(text).Compound).Should().Be(sign);

    [Test]
    [Category(TestData.RealData)]
    public void Scoring_real_vader_lexicon_gives_sensible_signs()
    {
        var vader = new SentimentScorer(LexiconReader.ReadVader(TestData.SharedFile("lexicons/vader/vader_lexicon.txt")));
        vader.Score("VADER is smart, handsome, and funny!").Compound.Should().BeGreaterThan(0.5);
        vader.Score("The book was not good at all").Compound.Should().BeLessThan(0);
        vader.Score("I am so sad and lonely :(").Compound.Should().BeLessThan(-0.5);
    }
}
