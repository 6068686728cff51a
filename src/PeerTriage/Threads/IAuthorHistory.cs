namespace PeerTriage;

/// <summary>
/// Supplies an author's history for thread-context features. Callers implement it over their own store (a database, a
/// moderation queue); <see cref="InMemoryAuthorHistory"/> is the in-memory default.
/// </summary>
/// <remarks>
/// Implementations must return only what was known before the post being triaged: posts made at or after
/// <c>before</c> must not count. Implementations should be safe to call from several threads at once.
/// </remarks>
public interface IAuthorHistory
{
    /// <summary>Returns the author's history before a moment.</summary>
    /// <param name="authorId">The author's id.</param>
    /// <param name="before">Only posts made strictly before this moment count; null means every post recorded so far
    /// (for streaming use, where each post is recorded after it has been triaged).</param>
    /// <returns>The history; <see cref="AuthorHistory.None"/> for an author with no earlier posts.</returns>
    AuthorHistory Get(string authorId, DateTimeOffset? before);
}
