using PeerTriage.Moderation;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Turns a moderation event log (the events a forum hands a <see cref="ModerationQueue"/>, for example read back with
/// <see cref="ModerationEventJson"/>) into posts for the study.
/// </summary>
/// <remarks>
/// <para><see cref="MessagePosted"/> gives a post with the message's fields (its time is the message's posting time,
/// else the event's). <see cref="ReplyPosted"/> gives a reply to its message: id <see cref="ReplyPosted.ReplyId"/> (else
/// the event id), the replied message's thread, the replier's role and id, the event's time; a reply whose
/// <see cref="ReplyPosted.ReplyId"/> is also posted as a message is counted once. A <see cref="LevelCorrected"/> event
/// sets the message's level (the last correction wins); other events are ignored. Text is kept for
/// <see cref="RetroactiveLevels"/>.</para>
/// <para>A <see cref="ModerationStore"/> itself cannot be read back: it has no public way to list its messages and
/// replies, so keep the event log.</para>
/// </remarks>
public static class ModerationHistory
{
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
