using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerTriage.ForumSample.Forum;

namespace PeerTriage.ForumSample.Pages;

/// <summary>The thread list.</summary>
/// <param name="db">The forum's tables.</param>
public sealed class IndexModel(ForumDb db) : PageModel
{
    /// <summary>The threads, newest first.</summary>
    public IReadOnlyList<ForumThread> Threads { get; private set; } = [];

    /// <summary>Loads the threads.</summary>
    public void OnGet() => Threads = db.Threads();
}
