namespace PeerTriage.Moderation;

/// <summary>
/// A reply the store recorded from a <see cref="ReplyPosted"/> event (a reply without text). Replies posted as messages
/// are <see cref="StoredMessage"/>s with a <see cref="StoredMessage.ParentId"/> instead.
/// </summary>
public sealed record StoredReply
{
    /// <summary>The event's id.</summary>
    public required string EventId { get; init; }

    /// <summary>The message replied to.</summary>
    public required string MessageId { get; init; }

    /// <summary>When the reply was posted.</summary>
    public required DateTimeOffset RepliedAt { get; init; }

    /// <summary>The replier's role.</summary>
    public required AuthorRole ReplierRole { get; init; }

    /// <summary>The replier's id, if the event gave one.</summary>
    public string? ReplierId { get; init; }

    /// <summary>The reply's own message id, if the event gave one.</summary>
    public string? ReplyId { get; init; }
}
