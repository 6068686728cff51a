using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PeerTriage.ForumSample.Forum;

namespace PeerTriage.ForumSample.Tests;

/// <summary>An HTTP client for the sample that signs in and sends the antiforgery token like a browser or API client.</summary>
public sealed partial class ForumClient(HttpClient http) : IDisposable
{
    /// <summary>The underlying client.</summary>
    public HttpClient Http { get; } = http;

    /// <summary>Fetches an antiforgery token for the current user (GET /api/antiforgery; also sets the antiforgery cookie).</summary>
    /// <returns>The token.</returns>
    public async Task<string> TokenAsync()
    {
        var answer = await Http.GetFromJsonAsync<AntiforgeryAnswer>(new Uri("api/antiforgery", UriKind.Relative));
        return answer!.Token;
    }

    /// <summary>Signs in through the login form; asserts it worked.</summary>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password; the demo passwords by default.</param>
    /// <returns>This client.</returns>
    public async Task<ForumClient> SignInAsync(string user, string? password = null)
    {
        using var response = await TrySignInAsync(user, password ?? (user is "ellie" or "ravi" ? "moderator-demo" : "peer-demo"));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, $"signing in as {user} should work");
        return this;
    }

    /// <summary>Posts the login form.</summary>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The response.</returns>
    public async Task<HttpResponseMessage> TrySignInAsync(string user, string password) =>
        await PostFormAsync("login", new() { ["userName"] = user, ["password"] = password });

    /// <summary>Posts a form with (by default) a valid antiforgery token.</summary>
    /// <param name="path">The relative path.</param>
    /// <param name="fields">The fields.</param>
    /// <param name="withToken">Whether to include the token.</param>
    /// <param name="json">Whether to ask for JSON (Accept: application/json).</param>
    /// <returns>The response.</returns>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string>? fields = null, bool withToken = true, bool json = false)
    {
        fields ??= [];
        if (withToken)
            fields["__RequestVerificationToken"] = await TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        if (json)
            request.Headers.Accept.ParseAdd("application/json");
        return await Http.SendAsync(request);
    }

    /// <summary>POST /api/posts with the token in the header (as the load test does).</summary>
    /// <param name="body">The request.</param>
    /// <param name="token">The token; fetched when null; "" to send none.</param>
    /// <returns>The response.</returns>
    public async Task<HttpResponseMessage> PostApiAsync(PostRequest body, string? token = null)
    {
        token ??= await TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/posts", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (token.Length > 0)
            request.Headers.Add(ForumHttp.AntiforgeryHeader, token);
        return await Http.SendAsync(request);
    }

    /// <summary>Posts and returns the acknowledged outcome; asserts success.</summary>
    /// <param name="body">The request.</param>
    /// <returns>The outcome.</returns>
    public async Task<OutcomeDto> PostAsync(PostRequest body)
    {
        using var response = await PostApiAsync(body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OutcomeDto>())!;
    }

    /// <summary>Starts a thread and returns the first post's outcome.</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="body">The text.</param>
    /// <returns>The outcome.</returns>
    public Task<OutcomeDto> StartThreadAsync(string subject, string body) => PostAsync(new PostRequest(body, Subject: subject));

    /// <summary>GET /api/todo.</summary>
    /// <returns>The sidebar entries.</returns>
    public async Task<IReadOnlyList<ToDoDto>> ToDoAsync() =>
        (await Http.GetFromJsonAsync<List<ToDoDto>>(new Uri("api/todo", UriKind.Relative)))!;

    /// <summary>GET a page's HTML.</summary>
    /// <param name="path">The relative path.</param>
    /// <returns>The HTML.</returns>
    public async Task<string> PageAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The post bodies of a thread page, as the HTML has them (still encoded).</summary>
    /// <param name="html">The page.</param>
    /// <returns>The bodies' inner HTML.</returns>
    public static IReadOnlyList<string> PostBodies(string html) => BodyPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();

    [GeneratedRegex("<div class=\"body\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex BodyPattern();

    private sealed record AntiforgeryAnswer(string Token, string HeaderName);
}
