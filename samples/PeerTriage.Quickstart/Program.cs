// Quickstart: train on the embedded synthetic forum corpus, triage a short stream of new posts as they arrive,
// then print the moderators' to-do list: unanswered crisis, red and amber posts, most urgent first.
using PeerTriage;
using PeerTriage.Data;

var corpus = DemoCorpus.Load();
Console.WriteLine($"Training on {corpus.Count} synthetic forum messages (embedded demo corpus)...");
var model = TriageModel.Train(corpus);
Console.WriteLine($"Trained: {model.Scheme}, {model.Info.Iterations} L-BFGS iterations.");
// The default policy favours recall: thresholds fitted so that 90% of flagged, 80% of urgent and 90% of crisis
// posts in held-out folds were caught. On a small corpus that means some false alarms, by design.
Console.WriteLine($"Decision policy: {model.Policy.Describe(model.Scheme)}; calibration temperature {model.Temperature:0.00}.");
Console.WriteLine();

var now = new DateTimeOffset(2026, 11, 21, 20, 0, 0, TimeSpan.Zero);
ForumMessage Post(string id, string author, AuthorRole role, int minutesAgo, string body, string? parent = null, string? subject = null) =>
    new(body)
    {
        Id = id,
        ThreadId = parent is null ? id : null,
        ParentId = parent,
        AuthorId = author,
        AuthorRole = role,
        PostedAt = now.AddMinutes(-minutesAgo),
        Subject = subject,
    };

ForumMessage[] stream =
[
    Post("n1", "u_lake", AuthorRole.Peer, 95, "update: I passed!!! thank you all for the encouragement last week, you're the best 💙", subject: "good news!"),
    Post("n2", "u_ember", AuthorRole.Peer, 80, "I can't stop crying and I feel like such a burden to everyone. Nobody would even notice if I was gone. I don't know how much longer I can keep doing this.", subject: "so tired of everything"),
    Post("n3", "u_mossy", AuthorRole.Peer, 70, "My parents keep fighting and I haven't slept properly in days. I'm stressed about exams too and I just feel really low.", subject: "home stuff"),
    Post("n4", "u_kite", AuthorRole.Peer, 60, "I've written my goodbye letters and I have the pills here. I'm sorry everyone. Tonight is the night.", subject: "goodbye"),
    Post("n5", "mod_sam", AuthorRole.Moderator, 50, "Hey, I'm really glad you posted. I'm sending you a private message now, and please call a crisis line if you can. You're not alone.", parent: "n3"),
    Post("n6", "u_river", AuthorRole.Peer, 40, "cut again last night after 3 months clean. i feel so ashamed and i don't want to tell anyone irl", subject: "relapsed"),
    Post("n7", "u_fern", AuthorRole.Peer, 30, "anyone else watching the new season of that baking show? the finale was so good haha", subject: "off topic"),
    Post("n8", "u_dune", AuthorRole.Peer, 20, "Feeling kind of lonely since I moved for uni. It's not terrible, I just miss my friends and don't really know anyone here yet.", subject: "new city"),
];

// Each post is triaged with what was known when it arrived: its thread so far, the parent's most probable level and
// the author's earlier levels. (Scoring.ContextReplay does the same for a whole dataset.)
var priorities = new Dictionary<string, TriageResult>();
var contexts = new Dictionary<string, ThreadContext>();
var history = new InMemoryAuthorHistory();
var seen = new List<ForumMessage>();
foreach (var post in stream)
{
    seen.Add(post);
    var thread = new ForumThreads(seen).ContextOf(post);
    var context = new ThreadContext(thread.Parent, thread.EarlierPosts)
    {
        Depth = thread.Depth,
        ParentLevel = thread.Parent is { Id: { } parentId } ? priorities[parentId].MostProbableIndex : -1,
        AuthorHistory = history.Get(post.AuthorId!, post.PostedAt),
    };
    var result = model.Triage(post, context);
    history.Record(post.AuthorId!, post.PostedAt, result.MostProbableIndex);
    priorities[post.Id!] = result;
    contexts[post.Id!] = context;
    string preview = post.Body.Length > 70 ? post.Body[..67] + "..." : post.Body;
    string probabilities = string.Join(" ", result.Probabilities.Select(p => p.ToString("0.00")));
    Console.WriteLine($"{post.Id,-3} {post.AuthorRole,-9} {result.Level,-7} [{probabilities}]  {preview}");
}

// A post is answered once a moderator or staff member has replied to it.
var answered = stream.Where(p => p.AuthorRole is AuthorRole.Moderator or AuthorRole.Staff && p.ParentId is not null)
    .Select(p => p.ParentId!).ToHashSet();
var todo = stream
    .Where(p => p.AuthorRole is AuthorRole.Peer or AuthorRole.Unknown)
    .Where(p => priorities[p.Id!].IsFlagged && !answered.Contains(p.Id!))
    .OrderByDescending(p => priorities[p.Id!].LevelIndex)
    .ThenBy(p => p.PostedAt)
    .ToList();

Console.WriteLine("    (probabilities in level order: green amber red crisis)");
Console.WriteLine();
Console.WriteLine("Moderators' to-do list (unanswered, most urgent first):");
if (todo.Count == 0)
    Console.WriteLine("  (nothing waiting)");
foreach (var post in todo)
{
    var waited = now - post.PostedAt!.Value;
    Console.WriteLine($"  {priorities[post.Id!].Level.ToUpperInvariant(),-7} {post.Id,-3} waiting {waited.TotalMinutes,3:0} min  \"{post.Subject}\" by {post.AuthorId}");
    // Why: the strongest readable evidence for this level over the one below it.
    var why = model.Explain(post, contexts[post.Id!], top: 20).Top.Where(c => c.Contribution > 0).Take(3).Select(c => $"\"{c.Feature}\" {c.Contribution:+0.00}");
    Console.WriteLine($"          why: {string.Join(", ", why)}");
}
