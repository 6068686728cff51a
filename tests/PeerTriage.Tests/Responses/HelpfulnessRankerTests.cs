using System.Globalization;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class HelpfulnessRankerTests
{
    private static double[] Features(string question, string answer)
    {
        var features = new double[BasicHelpfulnessFeaturizer.Instance.FeatureNames.Count];
        BasicHelpfulnessFeaturizer.Instance.Featurize(new HelpfulnessAnswer("q", question, answer), features);
        return features;
    }

    private static double Feature(double[] features, string name) =>
        features[BasicHelpfulnessFeaturizer.Instance.FeatureNames.ToList().IndexOf(name)];

    [Test]
    public void The_basic_features_count_what_their_documentation_says()
    {
        // Words: i understand have you tried talking to a therapist (9); "tried" is not "try".
        var f = Features("Why am I sad all the time?", "I understand. Have you tried talking to a therapist?");
        Feature(f, "log_words").Should().BeApproximately(Math.Log(10), 1e-12);
        Feature(f, "log_sentences").Should().BeApproximately(Math.Log(3), 1e-12);
        Feature(f, "log_question_marks").Should().BeApproximately(Math.Log(2), 1e-12);
        Feature(f, "log_exclamations").Should().Be(0);
        Feature(f, "second_person_rate").Should().BeApproximately(1.0 / 9, 1e-12);
        Feature(f, "first_person_rate").Should().BeApproximately(1.0 / 9, 1e-12);
        Feature(f, "validation_rate").Should().BeApproximately(1.0 / 9, 1e-12);
        Feature(f, "suggestion_rate").Should().Be(0);
        Feature(f, "professional_rate").Should().BeApproximately(1.0 / 9, 1e-12);
        Feature(f, "question_overlap").Should().Be(0); // the question's only long word is "time"
        f.Should().HaveCount(13).And.OnlyContain(v => double.IsFinite(v));
    }

    [Test]
    public void Question_overlap_is_the_share_of_the_questions_long_words_the_answer_uses()
    {
        var f = Features("Feeling lonely lately", "Feeling lonely is common; you could join a group. https://example.org");
        Feature(f, "question_overlap").Should().BeApproximately(2.0 / 3, 1e-12);
        Feature(f, "log_links").Should().BeApproximately(Math.Log(2), 1e-12);
        Feature(f, "suggestion_rate").Should().BeApproximately(1.0 / 9, 1e-12); // could; words: feeling lonely is common you could join a group
    }

    [Test]
    public void Empty_text_gives_zero_features()
    {
        Features("", "").Should().OnlyContain(v => v == 0);
    }

    /// <summary>A test featurizer: the answer text is "signal noise" as two numbers.</summary>
    private sealed class NumberFeaturizer : IHelpfulnessFeaturizer
    {
        public IReadOnlyList<string> FeatureNames { get; } = ["signal", "noise"];

        public void Featurize(HelpfulnessAnswer answer, Span<double> features)
        {
            string[] parts = answer.Text.Split(' ');
            features[0] = double.Parse(parts[0], CultureInfo.InvariantCulture);
            features[1] = double.Parse(parts[1], CultureInfo.InvariantCulture);
        }
    }

    private static List<HelpfulnessExample> Synthetic(int questions, int seed)
    {
        var random = new Random(seed);
        var examples = new List<HelpfulnessExample>();
        for (int q = 0; q < questions; q++)
        {
            for (int a = 0; a < 4; a++)
            {
                double signal = random.NextDouble() * 10, noise = random.NextDouble() * 10;
                // Upvotes follow the signal, with some label noise.
                double upvotes = Math.Max(0, Math.Floor((signal / 3) + random.NextDouble() - 0.5));
                examples.Add(new HelpfulnessExample(new HelpfulnessAnswer($"q{q}", "question", FormattableString.Invariant($"{signal} {noise}")), upvotes));
            }
        }
        return examples;
    }

    [Test]
    public void The_ranker_learns_which_feature_orders_the_answers()
    {
        var options = new HelpfulnessRankerOptions { Featurizer = new NumberFeaturizer() };
        var ranker = HelpfulnessRanker.Train(Synthetic(100, 1), options);
        ranker.Weights[0].Should().BeGreaterThan(1);
        Math.Abs(ranker.Weights[1]).Should().BeLessThan(ranker.Weights[0] / 5);
        ranker.TrainingQuestions.Should().BeGreaterThan(90);

        // On new questions it orders the answers far better than chance.
        var test = Synthetic(100, 2);
        var groups = test.GroupBy(e => e.Answer.QuestionId).Select(g =>
            new RankingGroup(g.Select(e => e.Upvotes).ToArray(), g.Select(e => ranker.Score(e.Answer)).ToArray()));
        RankingMetrics.Evaluate(groups).PairwiseAccuracy.Should().BeGreaterThan(0.8);
    }

    [Test]
    public void Training_is_deterministic()
    {
        var examples = Synthetic(30, 3);
        var a = HelpfulnessRanker.Train(examples);
        var b = HelpfulnessRanker.Train(examples);
        a.Weights.Should().Equal(b.Weights);
        a.Score(examples[0].Answer).Should().Be(b.Score(examples[0].Answer));
    }

    [Test]
    public void Weighing_questions_equally_changes_the_fit_when_question_sizes_differ()
    {
        var examples = Synthetic(20, 4);
        // One big question where the noise feature decides.
        for (int a = 0; a < 30; a++)
            examples.Add(new HelpfulnessExample(new HelpfulnessAnswer("big", "question", FormattableString.Invariant($"5 {a}")), a));
        var featurizer = new NumberFeaturizer();
        var equal = HelpfulnessRanker.Train(examples, new HelpfulnessRankerOptions { Featurizer = featurizer });
        var pooled = HelpfulnessRanker.Train(examples, new HelpfulnessRankerOptions { Featurizer = featurizer, WeighQuestionsEqually = false });
        pooled.Weights[1].Should().BeGreaterThan(equal.Weights[1] + 0.5);
    }

    [Test]
    public void Training_without_an_ordered_pair_or_with_bad_input_fails_clearly()
    {
        var tied = new[] { new HelpfulnessExample(new HelpfulnessAnswer("q", "?", "a"), 1), new HelpfulnessExample(new HelpfulnessAnswer("q", "?", "b"), 1) };
        var none = () => HelpfulnessRanker.Train(tied);
        none.Should().Throw<ArgumentException>().WithMessage("No question has two answers with different upvotes*");
        var negative = () => HelpfulnessRanker.Train([new HelpfulnessExample(new HelpfulnessAnswer("q", "?", "a"), -2)]);
        negative.Should().Throw<ArgumentException>().WithMessage("Example 0: upvotes must be finite and zero or more, not -2.*");
        var nan = () => HelpfulnessRanker.Train([new HelpfulnessExample(new HelpfulnessAnswer("q", "?", "NaN 1"), 1)], new HelpfulnessRankerOptions { Featurizer = new NumberFeaturizer() });
        nan.Should().Throw<ArgumentException>().WithMessage("Example 0: the featurizer gave feature 'signal' the value NaN.*");
        var l2 = () => HelpfulnessRanker.Train(tied, new HelpfulnessRankerOptions { L2 = -1 });
        l2.Should().Throw<ArgumentOutOfRangeException>().WithMessage("HelpfulnessRankerOptions.L2 must be finite and zero or more, not -1.*");
    }

    [Test]
    public void The_baselines_are_length_and_a_stable_seeded_random_score()
    {
        var answer = new HelpfulnessAnswer("q1", "question", "You are not alone, and this can get better.");
        HelpfulnessBaselines.Length(answer).Should().Be(9);
        double r = HelpfulnessBaselines.Random(answer, 1);
        r.Should().BeInRange(0, 1).And.Be(HelpfulnessBaselines.Random(answer with { }, 1));
        HelpfulnessBaselines.Random(answer, 2).Should().NotBe(r);
        HelpfulnessBaselines.Random(answer with { QuestionId = "q2" }, 1).Should().NotBe(r);
        var draws = Enumerable.Range(0, 2000).Select(i => HelpfulnessBaselines.Random(answer with { Text = i.ToString(CultureInfo.InvariantCulture) }, 7)).ToList();
        draws.Average().Should().BeApproximately(0.5, 0.03);
    }
}
