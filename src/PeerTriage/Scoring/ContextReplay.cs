namespace PeerTriage.Scoring;

/// <summary>
/// Triages a forum's messages one by one in posting order, the way a live deployment would have: each message gets
/// the context known when it was posted — its parent and the thread's earlier posts (rebuilt by
/// <see cref="ForumThreads"/>), the most probable level this classifier gave the parent, and the most probable levels
/// it gave the author's earlier posts (an <see cref="InMemoryAuthorHistory"/>; see <see cref="TriageResult.MostProbableIndex"/>). Use it to evaluate a context model on a dataset,
/// or to back-fill levels for a forum's history.
/// </summary>
/// <remarks>
/// Order: by <see cref="ForumMessage.PostedAt"/> when every message has one (equal times keep input order), input order
/// otherwise. Sequential by nature (every level feeds later contexts), so it uses one thread.
/// </remarks>
public static class ContextReplay
{
    /// <summary>Triages the messages in posting order; the results are returned in input order.</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="messages">The messages of one forum (or one dataset); none may be null.</param>
    /// <param name="authors">For messages without an <see cref="ForumMessage.AuthorId"/>, an author key per message (for
    /// example a dataset's user column); null for none.</param>
    /// <param name="recentWindow">How many of an author's latest earlier posts <see cref="AuthorHistory.HighestRecentLevel"/>
    /// looks at. Default <see cref="InMemoryAuthorHistory.DefaultRecentWindow"/> (5).</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classifier"/>, <paramref name="messages"/> or a message is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="authors"/> has the wrong length, or two messages share an id.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IReadOnlyList<TriageResult> Triage(ITriageClassifier classifier, IReadOnlyList<ForumMessage> messages,
        IReadOnlyList<string?>? authors = null, int recentWindow = InMemoryAuthorHistory.DefaultRecentWindow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(messages);
        if (authors is not null && authors.Count != messages.Count)
            throw new ArgumentException($"There are {messages.Count} messages but {authors.Count} authors.", nameof(authors));

        var index = new Dictionary<ForumMessage, int>(ReferenceEqualityComparer.Instance);
        var threaded = new List<ForumMessage>();
        bool timed = true;
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw new ArgumentNullException(nameof(messages), $"The message at position {i} is null.");
            timed &= m.PostedAt is not null;
            if (index.TryAdd(m, i) && ThreadContexts.HasThreadFields(m))
                threaded.Add(m);
        }
        var threads = new ForumThreads(threaded);
        var order = Enumerable.Range(0, messages.Count).ToArray();
        if (timed)
            order = [.. order.OrderBy(i => messages[i].PostedAt!.Value)]; // stable: equal times keep input order

        var history = new InMemoryAuthorHistory(recentWindow);
        var levels = new int[messages.Count];
        Array.Fill(levels, -1);
        var results = new TriageResult[messages.Count];
        foreach (int i in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var m = messages[i];
            var thread = threads.Contains(m) ? threads.ContextOf(m) : ThreadContext.None;
            string? author = m.AuthorId ?? authors?[i];
            DateTimeOffset? at = timed ? m.PostedAt : null;
            var context = new ThreadContext(thread.Parent, thread.EarlierPosts)
            {
                Depth = thread.Depth,
                ParentLevel = thread.Parent is { } parent && index.TryGetValue(parent, out int p) ? levels[p] : -1,
                AuthorHistory = author is null ? AuthorHistory.None : history.Get(author, at),
            };
            var result = classifier.Triage(m, context);
            results[i] = result;
            levels[i] = result.MostProbableIndex;
            if (author is not null)
                history.Record(author, at, levels[i]);
        }
        return results;
    }
}
