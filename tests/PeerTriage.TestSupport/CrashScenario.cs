using PeerTriage;
using PeerTriage.Moderation;

namespace PeerTriage.TestSupport;

/// <summary>A deterministic, endless stream of events of every kind: event i is the same in every process.</summary>
public static class CrashScenario
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static readonly ModerationOptions Options = new() { CommunityWindow = TimeSpan.FromMinutes(30) };

    public static ModerationEvent Event(int i)
    {
        int j = i / 4;
        var at = Start.AddMinutes(i);
        string id = "ev" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] levels = ["green", "amber", "red", "crisis", "green", "amber"];
        switch (i % 4)
        {
            case 0:
                return new MessagePosted(id, at, new ForumMessage($"post {j} [{levels[j % levels.Length]}]")
                {
                    Id = "m" + j, ThreadId = "t" + (j / 3), AuthorId = "u" + (j % 17), AuthorRole = AuthorRole.Peer, Subject = "subject " + j,
                });
            case 1:
                return new ReplyPosted(id, at, "m" + j, j % 3 == 0 ? AuthorRole.Moderator : AuthorRole.Peer) { ReplierId = "r" + j };
            case 2:
                if (j % 5 == 0)
                    return new MessageFlagged(id, at, "m" + (j / 2)) { Reason = "worried" };
                if (j % 7 == 0)
                    return new MessageResolved(id, at, "m" + (j / 2));
                return new ReplyPosted(id, at, "m" + (j / 2), AuthorRole.Peer) { ReplierId = "u" + (j / 2 % 17) };
            default:
                if (j % 6 == 0)
                    return new LevelCorrected(id, at, "m" + (j / 3), j % 12 == 0 ? "crisis" : "green");
                if (j % 9 == 0)
                    return new MessageDeleted(id, at, "m" + (j / 3));
                return new MessageEdited(id, at, "m" + (j / 3), $"edited {j} [{levels[(j + 2) % levels.Length]}]");
        }
    }
}
