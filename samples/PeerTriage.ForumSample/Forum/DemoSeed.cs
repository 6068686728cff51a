namespace PeerTriage.ForumSample.Forum;

/// <summary>
/// A few demo threads, posted through the same actions as real posts (so PeerTriage triages them), backdated so the
/// sidebar has something to show. Written for this sample; no real person's words.
/// </summary>
public static class DemoSeed
{
    /// <summary>Posts the demo threads when the forum is empty.</summary>
    /// <param name="db">The forum's tables.</param>
    /// <param name="actions">The forum's actions.</param>
    /// <param name="users">The users (the seed posts as the first peers and moderator configured).</param>
    /// <param name="now">The current time.</param>
    public static void SeedIfEmpty(ForumDb db, ForumActions actions, ForumUsers users, DateTimeOffset now)
    {
        if (db.HasThreads())
            return;
        var peers = users.All.Where(u => !u.IsModerator).ToList();
        var moderator = users.All.FirstOrDefault(u => u.IsModerator);
        if (peers.Count == 0)
            return;
        ForumUser Peer(int i) => peers[i % peers.Count];

        actions.StartThread(Peer(0), "hi, new here", "hi everyone, I'm new here. I like drawing frogs and very bad reality tv. a bit nervous about posting!",
            "introductions", false, now.AddHours(-30), "seed-t1");
        actions.Reply(Peer(1), "seed-t1", "seed-t1-p1", "welcome! frog drawings are always welcome, post some :)", false, now.AddHours(-29), "seed-t1-p2");
        if (moderator is not null)
            actions.Reply(moderator, "seed-t1", "seed-t1-p1", "Welcome to the community! Have a look at the guidelines pinned on each board.", true, now.AddHours(-28), "seed-t1-p3");

        actions.StartThread(Peer(1), "exam stress", "chem exam tomorrow and I am so stressed, who else is cramming at 1am",
            "study-and-work", false, now.AddHours(-12), "seed-t2");
        actions.Reply(Peer(2), "seed-t2", "seed-t2-p1", "finished my degree last year and still no job, I feel useless and ashamed all the time",
            false, now.AddHours(-9), "seed-t2-p2");

        actions.StartThread(Peer(2), "can't sleep", "I've been feeling really low and anxious lately and can't sleep, not sure who to talk to",
            "everyday-life", false, now.AddHours(-8), "seed-t3");

        actions.StartThread(Peer(0), "home", "my stepdad hits me when he's been drinking and mum pretends it doesn't happen",
            "family", false, now.AddMinutes(-95), "seed-t4");
        actions.Reply(Peer(1), "seed-t4", "seed-t4-p1", "that's not ok and it's not your fault. have you been able to tell anyone at school?",
            false, now.AddMinutes(-80), "seed-t4-p2");

        actions.StartThread(Peer(1), "tonight", "I have the pills in front of me and I am going to take them all tonight",
            "everyday-life", false, now.AddMinutes(-12), "seed-t5");
    }
}
