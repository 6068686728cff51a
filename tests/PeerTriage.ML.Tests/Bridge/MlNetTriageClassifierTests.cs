using Microsoft.ML;
using PeerTriage.Decisions;
using PeerTriage.ML.Bridge;

namespace PeerTriage.ML.Tests.Bridge;

public sealed class MlNetTriageClassifierTests
{
    private static MlNetTriageClassifier Classifier(MlNetClassifierOptions? options = null)
    {
        var (ml, model) = MlNetModels.FeaturizeTextSdca;
        return new MlNetTriageClassifier(ml, model, options);
    }

    [Test]
    public void Slots_map_to_levels_by_the_labels_key_values()
    {
        using var classifier = Classifier();
        classifier.Scheme.Should().Be(PriorityScheme.Default);
        classifier.SlotLevels.Should().BeEquivalentTo(PriorityScheme.Default.Levels);
        var result = classifier.Triage(new ForumMessage("I have the pills in front of me and I am going to take them all tonight"));
        result.Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
        result.Probabilities.Should().OnlyContain(p => p >= 0 && p <= 1);
    }

    [Test]
    public void Its_most_probable_level_is_the_models_predicted_label()
    {
        var (ml, model) = MlNetModels.FeaturizeTextSdca;
        using var classifier = Classifier();
        var corpus = TestData.Corpus;
        var expected = MlNetModels.PredictedLabels(ml, model, corpus);
        corpus.Select(m => classifier.Triage(m.Message).Level).Should().Equal(expected);
        (corpus.Where((m, i) => expected[i] == m.Label).Count() / (double)corpus.Count).Should().BeGreaterThan(MlNetModels.MajorityShare + 0.15);
    }

