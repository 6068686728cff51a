using PeerTriage.Evaluation;
using PeerTriage.Features;

namespace PeerTriage.Tests.Training;

/// <summary>Training data in which a level of the scheme has no examples, or just one.</summary>
public class LevelCoverageTests
{
    private static readonly TriageTrainingOptions Small = new()
    {
        Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 14 }),
    };

    private static List<LabeledMessage> Without(params string[] levels) =>
        [.. TestData.Corpus.Where(e => !levels.Contains(e.Label))];

    private static int CountOf(string level) => TestData.Corpus.Count(e => e.Label == level);

    [Test]
    public void A_level_without_examples_is_refused_naming_it_with_the_counts_of_every_level()
    {
        var act = () => TriageModel.Train(Without("crisis"), Small);

        var ex = act.Should().Throw<ArgumentException>().Which;
        ex.ParamName.Should().Be("examples");
        ex.Message.Should().StartWith("Level 'crisis' has no training examples")
            .And.Contain($"green {CountOf("green")}, amber {CountOf("amber")}, red {CountOf("red")}, crisis 0")
            .And.Contain("PriorityScheme without the empty level.");
    }

    [Test]
    public void Several_empty_levels_are_all_named()
    {
        var act = () => TriageModel.Train(Without("amber", "crisis"), Small);
        act.Should().Throw<ArgumentException>().WithMessage("Levels 'amber', 'crisis' have no training examples*amber 0, red *crisis 0)*");
    }

    [Test]
    public void Cross_validation_refuses_a_level_that_is_absent_from_all_the_data()
    {
        var act = () => CrossValidation.Run(Without("red"), Small, new CrossValidationOptions { Folds = 3 });
        act.Should().Throw<ArgumentException>().WithMessage("Level 'red' has no training examples*");
    }

    [Test]
    public void A_scheme_without_the_missing_level_trains()
    {
        var scheme = new PriorityScheme(["green", "amber", "red"], 1, 2);
        var model = TriageModel.Train(Without("crisis"), Small with { Scheme = scheme });
        model.Scheme.Count.Should().Be(3);
        model.Info.RowsPerLevel.Should().OnlyContain(n => n > 0);
    }

    [TestCase("default")]
    [TestCase("ngrams")]
    [TestCase("ngrams,lexicons,context,two-stage")]
    public void One_example_of_a_level_trains_and_does_not_flood_that_level(string pipeline)
    {
        var single = TestData.Corpus.First(e => e.Label == "crisis");
        var examples = Without("crisis");
        examples.Add(single);

        var model = TriageModel.Train(examples, Small with { Features = FeaturePipeline.Parse(pipeline, Small.Features.NGrams) });

        model.Info.RowsPerLevel[3].Should().Be(1);
        var others = TestData.Corpus.Where(e => e.Label != "crisis").Select(e => e.Message).ToList();
        var results = model.TriageBatch(others);
        results.Should().OnlyContain(r => r.Probabilities.ToArray().All(float.IsFinite));
        // A recall target met on one out-of-fold example (whose inner fold never saw the level) would put the crisis
        // threshold near 0 and call everything crisis; too few examples fall back to the ordinal median instead.
        results.Count(r => r.Level == "crisis").Should().BeLessThan(others.Count / 20);
    }

    [Test]
    public void Cross_validation_with_one_example_of_a_level_runs()
    {
        var examples = Without("crisis");
        examples.Add(TestData.Corpus.First(e => e.Label == "crisis"));

        var result = CrossValidation.Run(examples, Small, new CrossValidationOptions { Folds = 3 });

        result.Predicted.Should().HaveCount(examples.Count);
        for (int i = 0; i < examples.Count; i++)
            result.ProbabilitiesOf(i).ToArray().Should().OnlyContain(p => float.IsFinite(p));
    }
}
