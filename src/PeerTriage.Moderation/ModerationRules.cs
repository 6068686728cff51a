using PeerTriage.Moderation.Storage;

namespace PeerTriage.Moderation;

/// <summary>
/// The to-do rules as a pure function of a message's recorded state. Every stored field is a minimum, a maximum, a
/// count or a latest-by-time value, so applying the same events in any order gives the same state (deletion aside).
/// </summary>
internal static class ModerationRules
{
    public static bool IsResponder(AuthorRole role) => role is AuthorRole.Moderator or AuthorRole.Staff;

    public static MessageRecord Derive(MessageRecord m, PriorityScheme scheme, TimeSpan communityWindow)
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

        long? attentionFrom = null;
        bool due = m.DeletedAt is null
            && !IsResponder(m.AuthorRole)
            && level >= scheme.FlaggedFrom
            && !(m.HandledAt is long h && h >= openSince);
        if (due)
        {
            bool immediate = level >= scheme.UrgentFrom || m.FlagCount > 0 || communityWindow <= TimeSpan.Zero;
            if (immediate)
            {
                attentionFrom = openSince;
            }
            else
            {
                long windowEnd = m.PostedAt + communityWindow.Ticks;
                if (m.FirstReplyAt is not long reply || reply > windowEnd)
                    attentionFrom = windowEnd;
            }
        }
        return m with { Level = level, Source = source, AttentionFrom = attentionFrom, WaitingSince = openSince };
    }

    public static bool NeedsEscalation(MessageRecord m, PriorityScheme scheme) =>
        m.Level == scheme.Highest && m.EscalatedAt is null && m.DeletedAt is null && !IsResponder(m.AuthorRole);
}
