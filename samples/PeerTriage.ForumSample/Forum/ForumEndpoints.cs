using Microsoft.AspNetCore.Antiforgery;
using PeerTriage.Hosting;
using PeerTriage.Moderation;

namespace PeerTriage.ForumSample.Forum;

/// <summary>A message's widget, as JSON.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="Level">The effective level.</param>
/// <param name="LevelIndex">Its index in the scheme.</param>
/// <param name="Source"><c>model</c>, <c>flag</c> or <c>correction</c>.</param>
/// <param name="ModelLevel">The classifier's level.</param>
/// <param name="NeedsAttention">Whether it is on the to-do list now.</param>
/// <param name="Reason">Why it is (or will be) on the list, or null.</param>
/// <param name="AttentionFrom">When it enters (entered) the list, or null when it is not due.</param>
/// <param name="WaitedSeconds">How long it has waited for a moderator, or null.</param>
/// <param name="FlagCount">Community flags.</param>
/// <param name="AnsweredByModerator">Whether a moderator has replied.</param>
public sealed record StatusDto(string MessageId, string Level, int LevelIndex, string Source, string ModelLevel, bool NeedsAttention,
    string? Reason, DateTimeOffset? AttentionFrom, double? WaitedSeconds, int FlagCount, bool AnsweredByModerator)
{
    /// <summary>Converts a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The DTO.</returns>
    public static StatusDto From(MessageStatus status) => new(status.MessageId, status.Level, status.LevelIndex, ForumText.Source(status.Source),
        status.ModelLevel, status.NeedsAttention, status.Reason is null ? null : ForumText.Reason(status.Reason), status.AttentionFrom,
        status.Waited?.TotalSeconds, status.FlagCount, status.FirstModeratorReplyAt is not null);
}

/// <summary>One sidebar entry, as JSON. Text fields are plain text: the page sets them with textContent.</summary>
/// <param name="MessageId">The message id.</param>
/// <param name="ThreadId">The thread id.</param>
/// <param name="Level">The level.</param>
/// <param name="LevelIndex">Its index.</param>
/// <param name="Source">Where the level came from.</param>
/// <param name="Reason">Why it is on the list.</param>
/// <param name="WaitedSeconds">How long it has waited.</param>
/// <param name="Waited">The same, for people.</param>
/// <param name="Subject">The thread's subject.</param>
/// <param name="Excerpt">The post's first characters.</param>
/// <param name="Author">The author.</param>
/// <param name="FlagCount">Community flags.</param>
/// <param name="Url">The post's address on this site (relative).</param>
public sealed record ToDoDto(string MessageId, string? ThreadId, string Level, int LevelIndex, string Source, string Reason,
    double WaitedSeconds, string Waited, string Subject, string Excerpt, string Author, int FlagCount, string Url);

/// <summary>The body of <c>POST /api/posts</c>.</summary>
/// <param name="Body">The text.</param>
/// <param name="ThreadId">The thread; null to start a new one (then <paramref name="Subject"/> is required).</param>
/// <param name="ParentId">The post replied to; null for the thread's first post.</param>
/// <param name="Subject">The new thread's subject.</param>
/// <param name="Board">The new thread's board.</param>
/// <param name="AsModerator">Post in the moderator role (true: 403 for peers), as a peer (false), or in the user's own role (null, the default).</param>
public sealed record PostRequest(string? Body, string? ThreadId = null, string? ParentId = null, string? Subject = null, string? Board = null, bool? AsModerator = null);

/// <summary>What a state-changing API call returns.</summary>
/// <param name="Message">A one-line message.</param>
/// <param name="ThreadId">The thread.</param>
/// <param name="MessageId">The message.</param>
/// <param name="Status">The message's widget afterwards.</param>
public sealed record OutcomeDto(string Message, string? ThreadId, string? MessageId, StatusDto? Status);

