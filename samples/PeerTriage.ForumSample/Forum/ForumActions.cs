using PeerTriage.Hosting;
using PeerTriage.Moderation;

namespace PeerTriage.ForumSample.Forum;

/// <summary>What a forum action did: an HTTP status, a one-line message for the person, and where to go next.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Message">A one-line message (never contains post text).</param>
/// <param name="ThreadId">The thread concerned, when known.</param>
/// <param name="MessageId">The message concerned, when known.</param>
/// <param name="Status">The message's moderation status afterwards, when known.</param>
public sealed record ActionOutcome(int StatusCode, string Message, string? ThreadId = null, string? MessageId = null, MessageStatus? Status = null)
{
    /// <summary>Whether the action succeeded.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// The forum's actions: each writes the forum's own table (for posts) and tells PeerTriage through
/// <see cref="TriageService.Apply"/>. Event ids are derived from what the forum stores once (the post id, a new id per
/// flag or moderator action), so a retried Apply is a harmless duplicate.
/// </summary>
public sealed partial class ForumActions(ForumDb db, TriageService triage, TimeProvider time, ILogger<ForumActions> logger)
{
    /// <summary>The longest post accepted, in characters.</summary>
    public const int MaxBodyLength = 20_000;

    /// <summary>The longest subject accepted, in characters.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>Starts a thread with its first post.</summary>
    /// <param name="user">The author.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="body">The first post's text.</param>
    /// <param name="board">The board.</param>
    /// <param name="asModerator">Post in the moderator role (the caller checks that the user is one).</param>
    /// <param name="at">The posting time; null for now (the seed backdates).</param>
    /// <param name="threadId">The id; null for a new one (the seed uses fixed ids).</param>
    /// <returns>The outcome.</returns>
    public ActionOutcome StartThread(ForumUser user, string? subject, string? body, string? board = null, bool asModerator = false,
        DateTimeOffset? at = null, string? threadId = null)
    {
        if (asModerator && !user.IsModerator)
            return new ActionOutcome(403, "Only moderators can post as a moderator.");
        subject = subject?.Trim();
        if (string.IsNullOrEmpty(subject))
            return new ActionOutcome(400, "The subject is empty.");
        if (subject.Length > MaxSubjectLength)
            return new ActionOutcome(400, $"The subject is longer than {MaxSubjectLength} characters.");
        if (Invalid(body) is { } problem)
            return problem;
        var thread = new ForumThread(threadId ?? NewId("t"), subject, string.IsNullOrWhiteSpace(board) ? "general" : board.Trim(),
            user.Name, at ?? time.GetUtcNow(), 0);
        db.AddThread(thread);
        return Post(user, thread, parent: null, body!, asModerator, at: thread.CreatedAt, id: threadId is null ? null : threadId + "-p1");
    }

    /// <summary>Posts a reply in a thread.</summary>
    /// <param name="user">The author.</param>
    /// <param name="threadId">The thread.</param>
    /// <param name="parentId">The post replied to; null for the thread's first post.</param>
    /// <param name="body">The text.</param>
    /// <param name="asModerator">Post in the moderator role (the caller checks that the user is one).</param>
    /// <param name="at">The posting time; null for now.</param>
    /// <param name="id">The id; null for a new one.</param>
    /// <returns>The outcome.</returns>
    public ActionOutcome Reply(ForumUser user, string threadId, string? parentId, string? body, bool asModerator, DateTimeOffset? at = null, string? id = null)
    {
        if (asModerator && !user.IsModerator)
            return new ActionOutcome(403, "Only moderators can reply as a moderator.");
        if (Invalid(body) is { } problem)
            return problem;
        var thread = db.Thread(threadId);
        if (thread is null)
            return new ActionOutcome(404, $"There is no thread '{threadId}'.");
        ForumPost? parent = null;
        if (!string.IsNullOrEmpty(parentId))
        {
            parent = db.Post(parentId);
            if (parent is null || parent.ThreadId != thread.Id)
                return new ActionOutcome(404, $"There is no post '{parentId}' in thread '{threadId}'.");
        }
        else
        {
            // A reply without a parent answers the thread's first post.
            parent = db.FirstPost(thread.Id);
        }
        return Post(user, thread, parent, body!, asModerator, at ?? time.GetUtcNow(), id);
    }

