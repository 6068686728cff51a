using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeerTriage.ForumSample.Forum;

namespace PeerTriage.ForumSample.Tests;

/// <summary>The sample through WebApplicationFactory's TestServer: the HTTP surface, roles, antiforgery, encoding, rate limits.</summary>
public sealed class ForumIntegrationTests
{
    private static readonly Dictionary<string, string?> NoWindow = new() { ["PeerTriage:CommunityWindow"] = "00:00:00" };

    [Test]
    public async Task Health_answers_anonymously_and_is_degraded_while_a_corrupt_model_is_refused()
    {
        string model = Path.Combine(Path.GetTempPath(), "peertriage-forum-health-" + Guid.NewGuid().ToString("N") + ".ptm");
        File.Copy(ForumFactory.DemoModelPath, model);
        try
        {
            await using var factory = new ForumFactory(new Dictionary<string, string?> { ["PeerTriage:ModelPath"] = model });
            using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
            (await anonymous.GetStringAsync(new Uri("/health", UriKind.Relative))).Should().Be("Healthy");

            // A deployment writes a broken file: the reload is refused, the old model keeps triaging, health says so.
            await File.WriteAllBytesAsync(model, [1, 2, 3]);
            var reload = factory.Triage.Model.Reload();
            reload.Reloaded.Should().BeFalse();
            reload.Error.Should().NotBeNullOrEmpty();
            (await anonymous.GetStringAsync(new Uri("/health", UriKind.Relative))).Should().Be("Degraded");
            using var sam = await factory.NewClient().SignInAsync("sam");
            (await sam.StartThreadAsync("tonight", Texts.Crisis)).Status!.Level.Should().Be("crisis", "the old model still triages");
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Test]
    public async Task The_cookie_keys_are_kept_in_the_data_folder_so_a_restart_can_read_its_cookies()
    {
        string folder = Path.Combine(Path.GetTempPath(), "peertriage-forum-keys-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Forum:DataFolder"] = folder };
        try
        {
            string sealedText;
            await using (var before = new ForumFactory(settings))
            {
                using var sam = await before.NewClient().SignInAsync("sam");
                sealedText = before.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("restart-test").Protect("still signed in");
            }
            Directory.GetFiles(Path.Combine(folder, "keys"), "key-*.xml").Should().NotBeEmpty("the key ring is in the data folder");

            await using var after = new ForumFactory(settings);
            after.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("restart-test").Unprotect(sealedText)
                .Should().Be("still signed in", "the restarted app reads what the first one protected (cookies included)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_post_is_triaged_and_its_thread_shows_the_widget()
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");

        var outcome = await sam.StartThreadAsync("tonight", Texts.Crisis);

        outcome.Status!.Level.Should().Be("crisis");
        outcome.Status.Source.Should().Be("model");
        outcome.Status.NeedsAttention.Should().BeTrue();
        factory.Triage.GetStatus(outcome.MessageId!)!.Level.Should().Be("crisis", "the post is in the store with its level");
        var html = await sam.PageAsync("threads/" + outcome.ThreadId);
        html.Should().Contain($"id=\"post-{outcome.MessageId}\"")
            .And.Contain("<span class=\"badge level-3\" title=\"triage level\">crisis</span>")
            .And.Contain("by model")
            .And.Contain("needs attention · waited");
    }

    [Test]
    public async Task The_sidebar_lists_crisis_then_red_then_amber_and_leaves_green_out()
    {
        await using var factory = new ForumFactory(NoWindow);
        using var sam = await factory.NewClient().SignInAsync("sam");
        using var ellie = await factory.NewClient().SignInAsync("ellie");

        // Posted in the reverse order, so the list's order comes from the levels, not from posting times.
        var green = await sam.StartThreadAsync("exams", Texts.Green);
        var amber = await sam.StartThreadAsync("sleep", Texts.Amber);
        var red = await sam.StartThreadAsync("home", Texts.Red);
        var crisis = await sam.StartThreadAsync("tonight", Texts.Crisis);
        new[] { green, amber, red, crisis }.Select(o => o.Status!.Level).Should().Equal("green", "amber", "red", "crisis");

        var todo = await ellie.ToDoAsync();

        todo.Select(t => t.MessageId).Should().Equal(crisis.MessageId, red.MessageId, amber.MessageId);
        todo.Select(t => t.Level).Should().Equal("crisis", "red", "amber");
        todo[0].Excerpt.Should().Be(Texts.Crisis);
        todo[0].Subject.Should().Be("tonight");
        todo[0].Url.Should().Be($"/threads/{crisis.ThreadId}#post-{crisis.MessageId}");
    }

    [Test]
    public async Task A_flag_puts_a_green_post_on_the_sidebar()
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");
        using var alex = await factory.NewClient().SignInAsync("alex");
        using var ellie = await factory.NewClient().SignInAsync("ellie");
        var green = await sam.StartThreadAsync("hello", Texts.Green2);
        green.Status!.Level.Should().Be("green");
        (await ellie.ToDoAsync()).Should().BeEmpty();

        using var flagged = await alex.PostFormAsync($"posts/{green.MessageId}/flag", new() { ["reason"] = "worried" });

        flagged.StatusCode.Should().Be(HttpStatusCode.Redirect);
        flagged.Headers.Location!.ToString().Should().Be($"/threads/{green.ThreadId}#post-{green.MessageId}");
        var todo = await ellie.ToDoAsync();
        todo.Should().ContainSingle().Which.Should().Match<ToDoDto>(t => t.MessageId == green.MessageId && t.Source == "flag" && t.FlagCount == 1);
        (await sam.PageAsync("threads/" + green.ThreadId)).Should().Contain("by flag (model said green)").And.Contain("1 flag");
    }

    [Test]
    public async Task A_moderator_reply_takes_a_post_off_the_sidebar_and_a_peer_reply_does_not()
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");
        using var alex = await factory.NewClient().SignInAsync("alex");
        using var ellie = await factory.NewClient().SignInAsync("ellie");
        var red = await sam.StartThreadAsync("home", Texts.Red);
        red.Status!.Level.Should().Be("red");

        using (var peerReply = await alex.PostFormAsync($"threads/{red.ThreadId}/posts", new() { ["parentId"] = red.MessageId!, ["body"] = "that sounds awful, I'm here" }))
            peerReply.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await ellie.ToDoAsync()).Select(t => t.MessageId).Should().Contain(red.MessageId);

