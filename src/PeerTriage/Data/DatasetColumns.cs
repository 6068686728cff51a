namespace PeerTriage.Data;

/// <summary>
/// Which columns (CSV/TSV header names, or JSON Lines property names) hold which fields of a dataset.
/// </summary>
/// <remarks>
/// <para>
/// Names are matched exactly first and then case-insensitively (ordinal); surrounding white space in header cells is
/// ignored. For CSV and TSV, every column named here (non-null) must be present in the header, so that a misspelt
/// column name fails loudly instead of being silently ignored. For JSON Lines there is no header: a named property
/// that is absent from an object (or is JSON <c>null</c>) counts as missing.
/// </para>
/// <para>
/// Optional fields whose cell is blank become null (for <see cref="AuthorRole"/>, <see cref="PeerTriage.AuthorRole.Unknown"/>).
/// </para>
/// </remarks>
public sealed record DatasetColumns
{
    /// <summary>
    /// The message text column (becomes <see cref="ForumMessage.Body"/>). Defaults to <c>text</c>. Required in every row;
    /// an empty text is allowed and becomes an empty body, but a missing one (JSON <c>null</c> or an absent property) is an error.
    /// </summary>
    public string Text { get; init; } = "text";

    /// <summary>
    /// The gold label column. Defaults to <c>label</c>. Null means the data is unlabeled (for example when scoring new
    /// messages). When set, every row must have a non-blank label.
    /// </summary>
    public string? Label { get; init; } = "label";

    /// <summary>
    /// The message id column. Defaults to null, which gives each row its 1-based data row number as its id
    /// (the first data row after the header is <c>"1"</c>). When set, ids must be non-blank and unique.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>The cross-validation group column, such as the author or thread. Defaults to null (no groups).</summary>
    public string? Group { get; init; }

    /// <summary>The thread id column. Defaults to null.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The parent (replied-to) message id column; blank means the first post of a thread. Defaults to null.</summary>
    public string? ParentId { get; init; }

    /// <summary>The author id column. Defaults to null.</summary>
    public string? AuthorId { get; init; }

    /// <summary>
    /// The author role column, parsed with <see cref="AuthorRoles.TryParse"/>; an unrecognised role is an error.
    /// Defaults to null.
    /// </summary>
    public string? AuthorRole { get; init; }

    /// <summary>The board (sub-forum) column. Defaults to null.</summary>
    public string? Board { get; init; }

    /// <summary>
    /// The posting time column, in ISO 8601 (<c>2016-03-01</c>, <c>2016-03-01T14:05:00</c>, <c>2016-03-01 14:05:00+11:00</c>,
    /// <c>2016-03-01T03:05:00Z</c>); times without an offset are taken as UTC. Defaults to null.
    /// </summary>
    public string? PostedAt { get; init; }

    /// <summary>The subject line column. Defaults to null.</summary>
    public string? Subject { get; init; }

    /// <summary>
    /// The columns of the bundled demo corpus and of typical forum exports: <c>id</c>, <c>thread_id</c>, <c>parent_id</c>,
    /// <c>author_id</c>, <c>author_role</c>, <c>board</c>, <c>posted_at</c>, <c>subject</c>, <c>body</c> (the text) and <c>label</c>.
    /// </summary>
    public static DatasetColumns ForumDefaults { get; } = new()
    {
        Id = "id",
        ThreadId = "thread_id",
        ParentId = "parent_id",
        AuthorId = "author_id",
        AuthorRole = "author_role",
        Board = "board",
        PostedAt = "posted_at",
        Subject = "subject",
        Text = "body",
        Label = "label",
    };
}
