namespace PeerTriage.Moderation;

/// <summary>
/// What a moderation store holds about the forum's history, read at one point in time by
/// <see cref="ModerationStore.ReadHistory"/>: its scheme, its messages and its text-less replies. Never any text.
/// </summary>
public sealed record ModerationStoreHistory
{
    /// <summary>The store's priority scheme, or null when no queue has used the store yet (it is then empty).</summary>
    public PriorityScheme? Scheme { get; init; }

    /// <summary>The messages, by posting time then id.</summary>
    public IReadOnlyList<StoredMessage> Messages { get; init; } = [];

    /// <summary>
    /// The replies recorded from <see cref="ReplyPosted"/> events, by time then event id. A store created before schema
    /// version 4 did not keep these: its older replies are missing here, though each message's
    /// <see cref="StoredMessage.FirstModeratorReplyAt"/> and counts include them.
    /// </summary>
    public IReadOnlyList<StoredReply> Replies { get; init; } = [];
}
