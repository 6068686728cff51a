using PeerTriage.Scoring;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Assigns levels to a forum's past messages with a model, the way the study assigned prelaunch priorities: each
/// message is triaged in posting order with the thread context known when it was posted (its parent, the thread's
/// earlier posts, the levels the model gave them and the author's earlier posts), by <see cref="ContextReplay"/>.
/// </summary>
public static class RetroactiveLevels
{
    /// <summary>Returns the posts, in the same order, each without a level given the level the classifier decides.</summary>
    /// <param name="posts">The whole forum: every role's messages, since all of them are thread context.</param>
    /// <param name="classifier">The model, such as a loaded <see cref="TriageModel"/>.</param>
    /// <param name="overwrite">Whether posts that already have a level get the model's level too. Default false.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <returns>New posts; levels are the model scheme's names (<see cref="TriageResult.Level"/>, after its decision policy).</returns>
    /// <exception cref="ArgumentNullException">An argument or a post is null.</exception>
    /// <exception cref="ArgumentException">Two posts share an id.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static IReadOnlyList<ForumPost> Assign(IReadOnlyList<ForumPost> posts, ITriageClassifier classifier, bool overwrite = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(classifier);
        var messages = new ForumMessage[posts.Count];
        for (int i = 0; i < messages.Length; i++)
        {
            var p = posts[i] ?? throw new ArgumentNullException(nameof(posts), $"The post at position {i} is null.");
            messages[i] = new ForumMessage(p.Text ?? "")
            {
                Id = p.Id,
                ThreadId = p.ThreadId,
                ParentId = p.ParentId,
                AuthorId = p.AuthorId,
                AuthorRole = p.Role,
                PostedAt = p.PostedAt,
                Subject = p.Subject,
            };
        }
        // Every post is replayed, labelled or not: each one's level feeds its replies' context.
        var results = ContextReplay.Triage(classifier, messages, cancellationToken: cancellationToken);
        var assigned = new ForumPost[posts.Count];
        for (int i = 0; i < assigned.Length; i++)
        {
            var p = posts[i];
            assigned[i] = p.Level is not null && !overwrite ? p : p with { Level = results[i].Level };
        }
        return assigned;
    }
}