    /// <summary>A community member flags a post.</summary>
    /// <param name="user">Who flags it.</param>
    /// <param name="messageId">The post.</param>
    /// <param name="reason">The reason, optional.</param>
    /// <returns>The outcome.</returns>
    public ActionOutcome Flag(ForumUser user, string messageId, string? reason)
    {
        var post = db.Post(messageId);
        if (post is null)
            return new ActionOutcome(404, $"There is no post '{messageId}'.");
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxSubjectLength })
            return new ActionOutcome(400, $"The reason is longer than {MaxSubjectLength} characters.");
        var result = triage.Apply(new MessageFlagged(NewId("flag"), time.GetUtcNow(), post.Id) { FlaggerId = user.Name, Reason = reason });
        return Done(result, post, "Thank you: the moderators have been told about this post.");
    }

    /// <summary>A moderator resolves a post without replying.</summary>
    /// <param name="moderator">The moderator.</param>
    /// <param name="messageId">The post.</param>
    /// <returns>The outcome.</returns>
    public ActionOutcome Resolve(ForumUser moderator, string messageId)
    {
        var post = db.Post(messageId);
        if (post is null)
            return new ActionOutcome(404, $"There is no post '{messageId}'.");
        var result = triage.Apply(new MessageResolved(NewId("resolve"), time.GetUtcNow(), post.Id) { ModeratorId = moderator.Name });
        return Done(result, post, "Marked resolved.");
    }

    /// <summary>A moderator corrects a post's level.</summary>
    /// <param name="moderator">The moderator.</param>
    /// <param name="messageId">The post.</param>
    /// <param name="level">The level's name.</param>
    /// <returns>The outcome.</returns>
    public ActionOutcome Correct(ForumUser moderator, string messageId, string? level)
    {
        var post = db.Post(messageId);
        if (post is null)
            return new ActionOutcome(404, $"There is no post '{messageId}'.");
        var scheme = triage.Model.Scheme;
        if (string.IsNullOrWhiteSpace(level) || !scheme.TryGetIndex(level.Trim(), out var index))
            return new ActionOutcome(400, $"The level '{level}' is not one of {string.Join(", ", scheme.Levels)}.");
        var result = triage.Apply(new LevelCorrected(NewId("correct"), time.GetUtcNow(), post.Id, scheme.NameOf(index)) { ModeratorId = moderator.Name });
        return Done(result, post, $"Level corrected to {scheme.NameOf(index)}.");
    }

    private ActionOutcome Post(ForumUser user, ForumThread thread, ForumPost? parent, string body, bool asModerator, DateTimeOffset at, string? id)
    {
        var role = asModerator ? AuthorRole.Moderator : AuthorRole.Peer;
        var post = new ForumPost(id ?? NewId("m"), thread.Id, parent?.Id, user.Name, role, body, at);
        db.AddPost(post);
        var message = new ForumMessage(body)
        {
            Id = post.Id,
            ThreadId = thread.Id,
            ParentId = post.ParentId,
            AuthorId = user.Name,
            AuthorRole = role,
            Board = thread.Board,
            PostedAt = at,
            Subject = parent is null ? thread.Subject : null,
        };
        var result = triage.Apply(new MessagePosted("post:" + post.Id, at, message));
        return Done(result, post, "Posted.");
    }

    private ActionOutcome Done(ApplyResult result, ForumPost post, string message)
    {
        // Ids, outcome and level only: never the text (ApplyResult.Detail names the event, message and reason, no text).
        LogApplied(logger, result.Outcome, post.Id, post.ThreadId, result.Status?.Level);
        return result.IsRecorded
            ? new ActionOutcome(200, message, post.ThreadId, post.Id, result.Status)
            : new ActionOutcome(409, $"PeerTriage refused the event: {result.Outcome}.", post.ThreadId, post.Id, result.Status);
    }

    private static ActionOutcome? Invalid(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return new ActionOutcome(400, "The post is empty.");
        return body.Length > MaxBodyLength ? new ActionOutcome(400, $"The post is longer than {MaxBodyLength} characters.") : null;
    }

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..16];

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Forum event {Outcome} for message {MessageId} in thread {ThreadId}: level {Level}")]
    private static partial void LogApplied(ILogger logger, ApplyOutcome outcome, string messageId, string threadId, string? level);
}
