namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Which columns (CSV/TSV header names, or JSON Lines property names) of a forum export hold which fields. Names match
/// exactly, then case-insensitively; every column named here must be in a CSV header.
/// </summary>
public sealed record ForumExportColumns
{
    /// <summary>The default columns: <c>id</c>, <c>thread_id</c>, <c>parent_id</c>, <c>author_id</c>, <c>author_role</c>,
    /// <c>posted_at</c> and <c>level</c>, no text.</summary>
    public static ForumExportColumns Default { get; } = new();

    /// <summary>The message id column; ids must be non-blank and unique. Default <c>id</c>.</summary>
    public string Id { get; init; } = "id";

    /// <summary>The thread id column, or null for none. Default <c>thread_id</c>.</summary>
    public string? ThreadId { get; init; } = "thread_id";

    /// <summary>The parent (replied-to) message id column, or null for none (then no message is a reply and nothing is
    /// a response). Default <c>parent_id</c>.</summary>
    public string? ParentId { get; init; } = "parent_id";

    /// <summary>The author id column, or null for none (then unique-author counts are zero). Default <c>author_id</c>.</summary>
    public string? AuthorId { get; init; } = "author_id";

    /// <summary>The author role column; required in every row (peer, moderator, staff, unknown or a synonym such as
    /// member, mod, admin). Default <c>author_role</c>.</summary>
    public string AuthorRole { get; init; } = "author_role";

    /// <summary>The posting time column, ISO 8601 (a time without an offset is UTC); required in every row. Default <c>posted_at</c>.</summary>
    public string PostedAt { get; init; } = "posted_at";

    /// <summary>The level column, or null when levels come from a model. When set, every peer's message needs a level
    /// of the scheme; other roles may leave it blank. Default <c>level</c>.</summary>
    public string? Level { get; init; } = "level";

    /// <summary>The message text column, or null for none (the default). Needed only to assign levels with a model.</summary>
    public string? Text { get; init; }

    /// <summary>The subject line column, or null for none (the default).</summary>
    public string? Subject { get; init; }
}
