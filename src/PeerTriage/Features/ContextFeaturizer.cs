namespace PeerTriage.Features;

/// <summary>
/// Thread-context features of one message: a fixed dense layout (see <see cref="ContextFeatureOptions"/>) and the
/// hashed board key. The parent's n-grams are hashed by <see cref="PipelineFeaturizer"/>, which owns the n-gram
/// featurizer. Reads only the message and its <see cref="ThreadContext"/>; allocates nothing.
/// </summary>
internal sealed class ContextFeaturizer
{
    public const uint BoardSeed = 0x2F1B6C3Du;

    private readonly ContextFeatureOptions _options;
    private readonly int _levels;
    private readonly string[] _names;

    public ContextFeaturizer(ContextFeatureOptions options, PriorityScheme scheme)
    {
        _options = options;
        _levels = scheme.Count;
        var names = new List<string> { "context.unknown" };
        if (options.Thread)
        {
            names.AddRange(["context.first_post", "context.position", "context.depth", "context.replies_by_others", "context.moderator_replied",
                "context.quotes", "context.role.unknown", "context.role.peer", "context.role.moderator", "context.role.staff",
                "context.hours_since_parent", "context.hours_since_thread_start", "context.time_unknown"]);
        }
        if (options.ParentLevel)
        {
            names.Add("context.parent_level.none");
            names.AddRange(scheme.Levels.Select(l => "context.parent_level." + l));
        }
        if (options.AuthorHistory)
        {
            names.AddRange(["context.history.posts", "context.history.highest.none"]);
            names.AddRange(scheme.Levels.Select(l => "context.history.highest." + l));
        }
        _names = [.. names];
    }

    public ContextFeatureOptions Options => _options;

    public IReadOnlyList<string> FeatureNames => _names;

    public int FeatureCount => _names.Length;

    /// <summary>Writes the dense features to the first <see cref="FeatureCount"/> floats of <paramref name="destination"/>.</summary>
    public void Featurize(ForumMessage message, ThreadContext? context, Span<float> destination)
    {
        Span<float> d = destination[.._names.Length];
        d.Clear();
        int at = 0;
        d[at++] = context is null ? 1 : 0;
        if (_options.Thread)
        {
            if (context is not null)
            {
                var earlier = context.EarlierPosts;
                d[at] = context.Parent is null && earlier.Count == 0 ? 1 : 0;
                d[at + 1] = MathF.Log(1 + earlier.Count);
                d[at + 2] = MathF.Log(1 + context.Depth);
                int byOthers = 0;
                bool moderator = false;
                for (int i = 0; i < earlier.Count; i++)
                {
                    var post = earlier[i];
                    if (post.AuthorId is null || !string.Equals(post.AuthorId, message.AuthorId, StringComparison.Ordinal))
                        byOthers++;
                    moderator |= post.AuthorRole is AuthorRole.Moderator or AuthorRole.Staff;
                }
                d[at + 3] = MathF.Log(1 + byOthers);
                d[at + 4] = moderator ? 1 : 0;
            }
            d[at + 5] = Quotes(message.Body) ? 1 : 0;
            d[at + 6 + RoleIndex(message.AuthorRole)] = 1;
            var parent = context?.Parent;
            var first = context is null || context.EarlierPosts.Count == 0 ? null : context.EarlierPosts[0];
            bool unknown = context is null;
            if (parent is not null)
            {
                if (message.PostedAt is { } t && parent.PostedAt is { } p)
                    d[at + 10] = Hours(t - p);
                else
                    unknown = true;
            }
            if (first is not null)
            {
                if (message.PostedAt is { } t && first.PostedAt is { } f)
                    d[at + 11] = Hours(t - f);
                else
                    unknown = true;
            }
            d[at + 12] = unknown ? 1 : 0;
            at += 13;
        }
        if (_options.ParentLevel)
        {
            int level = context?.Parent is null ? -1 : context.ParentLevel;
            d[at + 1 + (level < _levels ? level : -1)] = 1;
            at += 1 + _levels;
        }
        if (_options.AuthorHistory)
        {
            var history = context?.AuthorHistory ?? default;
            d[at] = MathF.Log(1 + history.EarlierPosts);
            int level = history.HighestRecentLevel;
            d[at + 2 + (level < _levels ? level : -1)] = 1;
        }
    }

    /// <summary>The board's bucket in its own namespace, or -1 when the message has no board.</summary>
    public int BoardBucket(ForumMessage message, int bucketMask)
    {
        if (!_options.Board || string.IsNullOrWhiteSpace(message.Board))
            return -1;
        uint h = BoardSeed;
        foreach (char c in message.Board.AsSpan().Trim())
            h = FeatureHash.Step(h, char.ToLowerInvariant(c));
        return (int)(FeatureHash.Finish(h) & (uint)bucketMask);
    }

    private static float Hours(TimeSpan span) => MathF.Log(1 + (float)Math.Max(0, span.TotalHours));

    private static int RoleIndex(AuthorRole role) => role switch
    {
        AuthorRole.Peer => 1,
        AuthorRole.Moderator => 2,
        AuthorRole.Staff => 3,
        _ => 0,
    };

    /// <summary>How much of the raw body the quote test reads: generous for markup, bounded like the text itself.</summary>
    public const int QuoteScanLength = 65_536;

    // Forum exports quote with <blockquote>; BBCode forums with [quote].
    private static bool Quotes(string body)
    {
        ReadOnlySpan<char> head = body.AsSpan(0, Math.Min(body.Length, QuoteScanLength));
        return head.Contains("<blockquote", StringComparison.OrdinalIgnoreCase) || head.Contains("[quote", StringComparison.OrdinalIgnoreCase);
    }
}
