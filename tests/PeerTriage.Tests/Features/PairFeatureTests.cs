using PeerTriage.Features;
using PeerTriage.Text;

namespace PeerTriage.Tests.Features;

public class PairFeatureTests
{
    private static readonly PipelineFeaturizer s_featurizer = new(FeaturePipeline.NGramsOnly with { Pairs = PairFeatureOptions.Default }, PriorityScheme.Default);

    private static Dictionary<string, float> Features(string response, string? seeker)
    {
        var builder = new FeatureBuilder();
        var context = seeker is null ? null : new ThreadContext(new ForumMessage(seeker));
        s_featurizer.Extract(new ForumMessage(response), context, builder);
        var names = s_featurizer.DenseNames;
        // The pipeline scales dense features by DenseScale; undo it to read the raw values.
        return names.Select((n, j) => (n, v: builder.Dense[j] / s_featurizer.Pipeline.DenseScale)).ToDictionary(x => x.n, x => x.v);
    }

    [Test]
    public void Feature_names_are_the_lexicon_categories_then_structure_then_echo()
    {
        s_featurizer.DenseNames.Should().Equal("pair.reflection", "pair.shared_experience", "pair.advice", "pair.minimizing", "pair.referral", "pair.sympathy",
            "pair.question_to_seeker", "pair.questions", "pair.second_person", "pair.first_person", "pair.length", "pair.seeker_echo", "pair.no_seeker");
    }

    [Test]
    public void Phrases_of_each_move_are_counted()
    {
        var f = Features("It sounds like you're exhausted. I've been there. You should see a therapist. Just cheer up! So sorry, sending hugs.", "I am exhausted");
        f["pair.reflection"].Should().BeApproximately(MathF.Log(2), 1e-6f);
        f["pair.shared_experience"].Should().BeApproximately(MathF.Log(2), 1e-6f);
        f["pair.advice"].Should().BeApproximately(MathF.Log(2), 1e-6f);
        f["pair.referral"].Should().BeApproximately(MathF.Log(2), 1e-6f);
        f["pair.minimizing"].Should().BeApproximately(MathF.Log(2), 1e-6f);
        f["pair.sympathy"].Should().BeApproximately(MathF.Log(3), 1e-6f, "'so sorry' and 'sending hugs'");
        var none = Features("The weather was fine and the bus was late.", "I am exhausted");
        new[] { "pair.reflection", "pair.shared_experience", "pair.advice", "pair.minimizing", "pair.referral", "pair.sympathy", "pair.questions" }
            .Should().OnlyContain(n => none[n] == 0);
    }

    [Test]
    public void Questions_aimed_at_the_seeker_need_a_second_person_word_in_the_sentence()
    {
        var f = Features("Why would anyone do that? How are you feeling now? Did it help.", null);
        f["pair.questions"].Should().BeApproximately(MathF.Log(3), 1e-6f);
        f["pair.question_to_seeker"].Should().BeApproximately(MathF.Log(2), 1e-6f);
    }

    [Test]
    public void Pronoun_rates_length_and_echo_are_read_against_the_seeker_post()
    {
        var f = Features("You lost your job and I know the exams scare you", "I lost my job and my exams scare me");
        f["pair.second_person"].Should().BeApproximately(3f / 11, 1e-6f);
        f["pair.first_person"].Should().BeApproximately(1f / 11, 1e-6f);
        f["pair.length"].Should().BeApproximately(MathF.Log(12) / 4, 1e-6f);
        // Seeker content words: lost, job, exams, scare → all four echoed.
        f["pair.seeker_echo"].Should().Be(1f);
        f["pair.no_seeker"].Should().Be(0f);
        var half = Features("the job is gone", "I lost my job and my exams scare me");
        half["pair.seeker_echo"].Should().Be(0.25f);
        Features("the job is gone", null)["pair.no_seeker"].Should().Be(1f);
    }

    [Test]
    public void Matches_carry_spans_of_the_phrases_in_the_normalized_text()
    {
        var analysis = new TextAnalysis();
        var message = new ForumMessage("Well, IT SOUNDS LIKE you're tired. How are you?");
        s_featurizer.NGrams.Analyze(message, analysis);
        var matches = s_featurizer.Pairs!.Matches(analysis, new ForumMessage("I'm so tired"), s_featurizer.NGrams);
        string normalized = new(analysis.Normalized);
        var reflection = matches.Single(m => m.Feature == "pair.reflection");
        normalized.Substring(reflection.Start, reflection.Length).Should().Be("it sounds like");
        var question = matches.Single(m => m.Feature == "pair.question_to_seeker");
        normalized.Substring(question.Start, question.Length).Should().Be("how are you?");
        matches.Should().Contain(m => m.Feature == "pair.seeker_echo" && m.Text == "tired");
    }

    [Test]
    public void Extraction_allocates_nothing_in_steady_state()
    {
        var builder = FeatureBuilder.ForCurrentThread();
        var seeker = new ThreadContext(new ForumMessage("I lost my job last week and I can't stop crying."));
        var reply = new ForumMessage("I'm so sorry. It sounds like you feel lost. What has helped you before?");
        for (int i = 0; i < 5; i++)
            s_featurizer.Extract(reply, seeker, builder);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
            s_featurizer.Extract(reply, seeker, builder);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Test]
    public void Triage_pipelines_have_no_pair_features_unless_asked()
    {
        FeaturePipeline.Default.Pairs.Should().BeNull();
        FeaturePipeline.Parse("ngrams,pairs").Pairs.Should().Be(PairFeatureOptions.Default);
        FeaturePipeline.Parse("ngrams,pairs").Describe().Should().Be("ngrams+pairs");
    }

    [Test]
    public void The_built_in_lexicon_has_six_categories_and_a_stable_fingerprint()
    {
        PairFeatureLexicon.BuiltIn.Categories.Should().Equal("reflection", "shared_experience", "advice", "minimizing", "referral", "sympathy");
        PairFeatureLexicon.BuiltIn.TermCount.Should().BeGreaterThan(150);
    }
}