/// <summary>The forum's endpoints besides the pages.</summary>
public static class ForumEndpoints
{
    /// <summary>Maps the endpoints. Every POST requires a valid antiforgery token (<see cref="ForumHttp.RequireAntiforgery"/>).</summary>
    /// <param name="app">The application.</param>
    public static void Map(WebApplication app)
    {
        var forms = app.MapGroup("").AddEndpointFilter(ForumHttp.RequireAntiforgery);
        forms.MapPost("/threads", async (HttpContext http, ForumActions actions) =>
        {
            var form = await http.Request.ReadFormAsync();
            return Respond(http, actions.StartThread(ForumHttp.User(http), form["subject"], form["body"], form["board"], ForumHttp.User(http).IsModerator));
        });
        forms.MapPost("/threads/{threadId}/posts", async (string threadId, HttpContext http, ForumActions actions) =>
        {
            var form = await http.Request.ReadFormAsync();
            return Respond(http, actions.Reply(ForumHttp.User(http), threadId, form["parentId"], form["body"], ForumHttp.User(http).IsModerator));
        });
        forms.MapPost("/posts/{id}/flag", async (string id, HttpContext http, ForumActions actions) =>
        {
            string? reason = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync())["reason"].ToString() : null;
            return Respond(http, actions.Flag(ForumHttp.User(http), id, reason));
        }).RequireRateLimiting(ForumHttp.FlagPolicy);
        forms.MapPost("/posts/{id}/resolve", (string id, HttpContext http, ForumActions actions) =>
            Respond(http, actions.Resolve(ForumHttp.User(http), id))).RequireAuthorization(ForumRoles.Moderator);
        forms.MapPost("/posts/{id}/correct", async (string id, HttpContext http, ForumActions actions) =>
        {
            var form = await http.Request.ReadFormAsync();
            return Respond(http, actions.Correct(ForumHttp.User(http), id, form["level"]));
        }).RequireAuthorization(ForumRoles.Moderator);
        forms.MapPost("/posts/{id}/moderator-reply", async (string id, HttpContext http, ForumActions actions, ForumDb db) =>
        {
            var form = await http.Request.ReadFormAsync();
            var post = db.Post(id);
            return post is null
                ? Respond(http, new ActionOutcome(404, $"There is no post '{id}'."))
                : Respond(http, actions.Reply(ForumHttp.User(http), post.ThreadId, post.Id, form["body"], asModerator: true));
        }).RequireAuthorization(ForumRoles.Moderator);
        forms.MapPost("/logout", async (HttpContext http) =>
        {
            await ForumHttp.SignOut(http);
            return Results.LocalRedirect("/login");
        });

        // The JSON API (the load test and scripts): the same cookie sign-in, and the antiforgery token in the X-CSRF-TOKEN header.
        var api = app.MapGroup("/api");
        api.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Json(new { token = tokens.RequestToken, headerName = ForumHttp.AntiforgeryHeader });
        }).AllowAnonymous();
        api.MapPost("/posts", (PostRequest request, HttpContext http, ForumActions actions) =>
        {
            var user = ForumHttp.User(http);
            if (request.AsModerator == true && !user.IsModerator)
                return Results.Json(new OutcomeDto("Only moderators can post as a moderator.", request.ThreadId, null, null), statusCode: 403);
            var asModerator = request.AsModerator ?? user.IsModerator;
            var outcome = request.ThreadId is null
                ? actions.StartThread(user, request.Subject, request.Body, request.Board, asModerator)
                : actions.Reply(user, request.ThreadId, request.ParentId, request.Body, asModerator);
            return Respond(http, outcome);
        }).AddEndpointFilter(ForumHttp.RequireAntiforgery);
        api.MapGet("/posts/{id}/status", (string id, TriageService triage) =>
            triage.GetStatus(id) is { } status ? Results.Json(StatusDto.From(status)) : Results.NotFound());
        api.MapGet("/todo", (TriageService triage, ForumDb db) => Results.Json(ToDo(triage, db)))
            .RequireAuthorization(ForumRoles.Moderator);
    }

    /// <summary>The sidebar: the to-do list (crisis, red, amber; longest waiting first within a level) with each post's thread and excerpt.</summary>
    /// <param name="triage">The triage service.</param>
    /// <param name="db">The forum's tables.</param>
    /// <returns>The entries.</returns>
    public static IReadOnlyList<ToDoDto> ToDo(TriageService triage, ForumDb db)
    {
        var items = triage.GetToDo(limit: 50);
        var entries = new List<ToDoDto>(items.Count);
        foreach (var item in items)
        {
            var post = db.Post(item.MessageId);
            var thread = post is null ? null : db.Thread(post.ThreadId);
            entries.Add(new ToDoDto(item.MessageId, post?.ThreadId ?? item.ThreadId, item.Level, item.LevelIndex, ForumText.Source(item.Source),
                ForumText.Reason(item.Reason), item.Waited.TotalSeconds, ForumText.Duration(item.Waited), thread?.Subject ?? item.Subject ?? "",
                post is null ? "" : ForumText.Excerpt(post.Body), post?.Author ?? item.AuthorId ?? "", item.FlagCount,
                post is null ? "/" : PostUrl(post.ThreadId, post.Id)));
        }
        return entries;
    }

    /// <summary>A post's relative address.</summary>
    /// <param name="threadId">The thread.</param>
    /// <param name="messageId">The post.</param>
    /// <returns>The address.</returns>
    public static string PostUrl(string threadId, string messageId) =>
        "/threads/" + Uri.EscapeDataString(threadId) + "#post-" + Uri.EscapeDataString(messageId);

    private static IResult Respond(HttpContext http, ActionOutcome outcome)
    {
        if (ForumHttp.IsApi(http.Request))
        {
            return Results.Json(new OutcomeDto(outcome.Message, outcome.ThreadId, outcome.MessageId,
                outcome.Status is null ? null : StatusDto.From(outcome.Status)), statusCode: outcome.StatusCode);
        }
        if (outcome.Succeeded && outcome.ThreadId is not null)
            return Results.LocalRedirect(PostUrl(outcome.ThreadId, outcome.MessageId ?? ""));
        return Results.Text(outcome.Message, "text/plain; charset=utf-8", statusCode: outcome.StatusCode);
    }
}
