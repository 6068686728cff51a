using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests;

public class TriageModelTests
{
    private static readonly ForumMessage Crisis = new("I've written my goodbye letters and I have the pills here. I'm sorry everyone, tonight is the night.");
    private static readonly ForumMessage Green = new("thank you all so much, feeling a lot better today :)");

    [Test]
    public void Demo_model_separates_an_obvious_crisis_from_an_obvious_green_post()
    {
        var model = TestData.DemoModel;
        var crisis = model.Triage(Crisis);
        var green = model.Triage(Green);
        crisis.Level.Should().Be("crisis");
        crisis.IsUrgent.Should().BeTrue();
        green.Level.Should().Be("green");
        green.IsFlagged.Should().BeFalse();
        crisis.ProbabilityOf("crisis").Should().BeGreaterThan(green.ProbabilityOf("crisis"));
    }

    [Test]
    public void Probabilities_sum_to_one_and_level_is_the_policys_decision()
    {
        foreach (var example in TestData.Corpus.Take(50))
        {
            var result = TestData.DemoModel.Triage(example.Message);
            result.Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
            result.LevelIndex.Should().Be(TestData.DemoModel.Policy.Decide(result.Probabilities.ToArray()));
        }
    }

    [Test]
    public void Model_fits_its_training_data_well()
    {
        var model = TestData.DemoModel;
        var scheme = model.Scheme;
        int flaggedHits = TestData.Corpus.Count(e => scheme.IsFlagged(scheme.IndexOf(e.Label)) && model.Triage(e.Message).IsFlagged);
        int flagged = TestData.Corpus.Count(e => scheme.IsFlagged(scheme.IndexOf(e.Label)));
        ((double)flaggedHits / flagged).Should().BeGreaterThan(0.95, "recall targets favour recall, and these are training messages");
    }

    [Test]
    public void Span_api_matches_the_convenient_api()
    {
        Span<float> buffer = stackalloc float[4];
        int level = TestData.DemoModel.Triage(Crisis, null, buffer);
        var result = TestData.DemoModel.Triage(Crisis);
        level.Should().Be(result.LevelIndex);
        buffer.ToArray().Should().Equal(result.Probabilities);
    }