    [Test]
    public void Eight_threads_give_the_probabilities_of_a_sequential_run()
    {
        using var classifier = Classifier(MlNetClassifierOptions.Default with { MaxIdleEngines = 3 });
        var messages = TestData.Corpus.Select(m => m.Message).ToArray();
        int levels = classifier.Scheme.Count;
        var sequential = new float[messages.Length * levels];
        var sequentialLevels = new int[messages.Length];
        for (int i = 0; i < messages.Length; i++)
            sequentialLevels[i] = classifier.Triage(messages[i], null, sequential.AsSpan(i * levels, levels));

        // Eight threads share the classifier (more threads than idle engines kept); each scores every message, in its
        // own order, into its own arrays.
        var probabilities = new float[8][];
        var chosen = new int[8][];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            probabilities[t] = new float[messages.Length * levels];
            chosen[t] = new int[messages.Length];
            start.SignalAndWait();
            for (int k = 0; k < messages.Length; k++)
            {
                int i = (t % 2 == 0 ? k + t * 13 : messages.Length - 1 - k + t * 13) % messages.Length;
                chosen[t][i] = classifier.Triage(messages[i], null, probabilities[t].AsSpan(i * levels, levels));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (int t = 0; t < 8; t++)
        {
            probabilities[t].Select(BitConverter.SingleToInt32Bits).Should().Equal(sequential.Select(BitConverter.SingleToInt32Bits),
                $"thread {t} must give the sequential run's probabilities bit for bit");
            chosen[t].Should().Equal(sequentialLevels);
        }
    }

    [Test]
    public void TriageBatch_gives_the_sequential_results()
    {
        using var classifier = Classifier();
        var messages = TestData.Corpus.Select(m => m.Message).ToArray();
        var batch = classifier.TriageBatch(messages);
        batch.Should().HaveCount(messages.Length);
        for (int i = 0; i < messages.Length; i++)
        {
            var one = classifier.Triage(messages[i]);
            batch[i].LevelIndex.Should().Be(one.LevelIndex);
            batch[i].Probabilities.Should().Equal(one.Probabilities);
        }
    }

    [Test]
    public void A_text_column_the_model_does_not_read_is_named_in_the_error()
    {
        var act = () => Classifier(MlNetClassifierOptions.Default with { TextColumnName = "Body" });
        act.Should().Throw<ArgumentException>().WithMessage("*'Body' (TextColumnName)*")
            .Which.ParamName.Should().Be("model");
    }

    [Test]
    public void A_missing_score_column_is_named_with_the_columns_there_are()
    {
        var act = () => Classifier(MlNetClassifierOptions.Default with { ScoreColumnName = "Scores" });
        act.Should().Throw<ArgumentException>().WithMessage("*no output column 'Scores' (ScoreColumnName)*Score (Vector<Single, 4>)*");
    }

    [Test]
    public void A_score_column_that_is_not_a_vector_is_refused()
    {
        var act = () => Classifier(MlNetClassifierOptions.Default with { ScoreColumnName = "PredictedLabel" });
        act.Should().Throw<ArgumentException>().WithMessage("*'PredictedLabel' (ScoreColumnName)*known-size vector of Single*");
    }

    [Test]
    public void Classes_that_are_not_levels_are_named()
    {
        var scheme = new PriorityScheme(["low", "medium", "high", "critical"], flaggedFrom: 1, urgentFrom: 2);
        var act = () => Classifier(MlNetClassifierOptions.Default with { Scheme = scheme });
        act.Should().Throw<ArgumentException>().WithMessage("*Class '*' (slot 0*) is not a level of the scheme (low < medium < high < critical)*SlotLevels*");
    }

    [Test]
    public void An_explicit_mapping_renames_the_classes()
    {
        var scheme = new PriorityScheme(["low", "medium", "high", "critical"], flaggedFrom: 1, urgentFrom: 2);
        using var named = Classifier();
        var rename = new Dictionary<string, string> { ["green"] = "low", ["amber"] = "medium", ["red"] = "high", ["crisis"] = "critical" };
        using var classifier = Classifier(MlNetClassifierOptions.Default with { Scheme = scheme, SlotLevels = [.. named.SlotLevels.Select(l => rename[l])] });
        var message = TestData.Corpus[0].Message;
        classifier.Triage(message).Probabilities.Should().Equal(named.Triage(message).Probabilities);
    }

    [Test]
    public void A_mapping_of_the_wrong_length_is_refused()
    {
        var act = () => Classifier(MlNetClassifierOptions.Default with { SlotLevels = ["green", "red"] });
        act.Should().Throw<ArgumentException>().WithMessage("SlotLevels name 2 classes but the score column 'Score' has 4 slots.*");
    }

    [Test]
    public void A_model_needing_no_label_column_is_scored_from_the_text_alone()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(MlNetModels.Rows(TestData.Corpus));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        var model = ml.Transforms.Text.FeaturizeText("Features", "Text")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 5))
            .Fit(keyed);
        using var classifier = new MlNetTriageClassifier(ml, model, MlNetClassifierOptions.Default with { LabelColumnName = null });
        classifier.Triage(new ForumMessage("thank you all, feeling better today")).Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
    }

    [Test]
    public void Decisions_fitted_on_held_out_messages_apply_a_threshold_policy()
    {
        var corpus = TestData.Corpus;
        using var classifier = Classifier();
        using var decided = classifier.WithDecisions(corpus);
        decided.Options.Policy.Should().BeOfType<ThresholdPolicy>();
        decided.Options.InverseTemperature.Should().BeInRange(0.05f, 20f);
        classifier.Options.Policy.Should().BeNull("WithDecisions returns a new classifier");
        var result = decided.Triage(corpus[0].Message);
        result.Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
    }

    [Test]
    public void A_disposed_classifier_refuses_calls()
    {
        var classifier = Classifier();
        classifier.Dispose();
        FluentActions.Invoking(() => classifier.Triage(new ForumMessage("hello"))).Should().Throw<ObjectDisposedException>();
    }

    [Test]
    public void Bad_arguments_are_refused()
    {
        using var classifier = Classifier();
        FluentActions.Invoking(() => classifier.Triage(null!, null, new float[4])).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => classifier.Triage(new ForumMessage("x"), null, new float[3])).Should().Throw<ArgumentException>()
            .WithParameterName("probabilities");
        FluentActions.Invoking(() => new MlNetTriageClassifier(new MLContext(), null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => Classifier(MlNetClassifierOptions.Default with { TextColumnName = " " })).Should().Throw<ArgumentException>()
            .WithParameterName("TextColumnName");
        FluentActions.Invoking(() => Classifier(MlNetClassifierOptions.Default with { InverseTemperature = 0 })).Should().Throw<ArgumentException>()
            .WithParameterName("InverseTemperature");
    }
}
