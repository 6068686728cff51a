namespace PeerTriage.Clpsych;

/// <summary>
/// Fields of a CLPsych post that are kept out of <see cref="ForumMessage"/>: the kudos and view counts, the root message,
/// the author's rank and the source file.
/// </summary>
/// <remarks>
/// <see cref="Kudos"/> and <see cref="Views"/> are counts taken when the forum was exported, long after the post was
/// written. They are <em>future information</em>: a real-time triage system cannot see them when a post arrives, so they
/// must not be used as features for triage. They are kept for analysis only.
/// </remarks>
public sealed record ClpsychPostMetadata
{
    /// <summary>Creates metadata for a post.</summary>
    /// <param name="postId">The post's id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="postId"/> is null.</exception>
    public ClpsychPostMetadata(string postId)
    {
        ArgumentNullException.ThrowIfNull(postId);
        PostId = postId;
    }

    /// <summary>The post's id.</summary>
    public string PostId { get; }

    /// <summary>The file the post was read from, relative to the forum directory, with forward slashes
    /// (<c>posts/post-&lt;id&gt;.xml</c>). Null when not set.</summary>
    public string? Source { get; init; }

    /// <summary>The id of the first message of the post's thread (the export's <c>root</c> field), or null when absent.</summary>
    public string? RootId { get; init; }

    /// <summary>The author's rank name as the export gives it, or null when absent.</summary>
    public string? AuthorRank { get; init; }

    /// <summary>The kudos count at export time (future information; see remarks), or null when absent.</summary>
    public int? Kudos { get; init; }

    /// <summary>The view count at export time (future information; see remarks), or null when absent.</summary>
    public int? Views { get; init; }
}
