namespace PeerTriage.Moderation;

/// <summary>
/// Why a message is (or will be) on the to-do list. When several apply, the first in this order is given:
/// <see cref="Urgent"/>, <see cref="Flagged"/>, <see cref="Underserved"/>, <see cref="Unanswered"/>.
/// </summary>
public enum AttentionReason
{
    /// <summary>Its level is urgent (at least <see cref="PriorityScheme.UrgentFrom"/>; red and crisis by default): it is on the list until a moderator answers.</summary>
    Urgent = 1,

    /// <summary>A community flag put it on the list at once (also when a moderator had answered before the flag).</summary>
    Flagged = 2,

    /// <summary>
    /// Flagged but not urgent (amber by default), and the community window passed with no community reply that answers it
    /// (or the window is zero).
    /// </summary>
    Unanswered = 3,

    /// <summary>
    /// Flagged but not urgent (amber by default), and the community did reply within the window, but every such reply
    /// was assessed as showing no empathy (<see cref="ModerationOptions.KeepUnderserved"/>). The CLPsych scheme has the
    /// same idea as its fine label "underserved" under amber.
    /// </summary>
    Underserved = 4,
}
