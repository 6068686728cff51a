namespace PeerTriage.Features;

/// <summary>
/// Which thread-context features a model reads from the <see cref="ThreadContext"/> passed with each message. Only what
/// was known when the message was posted is used: never later replies, kudos or views.
/// </summary>
/// <remarks>
/// Dense features, in this order: "context.unknown" (no context was passed); with <see cref="Thread"/>:
/// "context.first_post", "context.position" (ln(1 + earlier posts)), "context.depth" (ln(1 + depth)),
/// "context.replies_by_others" (ln(1 + earlier posts by other authors)), "context.moderator_replied",
/// "context.quotes" (a <c>&lt;blockquote</c> or <c>[quote</c> in the first 65,536 chars of the raw body), "context.role.unknown|peer|moderator|staff", "context.hours_since_parent",
/// "context.hours_since_thread_start" (each ln(1 + hours)) and "context.time_unknown"; with <see cref="ParentLevel"/>:
/// "context.parent_level.none" and one "context.parent_level.&lt;level&gt;" per level; with
/// <see cref="AuthorHistory"/>: "context.history.posts" (ln(1 + earlier posts by the author)),
/// "context.history.highest.none" and one "context.history.highest.&lt;level&gt;" per level.
/// Hashed features, each in its own namespace of the n-gram table: the board's name ("board:"), and the parent's
/// word and character n-grams ("parent:") scaled by <see cref="ParentTextWeight"/>.
/// </remarks>
public sealed record ContextFeatureOptions
{
    private readonly float _parentTextWeight = 0.5f;
    private readonly float _trainingDropout = 0.25f;

    /// <summary>All context features on, parent text at weight 0.5.</summary>
    public static ContextFeatureOptions Default { get; } = new();

    /// <summary>Only the author-history features (for data without threads, such as per-user post histories).</summary>
    public static ContextFeatureOptions HistoryOnly { get; } = new() { Thread = false, Board = false, ParentText = false, ParentLevel = false };

    /// <summary>Thread position and structure, the author's role, timing, moderator replies and quoting. Default true.</summary>
    public bool Thread { get; init; } = true;

    /// <summary>The board's name, hashed in its own namespace. Default true.</summary>
    public bool Board { get; init; } = true;

    /// <summary>The parent post's n-grams, hashed in their own namespace. Default true.</summary>
    public bool ParentText { get; init; } = true;

    /// <summary>Scale of the parent's n-gram values relative to the message's own. Default 0.5. Allowed (0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in (0, 1].</exception>
    public float ParentTextWeight
    {
        get => _parentTextWeight;
        init
        {
            if (!(value > 0 && value <= 1))
                throw new ArgumentOutOfRangeException(nameof(ParentTextWeight), value, "ParentTextWeight must be in (0, 1].");
            _parentTextWeight = value;
        }
    }

    /// <summary>
    /// Share of training rows that are also learned without their context, as if the caller had passed none. Without
    /// it, a model trained only on full contexts meets "no context" for the first time when scoring, and can misread a
    /// supportive reply as a first post in distress. Rows are picked with <see cref="TriageTrainingOptions.Seed"/>;
    /// evaluation rows never lose their context. Default 0.25. Allowed [0, 1].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1].</exception>
    public float TrainingDropout
    {
        get => _trainingDropout;
        init
        {
            if (!(value >= 0 && value <= 1))
                throw new ArgumentOutOfRangeException(nameof(TrainingDropout), value, "TrainingDropout must be in [0, 1].");
            _trainingDropout = value;
        }
    }

    /// <summary>The parent's triage level (<see cref="ThreadContext.ParentLevel"/>), one-hot. Default true.</summary>
    public bool ParentLevel { get; init; } = true;

    /// <summary>The author's earlier posts and the highest level among the recent ones (<see cref="ThreadContext.AuthorHistory"/>). Default true.</summary>
    public bool AuthorHistory { get; init; } = true;
}
