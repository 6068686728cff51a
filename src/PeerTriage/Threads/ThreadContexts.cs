namespace PeerTriage;

/// <summary>
/// Attaches to training or evaluation examples the <see cref="ThreadContext"/> that was known when each was written:
/// parent, earlier posts and depth (threads rebuilt by <see cref="ForumThreads"/>), the parent's level, and the
/// author's history (an <see cref="InMemoryAuthorHistory"/> replayed in posting order).
/// </summary>
/// <remarks>
/// <para>
/// The levels must be ones the forum could have known at the time: levels predicted by a model that did not see the
/// example (cross-validation predictions), never gold labels. Gold labels leak: on data where every post of a user
/// carries the user's label (such as the C-SSRS posts), "highest level of the author's earlier posts" would equal the
/// label being predicted.
/// </para>
/// <para>
/// Order: when every message with an author has a <see cref="ForumMessage.PostedAt"/>, an author's history is their
/// posts strictly earlier in time (unlabelled messages included, with an unknown level). Otherwise the examples are
/// taken in input order (for example the C-SSRS <c>post_index</c> order) and unlabelled messages do not count.
/// Authors are <see cref="ForumMessage.AuthorId"/>, else <see cref="LabeledMessage.Group"/>.
/// </para>
/// </remarks>
public static class ThreadContexts
{
    /// <summary>Returns the examples, in the same order, each with its <see cref="LabeledMessage.Context"/> set.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="levels">For each example, the level index a model predicted without seeing it, or -1 when unknown.</param>
    /// <param name="unlabelled">Further messages of the same forum (unlabelled posts), which give threads their
    /// earlier posts and parents; null for none.</param>
    /// <param name="recentWindow">How many of an author's latest earlier posts <see cref="AuthorHistory.HighestRecentLevel"/>
    /// looks at. Default <see cref="InMemoryAuthorHistory.DefaultRecentWindow"/> (5).</param>
    /// <exception cref="ArgumentNullException">An argument or an item is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="levels"/> has the wrong length, or two messages share an id.</exception>
    public static IReadOnlyList<LabeledMessage> Attach(IReadOnlyList<LabeledMessage> examples, IReadOnlyList<int> levels,
        IEnumerable<ForumMessage>? unlabelled = null, int recentWindow = InMemoryAuthorHistory.DefaultRecentWindow)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count != examples.Count)
            throw new ArgumentException($"There are {examples.Count} examples but {levels.Count} levels.", nameof(levels));
        var extra = unlabelled?.ToList() ?? [];
        var contexts = Build(examples, levels, extra, recentWindow);
        var result = new LabeledMessage[examples.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = examples[i] with { Context = contexts[i] };
        return result;
    }

    /// <summary>
    /// The contexts training or cross-validation uses: none without context features; each row's own when any row has
    /// one; otherwise rebuilt from the rows, with levels from <paramref name="predictLevels"/> when the features read
    /// levels (never gold labels, which would leak) and unknown levels when they do not.
    /// </summary>
    /// <param name="rows">The training rows.</param>
    /// <param name="contextFeatures">Whether the pipeline has context features at all.</param>
    /// <param name="readsLevels">Whether they read levels (the parent's or the author's history); the caller says, so
    /// that threads need nothing of Features.</param>
    /// <param name="predictLevels">Out-of-fold levels for the rows, called only when needed.</param>
    internal static IReadOnlyList<ThreadContext?>? ForTraining(IReadOnlyList<LabeledMessage> rows, bool contextFeatures, bool readsLevels, Func<int[]> predictLevels)
    {
        if (!contextFeatures)
            return null;
        if (rows.Any(r => r.Context is not null))
            return rows.Select(r => r.Context).ToArray();
        int[] levels;
        if (readsLevels)
            levels = predictLevels();
        else
        {
            levels = new int[rows.Count];
            Array.Fill(levels, -1);
        }
        return Build(rows, levels, [], InMemoryAuthorHistory.DefaultRecentWindow);
    }

    internal static ThreadContext[] Build(IReadOnlyList<LabeledMessage> examples, IReadOnlyList<int> levels, List<ForumMessage> unlabelled, int recentWindow)
    {
        int n = examples.Count;
        var level = new Dictionary<ForumMessage, int>(ReferenceEqualityComparer.Instance);
        var threaded = new List<ForumMessage>();
        for (int i = 0; i < n; i++)
        {
            var e = examples[i] ?? throw new ArgumentNullException(nameof(examples), $"Example {i} is null.");
            if (level.TryAdd(e.Message, levels[i]) && HasThreadFields(e.Message))
                threaded.Add(e.Message);
        }
        var others = new List<ForumMessage>(); // unlabelled messages that are not also examples
        foreach (var m in unlabelled)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(unlabelled));
            if (!level.TryAdd(m, -1))
                continue;
            others.Add(m);
            if (HasThreadFields(m))
                threaded.Add(m);
        }
        var threads = new ForumThreads(threaded);

        string? AuthorOf(int i) => examples[i].Author;
        var history = new InMemoryAuthorHistory(recentWindow);
        bool timed = examples.All(e => e.Message.PostedAt is not null || e.Author is null)
            && others.All(m => m.PostedAt is not null || m.AuthorId is null);
        var histories = new AuthorHistory[n];
        if (timed)
        {
            for (int i = 0; i < n; i++)
            {
                if (AuthorOf(i) is { } a)
                    history.Record(a, examples[i].Message.PostedAt, levels[i]);
            }
            foreach (var m in others)
            {
                if (m.AuthorId is { } a)
                    history.Record(a, m.PostedAt, -1);
            }
            for (int i = 0; i < n; i++)
                histories[i] = AuthorOf(i) is { } a ? history.Get(a, examples[i].Message.PostedAt) : AuthorHistory.None;
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                if (AuthorOf(i) is not { } a)
                    continue;
                histories[i] = history.Get(a, null);
                history.Record(a, null, levels[i]);
            }
        }

        var result = new ThreadContext[n];
        for (int i = 0; i < n; i++)
        {
            var m = examples[i].Message;
            var thread = threads.Contains(m) ? threads.ContextOf(m) : ThreadContext.None;
            result[i] = new ThreadContext(thread.Parent, thread.EarlierPosts)
            {
                Depth = thread.Depth,
                ParentLevel = thread.Parent is { } p && level.TryGetValue(p, out int pl) ? pl : -1,
                AuthorHistory = histories[i],
            };
        }
        return result;
    }

    /// <summary>Whether a message can take part in a thread (it has an id, a thread id or a parent id).</summary>
    internal static bool HasThreadFields(ForumMessage m) =>
        !string.IsNullOrWhiteSpace(m.Id) || !string.IsNullOrWhiteSpace(m.ThreadId) || !string.IsNullOrWhiteSpace(m.ParentId);
}