    [Test]
    public void Scoring_allocates_nothing_in_steady_state()
    {
        var model = TestData.DemoModel;
        var messages = TestData.Corpus.Select(e => e.Message).ToArray();
        var buffer = new float[model.Scheme.Count];
        foreach (var m in messages)
            model.Triage(m, null, buffer); // warm up: buffers grow to the largest message
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
            model.Triage(messages[i % messages.Length], null, buffer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
    }

    [Test]
    public void Training_is_deterministic()
    {
        var options = new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 16 }) };
        var a = TriageModel.Train(TestData.Corpus, options);
        var b = TriageModel.Train(TestData.Corpus, options with { MaxDegreeOfParallelism = 1 });
        a.Weights.SequenceEqual(b.Weights).Should().BeTrue();
        a.Bias.SequenceEqual(b.Bias).Should().BeTrue();
        a.Info.TrainingDataSha256.Should().Be(b.Info.TrainingDataSha256).And.HaveLength(64);
    }

    [Test]
    public void Parallel_scoring_gives_the_same_answers_as_sequential()
    {
        var model = TestData.DemoModel;
        var messages = TestData.Corpus.Select(e => e.Message).ToList();
        var batch = model.TriageBatch(messages);
        var results = new TriageResult[messages.Count];
        Parallel.For(0, messages.Count, i => results[i] = model.Triage(messages[i]));
        for (int i = 0; i < messages.Count; i++)
        {
            var sequential = model.Triage(messages[i]);
            batch[i].Probabilities.Should().Equal(sequential.Probabilities);
            results[i].Probabilities.Should().Equal(sequential.Probabilities);
        }
    }

    [Test]
    public void Custom_scheme_trains_and_triages()
    {
        var scheme = new PriorityScheme(["minimum", "mild", "moderate", "severe"], 1, 2);
        string[] map = ["minimum", "mild", "moderate", "severe"];
        var examples = TestData.Corpus.Select(e => e with { Label = map[PriorityScheme.Default.IndexOf(e.Label)] }).ToList();
        var model = TriageModel.Train(examples, new TriageTrainingOptions { Scheme = scheme, Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 16 }) });
        var result = model.Triage(Crisis);
        result.Level.Should().Be("severe");
        result.Scheme.Should().Be(scheme);
    }

    [Test]
    public void Unknown_label_names_the_label_and_its_source()
    {
        var examples = TestData.Corpus.Take(10).ToList();
        examples[3] = examples[3] with { Label = "purple", Source = "forum.csv:17" };
        var act = () => TriageModel.Train(examples);
        act.Should().Throw<ArgumentException>().WithMessage("*forum.csv:17*purple*");
    }

    [Test]
    public void Empty_training_set_and_null_arguments_are_rejected()
    {
        FluentActions.Invoking(() => TriageModel.Train([])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => TriageModel.Train(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => TestData.DemoModel.Triage(null!)).Should().Throw<ArgumentNullException>().WithParameterName("message");
        FluentActions.Invoking(() => TestData.DemoModel.TriageBatch([Green, null!])).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => TestData.DemoModel.Triage(Green, null, new float[2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ForumMessage(null!)).Should().Throw<ArgumentNullException>();
    }

    [TestCase("")]
    [TestCase("   \n\t ")]
    public void Empty_or_blank_bodies_get_the_prior(string body)
    {
        // The prior: biases plus what the dense features of a textless message without context contribute.
        var model = TestData.DemoModel;
        var result = model.Triage(new ForumMessage(body));
        var featurizer = model.Featurizer;
        var builder = new FeatureBuilder();
        featurizer.Extract(new ForumMessage(body), null, builder).Should().Be(0);
        var logits = model.Bias.ToArray();
        var denseWeights = model.WeightSet.Dense;
        for (int j = 0; j < featurizer.DenseCount; j++)
        {
            for (int c = 0; c < logits.Length; c++)
                logits[c] += builder.Dense[j] * denseWeights[(j * logits.Length) + c];
        }
        var expected = logits.Select(b => b * (1f / model.Temperature)).ToArray();
        Softmax.InPlace(expected);
        result.Probabilities.Should().Equal(expected);
        result.LevelIndex.Should().Be(model.Policy.Decide(expected));
    }

    [Test]
    public void Hostile_text_is_handled_within_the_caps()
    {
        var model = TestData.DemoModel;
        var random = new Random(7);
        var garbage = new char[1_000_000];
        for (int i = 0; i < garbage.Length; i++)
            garbage[i] = (char)random.Next(0, 0x10000); // includes unpaired surrogates and control characters
        string[] bodies =
        [
            new string(garbage),
            string.Concat(Enumerable.Repeat("<div><blockquote>", 50_000)),
            string.Concat(Enumerable.Repeat("i want to die ", 80_000)),
            "<p unclosed <b>bold <img title=\"Sad\" src=x> &#xD800; &#99999999; \0\u0001\uFFFF",
        ];
        foreach (string body in bodies)
        {
            var result = model.Triage(new ForumMessage(body) { Subject = body });
            result.Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
            result.Probabilities.Should().OnlyContain(p => float.IsFinite(p));
        }
    }

    [Test]
    public void Cancellation_stops_training()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var act = () => TriageModel.Train(TestData.Corpus, cancellationToken: cts.Token);
        act.Should().Throw<OperationCanceledException>();
    }

    [Test]
    public void Invalid_options_are_rejected_with_their_name()
    {
        var act = () => TriageModel.Train(TestData.Corpus, new TriageTrainingOptions { L2 = -1 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("L2");
        act = () => TriageModel.Train(TestData.Corpus, new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 40 }) });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("HashBits");
        act = () => TriageModel.Train(TestData.Corpus, new TriageTrainingOptions { ClassWeighting = (ClassWeighting)9 });
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
