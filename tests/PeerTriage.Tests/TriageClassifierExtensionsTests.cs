using PeerTriage.Scoring;

namespace PeerTriage.Tests;

public class TriageClassifierExtensionsTests
{
    /// <summary>A classifier with only the one interface member: the level is the digit after "L" in the body.</summary>
    private sealed class DigitClassifier : ITriageClassifier
    {
        public PriorityScheme Scheme => PriorityScheme.Default;

        public int Triage(ForumMessage message, ThreadContext? context, Span<float> probabilities)
        {
            ArgumentNullException.ThrowIfNull(message);
            int level = message.Body[1] - '0';
            probabilities.Clear();
            probabilities[level] = 1;
            return level;
        }
    }

    [Test]
    public void Through_the_interface_a_model_scores_exactly_as_its_own_methods()
    {
        var model = TestData.DemoModel;
        ITriageClassifier classifier = model;
        var messages = TestData.Corpus.Select(e => e.Message).ToList();
        var batch = classifier.TriageBatch(messages);
        var scorer = BatchScorer.Triage(model, messages);
        batch.Should().HaveCount(messages.Count);
        for (int i = 0; i < messages.Count; i++)
        {
            var one = classifier.Triage(messages[i]);
            var own = model.Triage(messages[i]);
            one.LevelIndex.Should().Be(own.LevelIndex);
            one.Probabilities.Should().Equal(own.Probabilities);
            batch[i].LevelIndex.Should().Be(own.LevelIndex);
            batch[i].Probabilities.Should().Equal(own.Probabilities);
            scorer[i].Probabilities.Should().Equal(own.Probabilities);
        }
    }

    [Test]
    public void A_classifier_with_only_the_span_method_gets_single_and_batch_triage()
    {
        var classifier = new DigitClassifier();
        var messages = new[] { new ForumMessage("L0 fine"), new ForumMessage("L3 help"), new ForumMessage("L2 bad") };
        var one = classifier.Triage(messages[1]);
        one.Level.Should().Be("crisis");
        one.Probabilities.Should().Equal(0f, 0f, 0f, 1f);
        classifier.TriageBatch(messages).Select(r => r.LevelIndex).Should().Equal(0, 3, 2);
        FluentActions.Invoking(() => classifier.Triage(null!)).Should().Throw<ArgumentNullException>().WithParameterName("message");
        FluentActions.Invoking(() => classifier.TriageBatch([messages[0], null!])).Should().Throw<ArgumentNullException>().WithParameterName("messages");
        FluentActions.Invoking(() => classifier.TriageBatch(messages, new CancellationToken(true))).Should().Throw<OperationCanceledException>();
    }
}
