// The example in src/PeerTriage.Moderation/README.md (the package page on NuGet), compiled here so that it always
// matches the public API. PackageReadmeTests checks that the README shows exactly these lines. Never called.
using PeerTriage;
using PeerTriage.Data;
using PeerTriage.Moderation;

namespace ReadmeExamples;

internal static class ModerationReadme
{
    public static void Example()
    {
        // README-BEGIN
        TriageModel model = TriageModel.Train(DemoCorpus.Load()); // or TriageModel.Load("forum.ptm")

        using var store = ModerationStore.OpenSqlite("moderation.db"); // or ModerationStore.CreateInMemory()
        var queue = new ModerationQueue(store, model, new ModerationOptions
        {
            CommunityWindow = TimeSpan.FromHours(6), // amber waits this long for the community to reply
            OnCrisis = e => Console.WriteLine($"CRISIS {e.MessageId}"), // your crisis protocol: once per message
        });
        queue.DeliverPendingEscalations(); // at startup: escalations a crash left pending

        var post = new ForumMessage("I've written my goodbye letters. Tonight is the night.") { Id = "p1", AuthorId = "u1" };
        ApplyResult applied = queue.Apply(new MessagePosted("event-1", DateTimeOffset.UtcNow, post)); // idempotent per event id
        Console.WriteLine($"{applied.Outcome}: {applied.Status?.Level}");

        foreach (ToDoItem item in queue.GetToDo()) // crisis first, then the longest waiting
            Console.WriteLine($"{item.Level} {item.MessageId} waiting {item.Waited}");
        // README-END
    }
}
