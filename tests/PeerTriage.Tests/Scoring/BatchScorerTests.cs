using System.Collections.Concurrent;
using PeerTriage.Scoring;

namespace PeerTriage.Tests.Scoring;

public class BatchScorerTests
{
    private static List<ForumMessage> Messages(int copies)
    {
        var list = new List<ForumMessage>();
        for (int c = 0; c < copies; c++)
            list.AddRange(TestData.Corpus.Select(e => e.Message));
        return list;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(-1)]
    public void Results_match_one_at_a_time_scoring_bit_for_bit(int threads)
    {
        var model = TestData.DemoModel;
        var messages = Messages(3);
        int k = model.Scheme.Count;
        var levels = new int[messages.Count];
        var probabilities = new float[messages.Count * k];
        BatchScorer.Triage(model, messages, levels, probabilities, new BatchOptions { MaxDegreeOfParallelism = threads });
        var expected = new float[k];
        for (int i = 0; i < messages.Count; i++)
        {
            levels[i].Should().Be(model.Triage(messages[i], null, expected));
            probabilities.AsSpan(i * k, k).ToArray().Should().Equal(expected);
        }
    }

    [Test]
    public void Result_objects_are_in_input_order()
    {
        var messages = Messages(1);
        var results = BatchScorer.Triage(TestData.DemoModel, messages);
        results.Should().HaveCount(messages.Count);
        for (int i = 0; i < messages.Count; i += 37)
            results[i].Probabilities.Should().Equal(TestData.DemoModel.Triage(messages[i]).Probabilities);
    }

    [Test]
    public void Progress_counts_every_message_and_ends_with_the_total()
    {
        var messages = Messages(4);
        var reports = new ConcurrentQueue<long>();
        var options = new BatchOptions { Progress = new Collect(reports), ProgressInterval = 100 };
        BatchScorer.Triage(TestData.DemoModel, messages, options);
        reports.Should().NotBeEmpty();
        reports.Last().Should().Be(messages.Count);
        reports.Count.Should().BeGreaterThan(messages.Count / 100 / 2, "a report about every 100 messages");
        reports.Should().OnlyContain(r => r > 0 && r <= messages.Count);
    }

    [Test]
    public void A_cancelled_token_stops_the_batch()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        FluentActions.Invoking(() => BatchScorer.Triage(TestData.DemoModel, Messages(1), cancellationToken: cts.Token))
            .Should().Throw<OperationCanceledException>();
    }

    [TestCase(1)]
    [TestCase(-1)]
    public void Cancelling_midway_stops_before_the_end(int threads)
    {
        var messages = Messages(20);
        using var cts = new CancellationTokenSource();
        long lastReport = 0;
        var options = new BatchOptions
        {
            MaxDegreeOfParallelism = threads,
            ProgressInterval = 50,
            Progress = new Callback(done =>
            {
                Interlocked.Exchange(ref lastReport, done);
                if (done >= 200)
                    cts.Cancel();
            }),
        };
        FluentActions.Invoking(() => BatchScorer.Triage(TestData.DemoModel, messages, options, cts.Token))
            .Should().Throw<OperationCanceledException>();
        Interlocked.Read(ref lastReport).Should().BeLessThan(messages.Count);
    }

    [Test]
    public void Bad_arguments_are_rejected()
    {
        var model = TestData.DemoModel;
        var messages = Messages(1);
        FluentActions.Invoking(() => BatchScorer.Triage(model, messages, new int[1], new float[messages.Count * 4]))
            .Should().Throw<ArgumentException>().WithParameterName("levels");
        FluentActions.Invoking(() => BatchScorer.Triage(model, messages, new int[messages.Count], new float[messages.Count]))
            .Should().Throw<ArgumentException>().WithParameterName("probabilities");
        FluentActions.Invoking(() => BatchScorer.Triage(model, [messages[0], null!]))
            .Should().Throw<ArgumentNullException>().WithMessage("*Message 1 is null*");
        FluentActions.Invoking(() => BatchScorer.Triage(model, messages, new BatchOptions { MaxDegreeOfParallelism = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>();
        BatchScorer.Triage(model, []).Should().BeEmpty();
    }

    private sealed class Collect(ConcurrentQueue<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Enqueue(value);
    }

    private sealed class Callback(Action<long> action) : IProgress<long>
    {
        public void Report(long value) => action(value);
    }
}
