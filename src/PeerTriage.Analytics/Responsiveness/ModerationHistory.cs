using PeerTriage.Moderation;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Turns what a moderation deployment kept into posts for the study: its store's history
/// (<see cref="ModerationStore.ReadHistory"/>, levels included) or its event log (the events a forum hands a
/// <see cref="ModerationQueue"/>, for example read back with <see cref="ModerationEventJson"/>; levels from a model).
/// </summary>
/// <remarks>
/// <para><see cref="MessagePosted"/> gives a post with the message's fields (its time is the message's posting time,
/// else the event's). <see cref="ReplyPosted"/> gives a reply to its message: id <see cref="ReplyPosted.ReplyId"/> (else
/// the event id), the replied message's thread, the replier's role and id, the event's time; a reply whose
/// <see cref="ReplyPosted.ReplyId"/> is also posted as a message is counted once. A <see cref="LevelCorrected"/> event
/// sets the message's level (the last correction wins); other events are ignored. Text is kept for
/// <see cref="RetroactiveLevels"/>.</para>
/// </remarks>
public static class ModerationHistory
{
    /// <summary>The posts of a moderation store's history, each message with the level moderators saw.</summary>
    /// <param name="history">The history, from <see cref="ModerationStore.ReadHistory"/>.</param>
    /// <returns>
    /// The posts: every stored message (level: the moderator's correction, else the classifier's, as in the paper; a
    /// community flag only reorders the sidebar, so it does not change the level), then every text-less reply as a
    /// post replying to its message (a reply whose <see cref="StoredReply.ReplyId"/> is also a stored message counts
    /// once).
    /// </returns>
    /// <remarks>
    /// A store created before schema version 4 did not keep who sent its text-less replies. Where a message's
    /// <see cref="StoredMessage.FirstModeratorReplyAt"/> is earlier than any moderator reply among the posts, a
    /// stand-in moderator reply (id <c>{message id}#first-moderator-reply</c>, no author) is added at that time, so
    /// the study's response ratio and latency agree with the store's own measures. Those replies are missing from
    /// the activity variables.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public static IReadOnlyList<ForumPost> FromStore(ModerationStoreHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var posts = new List<ForumPost>(history.Messages.Count + history.Replies.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in history.Messages)
        {
            index[m.Id] = posts.Count;
            posts.Add(new ForumPost(m.Id, m.AuthorRole, m.PostedAt)
            {
                ThreadId = m.ThreadId,
                ParentId = m.ParentId,
                AuthorId = m.AuthorId,
                Level = m.CorrectedLevel ?? m.ModelLevel,
            });
        }
        foreach (var r in history.Replies)
        {
            string id = r.ReplyId ?? r.EventId;
            if (index.ContainsKey(id))
                continue;
            string? thread = index.TryGetValue(r.MessageId, out int parent) ? posts[parent].ThreadId : null;
            index.Add(id, posts.Count);
            posts.Add(new ForumPost(id, r.ReplierRole, r.RepliedAt) { ThreadId = thread, ParentId = r.MessageId, AuthorId = r.ReplierId });
        }

        var firstModeratorReply = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var p in posts)
        {
            if (p.ParentId is { } parentId && p.Role is AuthorRole.Moderator or AuthorRole.Staff
                && (!firstModeratorReply.TryGetValue(parentId, out var seen) || p.PostedAt < seen))
                firstModeratorReply[parentId] = p.PostedAt;
        }
        foreach (var m in history.Messages)
        {
            if (m.FirstModeratorReplyAt is { } at && !(firstModeratorReply.TryGetValue(m.Id, out var seen) && seen <= at))
            {
                string id = m.Id + "#first-moderator-reply";
                if (index.TryAdd(id, posts.Count))
                    posts.Add(new ForumPost(id, AuthorRole.Moderator, at) { ThreadId = m.ThreadId, ParentId = m.Id });
            }
        }
        return posts;
    }

    /// <summary>The posts of an event log, in the order they were first seen.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The posts; levels only where a moderator corrected one.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or an event is null.</exception>
    public static IReadOnlyList<ForumPost> FromEvents(IEnumerable<ModerationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var posts = new List<ForumPost>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            switch (e)
            {
                case MessagePosted posted:
                {
                    var m = posted.Message;
                    var post = new ForumPost(m.Id!, m.AuthorRole, m.PostedAt ?? posted.OccurredAt)
                    {
                        ThreadId = m.ThreadId,
                        ParentId = m.ParentId,
                        AuthorId = m.AuthorId,
                        Text = m.Body,
                        Subject = m.Subject,
                    };
                    if (index.TryGetValue(post.Id, out int at))
                        posts[at] = post; // a reply event came first, or the message was posted again: the message wins
                    else
                    {
                        index.Add(post.Id, posts.Count);
                        posts.Add(post);
                    }
                    break;
                }
                case ReplyPosted reply:
                {
                    string id = reply.ReplyId ?? reply.EventId;
                    if (index.ContainsKey(id))
                        break;
                    string? thread = index.TryGetValue(reply.MessageId, out int parent) ? posts[parent].ThreadId : null;
                    index.Add(id, posts.Count);
                    posts.Add(new ForumPost(id, reply.ReplierRole, reply.OccurredAt)
                    {
                        ThreadId = thread,
                        ParentId = reply.MessageId,
                        AuthorId = reply.ReplierId,
                    });
                    break;
                }
                case LevelCorrected corrected:
                    levels[corrected.MessageId] = corrected.Level;
                    break;
            }
        }
        foreach (var (id, level) in levels)
        {
            if (index.TryGetValue(id, out int at))
                posts[at] = posts[at] with { Level = level };
        }
        return posts;
    }
}
