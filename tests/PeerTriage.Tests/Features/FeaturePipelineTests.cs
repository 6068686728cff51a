using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Lexicons;

namespace PeerTriage.Tests.Features;

public class FeaturePipelineTests
{
    private static TriageTrainingOptions Options(FeaturePipeline pipeline) => new()
    {
        Features = pipeline.WithNGrams(NGramOptions.Default with { HashBits = 14 }),
        ExplanationMinAuthors = 2,
    };

    private static byte[] Save(TriageModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [TestCase("ngrams")]
    [TestCase("ngrams,lexicons")]
    [TestCase("ngrams,context")]
    [TestCase("ngrams,history")]
    [TestCase("default")]
    [TestCase("ngrams,lexicons,context,two-stage")]
    public void Every_pipeline_round_trips_bit_identically(string spec)
    {
        var model = TriageModel.Train(TestData.Corpus, Options(FeaturePipeline.Parse(spec)));
        var loaded = TriageModel.Load(new MemoryStream(Save(model)));
        loaded.Features.Should().Be(model.Features);
        loaded.DenseFeatureNames.Should().Equal(model.DenseFeatureNames);
        var threads = new ForumThreads(TestData.Corpus.Select(e => e.Message));
        foreach (var example in TestData.Corpus)
        {
            var context = threads.ContextOf(example.Message);
            loaded.Triage(example.Message, context).Probabilities.Should().Equal(model.Triage(example.Message, context).Probabilities);
            loaded.Triage(example.Message).Probabilities.Should().Equal(model.Triage(example.Message).Probabilities);
        }
    }

    [Test]
    public void A_custom_lexicon_is_stored_with_its_entries_and_rebuilt()
    {
        var custom = new Lexicon("mine", [new LexiconEntry("exam", "school", 1), new LexiconEntry("homework", "school", 1)]);
        var pipeline = FeaturePipeline.Default with { Lexicons = LexiconOptions.Default with { Extra = [custom] } };
        var model = TriageModel.Train(TestData.Corpus, Options(pipeline));
        model.DenseFeatureNames.Should().Contain("mine.school");
        var loaded = TriageModel.Load(new MemoryStream(Save(model)));
        loaded.Features.Lexicons!.Extra.Single().Fingerprint.Should().Be(custom.Fingerprint);
        var message = new ForumMessage("my exam is tomorrow and I feel sick");
        loaded.Triage(message).Probabilities.Should().Equal(model.Triage(message).Probabilities);
    }

    [Test]
    public void Parse_accepts_the_documented_groups_and_names_a_bad_one()
    {
        FeaturePipeline.Parse("ngrams").Should().Be(FeaturePipeline.NGramsOnly);
        FeaturePipeline.Parse("default").Should().Be(FeaturePipeline.Default);
        FeaturePipeline.Parse("ngrams, lexicons").Lexicons.Should().Be(LexiconOptions.Default);
        FeaturePipeline.Parse("ngrams,history").Context.Should().Be(ContextFeatureOptions.HistoryOnly);
        FeaturePipeline.Parse("ngrams,lexicons,two-stage").TwoStage.Should().BeTrue();
        FeaturePipeline.Parse("lexicons,history,two-stage").Describe().Should().Be("ngrams+lexicons+history+two-stage");
        FluentActions.Invoking(() => FeaturePipeline.Parse("ngrams,emoji")).Should().Throw<FormatException>().WithMessage("*'emoji'*");
        FluentActions.Invoking(() => FeaturePipeline.Parse("ngrams,two-stage").Validate()).Should().Throw<ArgumentException>().WithMessage("*TwoStage*");
    }

    [Test]
    public void Explanations_name_lexicon_categories_with_the_words_that_matched()
    {
        var model = TestData.DemoModel;
        var explanation = model.Explain(new ForumMessage("I want to kms tonight, I have the pills ready"), top: 100);
        explanation.All.Should().Contain(c => c.Kind == ContributionKind.Lexicon && c.Feature.StartsWith("risk.", StringComparison.Ordinal) && c.Feature.Contains("kms"));
        double sum = explanation.All.Sum(c => c.Contribution) + explanation.Bias.Contribution + explanation.Other.Contribution;
        sum.Should().BeApproximately(explanation.LogitDifference, 1e-4);
    }

    [Test]
    public void Explanations_of_two_stage_models_sum_to_the_logit_difference()
    {
        var model = TriageModel.Train(TestData.Corpus, Options(FeaturePipeline.Parse("ngrams,lexicons,context,two-stage")));
        foreach (var example in TestData.Corpus.Take(40))
        {
            var e = model.Explain(example.Message, ThreadContext.None, top: 100);
            var p = e.Result.Probabilities;
            double expected = Math.Log(p[e.Result.LevelIndex]) - Math.Log(p[e.ComparedWithIndex]);
            e.LogitDifference.Should().BeApproximately(expected, 1e-3);
            (e.All.Sum(c => c.Contribution) + e.Bias.Contribution + e.Other.Contribution).Should().BeApproximately(e.LogitDifference, 1e-4);
            e.All.Should().Contain(c => c.Kind == ContributionKind.TextModel);
        }
    }

    [Test]
    public void Context_cues_appear_in_explanations()
    {
        var model = TestData.DemoModel;
        var parent = new ForumMessage("I am going to end it tonight") { Id = "p", AuthorId = "a" };
        var reply = new ForumMessage("please talk to someone") { Id = "r", ParentId = "p", AuthorId = "b", AuthorRole = AuthorRole.Peer, Board = "support" };
        var context = new ThreadContext(parent, [parent]) { ParentLevel = 3 };
        var e = model.Explain(reply, context, top: 200);
        e.All.Should().Contain(c => c.Kind == ContributionKind.Context && c.Feature == "the parent post's text");
        e.All.Should().Contain(c => c.Kind == ContributionKind.Context && c.Feature == "context.parent_level.crisis");
        e.All.Should().Contain(c => c.Kind == ContributionKind.Context && c.Feature == "board: support");
    }

    [Test]
    public void Thread_context_changes_the_score_of_a_context_model()
    {
        var model = TestData.DemoModel;
        var message = new ForumMessage("same here");
        var parent = new ForumMessage("I want to die, I have a plan") { Id = "p" };
        var with = model.Triage(message, new ThreadContext(parent, [parent]) { ParentLevel = 3 });
        var without = model.Triage(message, ThreadContext.None);
        with.Probabilities.ToArray().Should().NotEqual(without.Probabilities.ToArray());
    }

    [Test]
    public void Scoring_with_lexicons_and_context_allocates_nothing_in_steady_state()
    {
        var model = TestData.DemoModel;
        var parent = new ForumMessage("I can't do this anymore, nobody would miss me") { Id = "p", AuthorRole = AuthorRole.Peer };
        var message = new ForumMessage("<p>Me neither. I'm <b>SO</b> tired of everything!!</p>") { Board = "Tough times", AuthorRole = AuthorRole.Peer };
        var context = new ThreadContext(parent, [parent]) { ParentLevel = 2, AuthorHistory = new AuthorHistory(3, 1) };
        Span<float> probabilities = stackalloc float[4];
        for (int i = 0; i < 100; i++)
            model.Triage(message, context, probabilities);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2_000; i++)
            model.Triage(message, context, probabilities);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Test]
    public void Training_dropout_copies_a_share_of_rows_without_context_and_only_when_training()
    {
        var pipeline = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 12 });
        var featurizer = new PipelineFeaturizer(pipeline, PriorityScheme.Default);
        var messages = TestData.Corpus.Select(e => e.Message).ToList();
        var contexts = messages.Select(_ => (ThreadContext?)ThreadContext.None).ToList();
        var training = featurizer.FeaturizeAll(messages, contexts, 1, CancellationToken.None, dropoutSeed: 42);
        int copies = training.Copies!.Count(c => c >= 0);
        training.Rows.Should().Be(messages.Count + copies);
        ((double)copies / messages.Count).Should().BeApproximately(0.25, 0.06);
        int unknown = featurizer.DenseNames.ToList().IndexOf("context.unknown");
        foreach (int copy in training.Copies!.Where(c => c >= 0))
            training.Dense[copy * training.DenseCount + unknown].Should().BeGreaterThan(0, "a copy is featurized without its context");

        featurizer.FeaturizeAll(messages, contexts, 1, CancellationToken.None).Copies.Should().BeNull("evaluation rows keep their context");
        var off = new PipelineFeaturizer(pipeline with { Context = ContextFeatureOptions.Default with { TrainingDropout = 0 } }, PriorityScheme.Default);
        off.FeaturizeAll(messages, contexts, 1, CancellationToken.None, dropoutSeed: 42).Rows.Should().Be(messages.Count);
    }

    [Test]
    public void A_supportive_reply_scored_without_its_context_is_not_mistaken_for_a_crisis()
    {
        // Before training dropout, a context model had never seen "no context" and put this reply at P(crisis) 0.81.
        var reply = new ForumMessage("hey, that sounds really exhausting. my parents were like that for a while too. do you have somewhere quiet you can go to study? sending hugs")
        {
            AuthorRole = AuthorRole.Peer,
            Board = "tough-times",
        };
        var result = TestData.DemoModel.Triage(reply);
        result.ProbabilityOf("crisis").Should().BeLessThan(0.5f);
        result.Level.Should().NotBe("crisis");
    }
}