        using var reply = await ellie.PostFormAsync($"posts/{red.MessageId}/moderator-reply", new() { ["body"] = "Thank you for telling us. I've sent you a private message." });

        reply.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await ellie.ToDoAsync()).Select(t => t.MessageId).Should().NotContain(red.MessageId);
        var status = factory.Triage.GetStatus(red.MessageId!)!;
        status.FirstModeratorReplyAt.Should().NotBeNull();
        status.NeedsAttention.Should().BeFalse();
        (await sam.PageAsync("threads/" + red.ThreadId)).Should().Contain("answered by a moderator").And.Contain("role role-moderator");
    }

    [Test]
    public async Task A_moderator_resolves_and_corrects_levels()
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");
        using var ellie = await factory.NewClient().SignInAsync("ellie");
        var red = await sam.StartThreadAsync("home", Texts.Red);
        var green = await sam.StartThreadAsync("exams", Texts.Green);

        using (var resolved = await ellie.PostFormAsync($"posts/{red.MessageId}/resolve", json: true))
            resolved.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var corrected = await ellie.PostFormAsync($"posts/{green.MessageId}/correct", new() { ["level"] = "RED" }, json: true))
        {
            corrected.StatusCode.Should().Be(HttpStatusCode.OK);
            var outcome = await corrected.Content.ReadFromJsonAsync<OutcomeDto>();
            outcome!.Status!.Level.Should().Be("red");
            outcome.Status.Source.Should().Be("correction");
        }
        using (var unknown = await ellie.PostFormAsync($"posts/{green.MessageId}/correct", new() { ["level"] = "purple" }, json: true))
        {
            unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await unknown.Content.ReadAsStringAsync()).Should().Contain("'purple' is not one of green, amber, red, crisis");
        }

        var todo = await ellie.ToDoAsync();
        todo.Select(t => t.MessageId).Should().Equal(green.MessageId);
        todo[0].Source.Should().Be("correction");
    }

    [Test]
    public async Task A_peer_gets_403_for_every_moderator_action()
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");
        var red = await sam.StartThreadAsync("home", Texts.Red);

        foreach (var (path, fields) in new (string, Dictionary<string, string>)[]
        {
            ($"posts/{red.MessageId}/resolve", []),
            ($"posts/{red.MessageId}/correct", new() { ["level"] = "green" }),
            ($"posts/{red.MessageId}/moderator-reply", new() { ["body"] = "pretending to be a moderator" }),
        })
        {
            using var page = await sam.PostFormAsync(path, fields);
            page.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{path} from a browser form");
            page.Headers.Location.Should().BeNull("a 403, not a redirect");
            using var api = await sam.PostFormAsync(path, fields, json: true);
            api.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{path} as an API call");
        }
        using (var asModerator = await sam.PostApiAsync(new PostRequest("as a moderator", red.ThreadId, red.MessageId, AsModerator: true)))
            asModerator.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using (var todo = await sam.Http.GetAsync(new Uri("api/todo", UriKind.Relative)))
            todo.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var status = factory.Triage.GetStatus(red.MessageId!)!;
        status.Level.Should().Be("red", "the correction was refused");
        status.ResolvedAt.Should().BeNull();
        status.FirstModeratorReplyAt.Should().BeNull();
        status.NeedsAttention.Should().BeTrue();
        (await sam.PageAsync("threads/" + red.ThreadId)).Should().NotContain("/resolve").And.NotContain("moderator-reply").And.NotContain("id=\"todo\"");
    }

    [Test]
    public async Task Every_state_changing_endpoint_refuses_a_request_without_an_antiforgery_token()
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");
        using var ellie = await factory.NewClient().SignInAsync("ellie");
        var post = await sam.StartThreadAsync("hello", Texts.Green2);

        foreach (var (client, path, fields) in new (ForumClient, string, Dictionary<string, string>)[]
        {
            (sam, "threads", new() { ["subject"] = "s", ["body"] = "b" }),
            (sam, $"threads/{post.ThreadId}/posts", new() { ["body"] = "b" }),
            (sam, $"posts/{post.MessageId}/flag", []),
            (ellie, $"posts/{post.MessageId}/resolve", []),
            (ellie, $"posts/{post.MessageId}/correct", new() { ["level"] = "red" }),
            (ellie, $"posts/{post.MessageId}/moderator-reply", new() { ["body"] = "b" }),
            (sam, "logout", []),
            (sam, "login", new() { ["userName"] = "sam", ["password"] = "peer-demo" }),
        })
        {
            using var response = await client.PostFormAsync(path, fields, withToken: false);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"POST /{path} without a token");
        }
        using (var api = await sam.PostApiAsync(new PostRequest("b", Subject: "s"), token: ""))
        {
            api.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await api.Content.ReadAsStringAsync()).Should().Contain("X-CSRF-TOKEN");
        }
        using (var forged = await sam.PostApiAsync(new PostRequest("b", Subject: "s"), token: "not-a-token"))
            forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var status = factory.Triage.GetStatus(post.MessageId!)!;
        status.FlagCount.Should().Be(0);
        status.Level.Should().Be("green");
        (await sam.PageAsync("")).Should().Contain(">hello</a>").And.NotContain(">s</a>", "no thread was started without a token");
    }

    [TestCase(Texts.ScriptXss, "&lt;script&gt;alert(&#x27;xss-script&#x27;)&lt;/script&gt; hello")]
    [TestCase(Texts.ImgXss, "&lt;img src=x onerror=&quot;alert(&#x27;xss-img&#x27;)&quot;&gt; hi")]
    [TestCase(Texts.UrlXss, "javascript:alert(&#x27;xss-url&#x27;)")]
    public async Task Post_bodies_and_subjects_are_rendered_encoded(string payload, string encoded)
    {
        await using var factory = new ForumFactory();
        using var sam = await factory.NewClient().SignInAsync("sam");
        var post = await sam.StartThreadAsync(payload, payload);
        await sam.PostAsync(new PostRequest(payload, post.ThreadId, post.MessageId));

        var thread = await sam.PageAsync("threads/" + post.ThreadId);
        var home = await sam.PageAsync("");

        ForumClient.PostBodies(thread).Should().Equal(encoded, encoded);
        thread.Should().Contain($"<h1 class=\"thread-subject\">{encoded}</h1>");
        home.Should().Contain(encoded);
        foreach (var html in new[] { thread, home })
        {
            html.Should().NotContain("<script>alert").And.NotContain("<img src=x").And.NotContain("href=\"javascript:");
            html.Should().NotContainAny("<script>", "onerror=\"alert");
        }
    }

    [Test]
    public async Task Flags_are_rate_limited_per_member_with_429()
    {
        await using var factory = new ForumFactory(new Dictionary<string, string?> { ["Forum:FlagsPerWindow"] = "3" });
        using var sam = await factory.NewClient().SignInAsync("sam");
        using var alex = await factory.NewClient().SignInAsync("alex");
        var post = await sam.StartThreadAsync("hello", Texts.Green2);

        for (var i = 0; i < 3; i++)
        {
            using var ok = await alex.PostFormAsync($"posts/{post.MessageId}/flag");
            ok.StatusCode.Should().Be(HttpStatusCode.Redirect, $"flag {i + 1} of 3 is allowed");
        }
        using var limited = await alex.PostFormAsync($"posts/{post.MessageId}/flag");

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await limited.Content.ReadAsStringAsync()).Should().StartWith("Too many flags: at most 3 per 10 min for each member.");
        factory.Triage.GetStatus(post.MessageId!)!.FlagCount.Should().Be(3, "the refused flag never reached the store");
        using var other = await sam.PostFormAsync($"posts/{post.MessageId}/flag");
        other.StatusCode.Should().Be(HttpStatusCode.Redirect, "the limit is per member: another member can still flag");
    }

    [Test]
    public async Task Signing_in_and_out()
    {
        await using var factory = new ForumFactory();
        using var client = factory.NewClient();

        using (var anonymousPage = await client.Http.GetAsync(new Uri("", UriKind.Relative)))
        {
            anonymousPage.StatusCode.Should().Be(HttpStatusCode.Redirect);
            anonymousPage.Headers.Location!.AbsolutePath.Should().Be("/login");
        }
        using (var anonymousApi = await client.Http.GetAsync(new Uri("api/todo", UriKind.Relative)))
            anonymousApi.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using (var wrong = await client.TrySignInAsync("sam", "not-the-password"))
        {
            wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await wrong.Content.ReadAsStringAsync()).Should().Contain("Unknown user name or wrong password.");
        }

        await client.SignInAsync("ellie");
        (await client.PageAsync("")).Should().Contain("<span class=\"user\">ellie</span>").And.Contain("id=\"todo\"");
        (await client.ToDoAsync()).Should().BeEmpty();

        using (var logout = await client.PostFormAsync("logout"))
            logout.StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var after = await client.Http.GetAsync(new Uri("api/todo", UriKind.Relative));
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Pages_carry_a_content_security_policy_without_inline_scripts()
    {
        await using var factory = new ForumFactory();
        using var client = factory.NewClient();
        using var response = await client.Http.GetAsync(new Uri("login", UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("script-src 'self'").And.NotContain("unsafe-inline").And.Contain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("<script>").And.NotContain(" onclick=");
    }

    [Test]
    public async Task Logs_never_contain_message_text()
    {
        var logs = new CapturingLoggerProvider();
        await using var baseFactory = new ForumFactory(NoWindow);
        await using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddLogging(l =>
        {
            l.AddProvider(logs);
            l.SetMinimumLevel(LogLevel.Trace);
        })));
        using var sam = new ForumClient(factory.CreateClient(new() { AllowAutoRedirect = false }));
        await sam.SignInAsync("sam");
        const string Secret = "unique-secret-words-7f3a my stepdad hits me when he's been drinking";
        var post = await sam.StartThreadAsync("subject-secret-9c1e", Secret);
        using (var flag = await sam.PostFormAsync($"posts/{post.MessageId}/flag", new() { ["reason"] = "reason-secret-4b2d" }))
            flag.StatusCode.Should().Be(HttpStatusCode.Redirect);
        await sam.PageAsync("threads/" + post.ThreadId);

        logs.Messages.Should().Contain(m => m.Contains(post.MessageId!, StringComparison.Ordinal), "the forum logs ids");
        logs.Messages.Should().NotContain(m => m.Contains("unique-secret-words-7f3a", StringComparison.Ordinal)
            || m.Contains("subject-secret-9c1e", StringComparison.Ordinal) || m.Contains("reason-secret-4b2d", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                owner._messages.Enqueue($"{category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
