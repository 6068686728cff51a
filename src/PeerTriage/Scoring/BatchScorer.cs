using System.Collections.Concurrent;

namespace PeerTriage.Scoring;

/// <summary>
/// Triages many messages on all cores: the input is cut into contiguous ranges that <see cref="Parallel.ForEach{TSource}(System.Collections.Concurrent.OrderablePartitioner{TSource}, ParallelOptions, Action{TSource, ParallelLoopState, long})"/>
/// hands to worker threads, each scoring its range with the allocation-free
/// <see cref="ITriageClassifier.Triage(ForumMessage, ThreadContext?, Span{float})"/>.
/// </summary>
/// <remarks>
/// Results do not depend on the number of threads: every message is scored on its own. Each range checks for
/// cancellation between messages, so a cancelled batch stops within a few messages per thread.
/// </remarks>
public static class BatchScorer
{
    // Small enough to balance two to a few dozen cores and to notice cancellation quickly, large enough that
    // scheduling a range costs nothing next to scoring it.
    private const int MaxRangeSize = 256;

    /// <summary>
    /// Triages messages into caller-provided arrays: the level of message <c>i</c> goes to <c>levels[i]</c> and its
    /// probabilities to <c>probabilities[i * K .. i * K + K)</c>, where K is the scheme's level count.
    /// Allocates only the per-batch bookkeeping, not per message.
    /// </summary>
    /// <param name="classifier">The model.</param>
    /// <param name="messages">The messages; none may be null.</param>
    /// <param name="levels">Receives one level index per message; at least as long as <paramref name="messages"/>.</param>
    /// <param name="probabilities">Receives K probabilities per message; at least K times as long as <paramref name="messages"/>.</param>
    /// <param name="options">Threads and progress; null for <see cref="BatchOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the batch; the arrays then hold a partial result.</param>
    /// <exception cref="ArgumentNullException">An argument or a message is null.</exception>
    /// <exception cref="ArgumentException">An output array is too short.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static void Triage(ITriageClassifier classifier, IReadOnlyList<ForumMessage> messages, int[] levels, float[] probabilities,
        BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(probabilities);
        options ??= BatchOptions.Default;
        options.Validate();
        int count = messages.Count;
        int k = classifier.Scheme.Count;
        if (levels.Length < count)
            throw new ArgumentException($"levels holds {levels.Length} entries for {count} messages.", nameof(levels));
        if (probabilities.Length < (long)count * k)
            throw new ArgumentException($"probabilities holds {probabilities.Length} entries; {count} messages × {k} levels need {(long)count * k}.", nameof(probabilities));
        for (int i = 0; i < count; i++)
        {
            if (messages[i] is null)
                throw new ArgumentNullException(nameof(messages), $"Message {i} is null.");
        }

        Run(count, options, cancellationToken, (from, to, token) =>
        {
            for (int i = from; i < to && !token.IsCancellationRequested; i++)
                levels[i] = classifier.Triage(messages[i], null, probabilities.AsSpan(i * k, k));
        });
    }

    /// <summary>Triages messages on all cores and returns one result per message, in input order.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="messages">The messages; none may be null.</param>
    /// <param name="options">Threads and progress; null for <see cref="BatchOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    /// <returns>The results, in input order.</returns>
    /// <exception cref="ArgumentNullException">An argument or a message is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static TriageResult[] Triage(ITriageClassifier classifier, IReadOnlyList<ForumMessage> messages,
        BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(messages);
        var scheme = classifier.Scheme;
        int k = scheme.Count;
        var levels = new int[messages.Count];
        var probabilities = new float[messages.Count * k];
        Triage(classifier, messages, levels, probabilities, options, cancellationToken);
        var results = new TriageResult[messages.Count];
        for (int i = 0; i < results.Length; i++)
            results[i] = new TriageResult(scheme, levels[i], probabilities.AsSpan(i * k, k));
        return results;
    }

    /// <summary>
    /// Runs <paramref name="body"/> over contiguous ranges of [0, <paramref name="count"/>) in parallel, reporting progress.
    /// The body stops early when the token is cancelled; this method then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    internal static void Run(int count, BatchOptions options, CancellationToken cancellationToken, Action<int, int, CancellationToken> body)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (count == 0)
        {
            options.Progress?.Report(0);
            return;
        }
        int threads = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        var progress = options.Progress is null ? null : new ProgressCounter(options.Progress, options.ProgressInterval);
        if (threads == 1 || count == 1)
        {
            // The calling thread alone: no task scheduling, in ranges only so progress is reported as it goes.
            for (int from = 0; from < count; from += MaxRangeSize)
            {
                int to = Math.Min(count, from + MaxRangeSize);
                body(from, to, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Add(to - from);
            }
        }
        else
        {
            int rangeSize = Math.Clamp(count / (threads * 8), 1, MaxRangeSize);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
            Parallel.ForEach(Partitioner.Create(0, count, rangeSize), parallel, (range, state) =>
            {
                // After cancellation the loop may still hand out ranges; they must not count as scored.
                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }
                body(range.Item1, range.Item2, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop();
                    return;
                }
                progress?.Add(range.Item2 - range.Item1);
            });
        }
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Finish(count);
    }

    /// <summary>Counts finished messages across threads and reports each time another interval has passed.</summary>
    private sealed class ProgressCounter(IProgress<long> progress, int interval)
    {
        private long _done;
        private long _nextReport = interval;

        public void Add(int finished)
        {
            long done = Interlocked.Add(ref _done, finished);
            long next = Volatile.Read(ref _nextReport);
            if (done >= next && Interlocked.CompareExchange(ref _nextReport, done - (done % interval) + interval, next) == next)
                progress.Report(done);
        }

        public void Finish(long total)
        {
            progress.Report(total);
        }
    }
}
