using PeerTriage.Moderation.Storage;

namespace PeerTriage.Moderation;

/// <summary>
/// The to-do rules as a pure function of a message's recorded state. Every stored field is a minimum, a maximum, a
/// count or a latest-by-time value, so applying the same events in any order gives the same state (deletion aside).
/// </summary>
internal static class ModerationRules
{
    public static bool IsResponder(AuthorRole role) => role is AuthorRole.Moderator or AuthorRole.Staff;

    /// <summary>Derives the to-do fields.</summary>
    /// <param name="m">The stored facts.</param>
    /// <param name="scheme">The priority scheme.</param>
    /// <param name="communityWindow">How long a flagged-but-not-urgent level waits for the community.</param>
    /// <param name="underservedRule">Whether a community reply must show empathy to answer (<see cref="ModerationOptions.KeepUnderserved"/>).</param>
    public static MessageRecord Derive(MessageRecord m, PriorityScheme scheme, TimeSpan communityWindow, bool underservedRule)
    {
        int level;
        LevelSource source;
        if (m.CorrectedLevel is int corrected)
        {
            level = corrected;
            source = LevelSource.Correction;
        }
        else if (m.FlagLevel is int flagged && flagged > m.ModelLevel)
        {
            level = flagged;
            source = LevelSource.Flag;
        }
        else
        {
            level = m.ModelLevel;
            source = LevelSource.Model;
        }

        // A flag after the last moderator response reopens the message, and it waits from the flag.
        long openSince = m.PostedAt;
        if (m.LastFlagAt is long flagAt && m.HandledAt is long handled && flagAt > handled)
            openSince = flagAt;

        // Without the rule any reply by someone else answers (moderators' too, though those also set HandledAt). With it,
        // only community replies that showed empathy or could not be judged answer; no-empathy ones are kept apart.
        long? answeredAt = underservedRule ? Min(m.FirstUnassessedReplyAt, m.FirstAnsweringReplyAt) : m.FirstReplyAt;
        long windowEnd = m.PostedAt + communityWindow.Ticks;
        bool answeredInWindow = answeredAt is long answer && answer <= windowEnd;
        bool waitsForCommunity = level >= scheme.FlaggedFrom && level < scheme.UrgentFrom && communityWindow > TimeSpan.Zero;
        bool underserved = underservedRule
            && waitsForCommunity
            && m.DeletedAt is null
            && !IsResponder(m.AuthorRole)
            && !answeredInWindow
            && m.FirstUnempathicReplyAt is long unempathic && unempathic <= windowEnd;

        long? attentionFrom = null;
        bool due = m.DeletedAt is null
            && !IsResponder(m.AuthorRole)
            && level >= scheme.FlaggedFrom
            && !(m.HandledAt is long h && h >= openSince);
        if (due)
        {
            bool immediate = level >= scheme.UrgentFrom || m.FlagCount > 0 || communityWindow <= TimeSpan.Zero;
            if (immediate)
                attentionFrom = openSince;
            else if (!answeredInWindow)
                attentionFrom = windowEnd;
        }
        return m with { Level = level, Source = source, AttentionFrom = attentionFrom, WaitingSince = openSince, Underserved = underserved };
    }

    /// <summary>Why a message with the given fields is on the list (see <see cref="AttentionReason"/> for the order).</summary>
    public static AttentionReason ReasonFor(int level, int flagCount, bool underserved, PriorityScheme scheme) =>
        level >= scheme.UrgentFrom ? AttentionReason.Urgent
        : flagCount > 0 ? AttentionReason.Flagged
        : underserved ? AttentionReason.Underserved
        : AttentionReason.Unanswered;

    /// <summary>Whether a reply by <paramref name="replierId"/> to a message by <paramref name="authorId"/> is by someone else (unknown ids count as someone else).</summary>
    public static bool IsByOther(string? replierId, string? authorId) =>
        replierId is null || authorId is null || !string.Equals(replierId, authorId, StringComparison.Ordinal);

    /// <summary>Whether a reply counts as a community reply to the underserved rule: by someone else, not a moderator or staff member.</summary>
    public static bool IsCommunityReply(AuthorRole replierRole, string? replierId, string? authorId) =>
        !IsResponder(replierRole) && IsByOther(replierId, authorId);

    /// <summary>Whether an assessment answers the message: anything but an assessed "no empathy".</summary>
    public static bool Answers(ReplyEmpathy empathy) => empathy is ReplyEmpathy.Unassessed or ReplyEmpathy.Empathic or ReplyEmpathy.AssessmentFailed;

    /// <summary>
    /// Recomputes <paramref name="parent"/>'s reply summaries from its stored replies (after one was edited or deleted).
    /// A reply counts at its posting time, or the parent's when earlier (clock skew).
    /// </summary>
    public static MessageRecord Summarize(MessageRecord parent, List<MessageRecord> replies)
    {
        long? answering = null, unempathic = null;
        foreach (var r in replies)
        {
            if (r.ReplyEmpathy == ReplyEmpathy.NotAReply || r.DeletedAt is not null || !IsCommunityReply(r.AuthorRole, r.AuthorId, parent.AuthorId))
                continue;
            long t = Math.Max(r.PostedAt, parent.PostedAt);
            if (Answers(r.ReplyEmpathy))
                answering = Min(answering, t);
            else if (r.ReplyEmpathy == ReplyEmpathy.NoEmpathy)
                unempathic = Min(unempathic, t);
        }
        return parent with { FirstAnsweringReplyAt = answering, FirstUnempathicReplyAt = unempathic };
    }

    /// <summary>Adds one new reply to <paramref name="parent"/>'s summaries (a new reply can only lower the minimums).</summary>
    public static MessageRecord AddReply(MessageRecord parent, MessageRecord reply)
    {
        if (reply.ReplyEmpathy == ReplyEmpathy.NotAReply || reply.DeletedAt is not null || !IsCommunityReply(reply.AuthorRole, reply.AuthorId, parent.AuthorId))
            return parent;
        long t = Math.Max(reply.PostedAt, parent.PostedAt);
        if (Answers(reply.ReplyEmpathy))
            return parent with { FirstAnsweringReplyAt = Min(parent.FirstAnsweringReplyAt, t) };
        return reply.ReplyEmpathy == ReplyEmpathy.NoEmpathy ? parent with { FirstUnempathicReplyAt = Min(parent.FirstUnempathicReplyAt, t) } : parent;
    }

    private static long? Min(long? a, long? b) => a is long x && (b is not long y || x <= y) ? x : b;

    public static bool NeedsEscalation(MessageRecord m, PriorityScheme scheme) =>
        m.Level == scheme.Highest && m.EscalatedAt is null && m.DeletedAt is null && !IsResponder(m.AuthorRole);
}
