using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class EmpathyHelpfulnessFeaturizerTests
{
    private const string Question = "I lost my job last week and I can't stop crying. I feel like a failure.";

    private static EmpathyHelpfulnessFeaturizer Featurizer { get; } = new(ResponseTestData.Model);

    private static double[] Features(string question, string answer, IHelpfulnessFeaturizer? featurizer = null)
    {
        featurizer ??= Featurizer;
        var features = new double[featurizer.FeatureNames.Count];
        featurizer.Featurize(new HelpfulnessAnswer("q", question, answer), features);
        return features;
    }

    private static double Feature(double[] features, string name) => features[Featurizer.FeatureNames.ToList().IndexOf(name)];

    [Test]
    public void Names_are_the_basic_ones_then_two_per_mechanism_then_the_pair_features()
    {
        var names = Featurizer.FeatureNames;
        var basic = BasicHelpfulnessFeaturizer.Instance.FeatureNames;
        names.Take(basic.Count).Should().Equal(basic);
        var mechanisms = ResponseTestData.Model.Scheme.Mechanisms.Select(m => m.Name).ToList();
        names.Skip(basic.Count).Take(2 * mechanisms.Count).Should().Equal(
            mechanisms.SelectMany(m => new[] { m + ".shows", m + ".expected_level" }));
        var pairNames = ResponseTestData.Model.ModelAt(0).DenseFeatureNames.Where(n => n.StartsWith("pair.", StringComparison.Ordinal)).ToList();
        pairNames.Should().Contain(["pair.reflection", "pair.question_to_seeker", "pair.minimizing"]);
        names.Skip(basic.Count + (2 * mechanisms.Count)).Should().Equal(pairNames);
        names.Should().OnlyHaveUniqueItems();
        Featurizer.Model.Should().BeSameAs(ResponseTestData.Model);
    }

    [Test]
    public void The_base_features_are_kept_and_the_empathy_outputs_are_the_models()
    {
        const string answer = "I'm so sorry you are going through this, sending hugs. It sounds like you feel completely alone with this. What has helped you get through nights like this before?";
        var f = Features(Question, answer);
        var basic = new double[BasicHelpfulnessFeaturizer.Instance.FeatureNames.Count];
        BasicHelpfulnessFeaturizer.Instance.Featurize(new HelpfulnessAnswer("q", Question, answer), basic);
        f.Take(basic.Length).Should().Equal(basic);

        var assessment = ResponseTestData.Model.Assess(new ResponsePair(Question, answer));
        foreach (var m in assessment.Mechanisms)
        {
            Feature(f, m.Mechanism + ".shows").Should().BeApproximately(1 - m.Probabilities[0], 1e-6);
            Feature(f, m.Mechanism + ".expected_level").Should().BeApproximately(m.Probabilities[1] + (2 * m.Probabilities[2]), 1e-6);
        }
        Feature(f, "pair.reflection").Should().BeGreaterThan(0, "\"it sounds like\" is a reflection");
        Feature(f, "pair.question_to_seeker").Should().BeGreaterThan(0);

        var flat = Features(Question, "Ok. Go for a run.");
        foreach (var m in assessment.Mechanisms)
            Feature(flat, m.Mechanism + ".shows").Should().BeLessThan(Feature(f, m.Mechanism + ".shows"), m.Mechanism);
        Feature(flat, "pair.reflection").Should().Be(0);
    }

    [TestCase("", "")]
    [TestCase("", "<p>Hello &amp; welcome</p>")]
    [TestCase("Why?", "😢💜 ???")]
    public void Values_are_finite_in_range_and_deterministic(string question, string answer)
    {
        var f = Features(question, answer);
        f.Should().HaveCount(Featurizer.FeatureNames.Count).And.OnlyContain(v => double.IsFinite(v));
        foreach (var m in ResponseTestData.Model.Scheme.Mechanisms)
        {
            Feature(f, m.Name + ".shows").Should().BeInRange(0, 1);
            Feature(f, m.Name + ".expected_level").Should().BeInRange(0, m.Levels.Count - 1);
        }
        Features(question, answer).Should().Equal(f);
    }

    [Test]
    public void The_same_answer_gives_the_same_features_on_every_thread()
    {
        string[] answers = ["Ok.", "That sucks. I get it. Why?", "So sorry to hear this, my heart goes out to you. Do you have someone you can call tonight?"];
        var expected = answers.Select(a => Features(Question, a)).ToList();
        var results = new double[90][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => results[i] = Features(Question, answers[i % answers.Length]));
        for (int i = 0; i < results.Length; i++)
            results[i].Should().Equal(expected[i % answers.Length], $"call {i}");
    }

    [Test]
    public void Text_longer_than_a_pair_accepts_is_cut_not_refused()
    {
        string longAnswer = string.Concat(Enumerable.Repeat("It sounds like you feel alone. ", 3_000));
        longAnswer.Length.Should().BeGreaterThan(ResponsePair.MaxTextLength);
        Features(longAnswer, longAnswer).Should().OnlyContain(v => double.IsFinite(v));
    }

    [Test]
    public void A_ranker_trains_on_the_features()
    {
        var examples = new List<HelpfulnessExample>();
        for (int q = 0; q < 6; q++)
        {
            examples.Add(new(new HelpfulnessAnswer($"q{q}", Question, "So sorry to hear this, my heart goes out to you. How are you feeling about talking to them?"), 3));
            examples.Add(new(new HelpfulnessAnswer($"q{q}", Question, "Ok. Everyone has bad weeks."), 0));
        }
        var ranker = HelpfulnessRanker.Train(examples, new HelpfulnessRankerOptions { Featurizer = Featurizer });
        ranker.Weights.Should().HaveCount(Featurizer.FeatureNames.Count);
        ranker.Score(examples[0].Answer).Should().BeGreaterThan(ranker.Score(examples[1].Answer));
    }

    [Test]
    public void Bad_arguments_are_refused_with_clear_messages()
    {
        var construct = () => new EmpathyHelpfulnessFeaturizer(null!);
        construct.Should().Throw<ArgumentNullException>().WithParameterName("model");
        var tooShort = () => Featurizer.Featurize(new HelpfulnessAnswer("q", "", ""), new double[3]);
        tooShort.Should().Throw<ArgumentException>().WithMessage($"*must have {Featurizer.FeatureNames.Count} entries, not 3*");
        var nullText = () => Featurizer.Featurize(new HelpfulnessAnswer("q", "", null!), new double[Featurizer.FeatureNames.Count]);
        nullText.Should().Throw<ArgumentNullException>().WithMessage("*text is null*");
    }
}
