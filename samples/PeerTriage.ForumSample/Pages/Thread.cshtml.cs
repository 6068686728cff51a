using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerTriage.ForumSample.Forum;
using PeerTriage.Hosting;
using PeerTriage.Moderation;

namespace PeerTriage.ForumSample.Pages;

/// <summary>A post with its widget.</summary>
/// <param name="Post">The post.</param>
/// <param name="Status">Its moderation status, or null when PeerTriage has not seen it.</param>
/// <param name="ParentAuthor">The author of the post it replies to, when that is not the thread's first post.</param>
public sealed record PostView(ForumPost Post, MessageStatus? Status, string? ParentAuthor);

/// <summary>A thread: its posts, each with the triage widget, and the actions.</summary>
/// <param name="db">The forum's tables.</param>
/// <param name="triage">The triage service.</param>
public sealed class ThreadModel(ForumDb db, TriageService triage) : PageModel
{
    /// <summary>The thread.</summary>
    public ForumThread Thread { get; private set; } = null!;

    /// <summary>Its posts in order.</summary>
    public IReadOnlyList<PostView> Posts { get; private set; } = [];

    /// <summary>The scheme's levels, for the correction form.</summary>
    public IReadOnlyList<string> Levels { get; private set; } = [];

    /// <summary>Loads the thread.</summary>
    /// <param name="id">The thread id.</param>
    /// <returns>The page, or 404.</returns>
    public IActionResult OnGet(string id)
    {
        var thread = db.Thread(id);
        if (thread is null)
            return NotFound();
        Thread = thread;
        var posts = db.Posts(id);
        var first = posts.Count > 0 ? posts[0].Id : null;
        var authors = posts.ToDictionary(p => p.Id, p => p.Author, StringComparer.Ordinal);
        Posts = posts.Select(p => new PostView(p, triage.GetStatus(p.Id),
            p.ParentId is not null && p.ParentId != first && authors.TryGetValue(p.ParentId, out var a) ? a : null)).ToList();
        Levels = triage.Model.Scheme.Levels;
        return Page();
    }
}
