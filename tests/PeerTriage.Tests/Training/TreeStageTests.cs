using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Serialization;

namespace PeerTriage.Tests.Training;

/// <summary>A second stage supplied through <see cref="TriageTrainingOptions.SecondStage"/>, with the test learner
/// <see cref="StumpLearner"/>: trained, scored, saved, loaded and explained by the core alone.</summary>
public class TreeStageTests
{
    private static readonly Lazy<(TriageModel Model, StumpLearner Learner)> s_model = new(() =>
    {
        var learner = new StumpLearner();
        var model = TriageModel.Train(TestData.Corpus, Options(learner));
        return (model, learner);
    });

    private static TriageTrainingOptions Options(SecondStageLearner learner) => new()
    {
        Features = FeaturePipeline.Parse("ngrams,lexicons,context,two-stage").WithNGrams(NGramOptions.Default with { HashBits = 12 }),
        SecondStage = learner,
    };

    [Test]
    public void Training_fits_the_learner_once_per_inner_fold_and_once_on_all_rows()
    {
        var (model, learner) = s_model.Value;
        learner.Fits.Should().Be(DecisionOptions.Default.InnerFolds + 1);
        model.Info.SecondStageKind.Should().Be("test-stumps");
        model.Info.SecondStageSettings.Should().ContainKey("depth");
        model.Info.Metrics.Should().NotBeNull("decisions are fitted on the trees' out-of-fold predictions");
        model.Scorer.Trees.Should().NotBeNull();
        model.Scorer.Stage2.Should().BeNull();
    }

    [Test]
    public void A_learner_needs_a_two_stage_pipeline() =>
        new Action(() => TriageModel.Train(TestData.Corpus, new TriageTrainingOptions { SecondStage = new StumpLearner() }))
            .Should().Throw<ArgumentException>().WithMessage("*SecondStage*TwoStage*");

    [Test]
    public void Save_and_load_give_the_same_probability_bits_and_format_1_3()
    {
        var model = s_model.Value.Model;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = TriageModel.Load(stream);
        loaded.Info.FormatVersion.Should().Be(ModelFile.CurrentVersion, "files written now carry the current format (tree sections since 1.3)");
        loaded.Info.SecondStageKind.Should().Be("test-stumps");
        var threads = new ForumThreads(TestData.Corpus.Select(e => e.Message));
        foreach (var e in TestData.Corpus)
        {
            var a = model.Triage(e.Message, threads.ContextOf(e.Message));
            var b = loaded.Triage(e.Message, threads.ContextOf(e.Message));
            b.Probabilities.ToArray().Should().Equal(a.Probabilities.ToArray());
            b.LevelIndex.Should().Be(a.LevelIndex);
        }
        using var again = new MemoryStream();
        loaded.Save(again);
        again.ToArray().Should().Equal(stream.ToArray(), "a loaded model saves to the same bytes");
    }

    [Test]
    public void Scoring_a_tree_model_allocates_nothing_in_steady_state() =>
        Goldens.SteadyStateAllocation(s_model.Value.Model, 5_000).Should().Be(0);

    [Test]
    public void Explanations_of_a_tree_stage_add_up_to_the_logit_difference()
    {
        var model = s_model.Value.Model;
        var threads = new ForumThreads(TestData.Corpus.Select(e => e.Message));
        foreach (var example in TestData.Corpus)
        {
            var context = threads.ContextOf(example.Message);
            var explanation = model.Explain(example.Message, context);
            var p = explanation.Result.Probabilities;
            double fromModel = Math.Log(p[explanation.Result.LevelIndex]) - Math.Log(p[explanation.ComparedWithIndex]);
            explanation.LogitDifference.Should().BeApproximately(fromModel, 1e-3);
            double sum = explanation.All.Sum(c => c.Contribution) + explanation.Other.Contribution + explanation.Bias.Contribution;
            sum.Should().BeApproximately(explanation.LogitDifference, 1e-6);
            explanation.All.Should().OnlyContain(c => c.Kind == ContributionKind.TextModel || c.Kind == ContributionKind.Lexicon || c.Kind == ContributionKind.Context);
        }
    }

    [Test]
    public void A_model_file_without_a_learner_has_an_empty_tree_section()
    {
        var model = TriageModel.Train(TestData.Corpus.Take(120).ToList(), new TriageTrainingOptions { Features = FeaturePipeline.NGramsOnly.WithNGrams(NGramOptions.Default with { HashBits = 10 }) });
        using var stream = new MemoryStream();
        model.Save(stream);
        byte[] bytes = stream.ToArray();
        BitConverter.ToInt32(bytes, bytes.Length - 36).Should().Be(0, "format 1.3 ends with a tree section of zero levels");
        System.Text.Encoding.UTF8.GetString(bytes).Should().NotContain("secondStage");
        string.CompareOrdinal(ModelFile.CurrentVersion, "1.3").Should().BeGreaterThanOrEqualTo(0, "tree sections exist since format 1.3");
    }
}
