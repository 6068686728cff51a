namespace PeerTriage;

/// <summary>
/// One message posted on a forum. Only <see cref="Body"/> is required; the other fields feed thread-context features
/// and the moderation workflow when they are known.
/// </summary>
/// <remarks>
/// <see cref="Body"/> and <see cref="Subject"/> may contain forum HTML: tags are stripped, quoted blocks of other
/// people's posts are dropped and emoticon image titles are kept (see <c>PeerTriage.Text.ForumHtml</c>).
/// An empty or white-space body is valid; such a message is scored from its subject and context alone.
/// </remarks>
public sealed record ForumMessage
{
    private readonly string _body = "";

    /// <summary>Creates a message with the given body.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public ForumMessage(string body) => Body = body;

    /// <summary>Creates an empty message; set <see cref="Body"/> with an initializer.</summary>
    public ForumMessage()
    {
    }

    /// <summary>The message text, plain or forum HTML. Never null; defaults to the empty string.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public string Body
    {
        get => _body;
        init => _body = value ?? throw new ArgumentNullException(nameof(Body));
    }

    /// <summary>The forum's id for the message. Optional.</summary>
    public string? Id { get; init; }

    /// <summary>The id of the thread the message belongs to. Optional.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The id of the message this one replies to, or null for the first post of a thread.</summary>
    public string? ParentId { get; init; }

    /// <summary>The author's id. Optional.</summary>
    public string? AuthorId { get; init; }

    /// <summary>The author's role. Defaults to <see cref="AuthorRole.Unknown"/>.</summary>
    public AuthorRole AuthorRole { get; init; }

    /// <summary>The board (sub-forum) the message was posted on. Optional.</summary>
    public string? Board { get; init; }

    /// <summary>When the message was posted. Optional.</summary>
    public DateTimeOffset? PostedAt { get; init; }

    /// <summary>The message's subject line, plain or forum HTML. Optional.</summary>
    public string? Subject { get; init; }
}
