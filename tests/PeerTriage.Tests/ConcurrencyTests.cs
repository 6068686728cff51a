using System.Diagnostics;
using System.Globalization;
using PeerTriage.Features;

namespace PeerTriage.Tests;

/// <summary>One model shared by many threads must score exactly as it does on one.</summary>
public class ConcurrencyTests
{
    private const int Messages = 100_000;
    private const int Threads = 8;

    private static readonly Lazy<TriageModel> s_model = new(() => TriageModel.Train(TestData.Corpus, new TriageTrainingOptions
    {
        Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 14 }),
    }));

    /// <summary>
    /// The corpus in four variants (as is; shouted; with a parent and the author's history; edited, with a context that
    /// has history but no parent), so threads meet different text lengths, buffers and context features.
    /// </summary>
    private static (ForumMessage Message, ThreadContext? Context)[] Inputs()
    {
        var corpus = TestData.Corpus;
        var inputs = new List<(ForumMessage, ThreadContext?)>();
        for (int i = 0; i < corpus.Count; i++)
        {
            var m = corpus[i].Message;
            var parent = corpus[(i + 7) % corpus.Count].Message;
            inputs.Add((m, null));
            inputs.Add((m with { Body = m.Body.ToUpperInvariant() }, ThreadContext.None));
            inputs.Add((m, new ThreadContext(parent, [parent]) { Depth = 1 + (i % 4), ParentLevel = i % 4, AuthorHistory = new AuthorHistory(i % 9, (i % 5) - 1) }));
            inputs.Add((m with { Body = m.Body + " (edited " + i.ToString(CultureInfo.InvariantCulture) + " times)" },
                new ThreadContext(null) { AuthorHistory = new AuthorHistory(1 + (i % 3), i % 4) }));
        }
        return [.. inputs];
    }

    [Test]
    public void Eight_threads_sharing_one_model_score_bit_identically_to_one_thread()
    {
        var model = s_model.Value;
        var inputs = Inputs();
        int k = model.Scheme.Count;

        var expectedLevels = new int[Messages];
        var expectedBits = new int[Messages * k];
        var probabilities = new float[k];
        for (int i = 0; i < Messages; i++)
        {
            var (message, context) = inputs[i % inputs.Length];
            expectedLevels[i] = model.Triage(message, context, probabilities);
            for (int c = 0; c < k; c++)
                expectedBits[(i * k) + c] = BitConverter.SingleToInt32Bits(probabilities[c]);
        }

        var levels = new int[Messages];
        var bits = new int[Messages * k];
        var errors = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                var own = new float[k];
                start.SignalAndWait();
                // Interleaved, and both overloads, so neighbouring messages are scored on different threads at once.
                for (int i = t; i < Messages; i += Threads)
                {
                    var (message, context) = inputs[i % inputs.Length];
                    if ((i / Threads) % 2 == 0)
                    {
                        levels[i] = model.Triage(message, context, own);
                        for (int c = 0; c < k; c++)
                            bits[(i * k) + c] = BitConverter.SingleToInt32Bits(own[c]);
                    }
                    else
                    {
                        var result = model.Triage(message, context);
                        levels[i] = result.LevelIndex;
                        for (int c = 0; c < k; c++)
                            bits[(i * k) + c] = BitConverter.SingleToInt32Bits(result.Probabilities[c]);
                    }
                }
            }
            catch (Exception e)
            {
                errors[t] = e;
            }
        })
        {
            IsBackground = true, // a thread stuck in a corrupted shared buffer must not keep the test run alive
        }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            if (!thread.Join(TimeSpan.FromMinutes(2)))
                Assert.Fail("A scoring thread did not finish in 2 minutes: threads are interfering with each other.");
        }
        watch.Stop();

        errors.Should().OnlyContain(e => e == null);
        for (int i = 0; i < Messages; i++)
        {
            if (levels[i] != expectedLevels[i])
                Assert.Fail($"message {i}: level {levels[i]} on 8 threads, {expectedLevels[i]} on one");
        }
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i] != expectedBits[i])
                Assert.Fail($"message {i / k}, level {i % k}: probability bits {bits[i]:X8} on 8 threads, {expectedBits[i]:X8} on one");
        }
        // The variants must really differ, or the comparison would prove little.
        expectedLevels.Distinct().Should().HaveCountGreaterThan(2);
        expectedBits.Distinct().Count().Should().BeGreaterThan(inputs.Length);
        TestContext.Out.WriteLine($"{Messages:N0} messages on {Threads} threads in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
