using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PeerTriage.ForumSample.Forum;
using static Microsoft.Playwright.Assertions;

namespace PeerTriage.ForumSample.Tests.Browser;

/// <summary>
/// End-to-end in a real browser against the sample on Kestrel (a fresh data folder per test). The moderator's page is
/// never reloaded in the sidebar scenarios: the list must change by itself. Waits are Playwright's auto-retrying
/// expectations with a generous timeout, never sleeps.
/// </summary>
[Category("Browser")]
[NonParallelizable]
public sealed class ForumBrowserTests
{
    private static readonly LocatorAssertionsToHaveCountOptions Gone = new() { Timeout = BrowserFixture.Timeout };

    [Test]
    public async Task A_crisis_post_by_a_peer_appears_at_the_top_of_the_moderators_sidebar_without_a_reload()
    {
        await using var factory = new ForumFactory();
        var address = factory.StartKestrel();
        using var api = await factory.NewClient().SignInAsync("alex");
        var red = await api.StartThreadAsync("home", Texts.Red);
        red.Status!.Level.Should().Be("red");
        var moderator = await BrowserFixture.SignedInPageAsync(address, "ellie");
        await Expect(moderator.Locator("#todo-list > li")).ToHaveCountAsync(1);
        await Expect(moderator.Locator("#todo-list > li").First).ToHaveAttributeAsync("data-level", "red");

        var peer = await BrowserFixture.SignedInPageAsync(address, "sam");
        await peer.FillAsync("#new-thread input[name=subject]", "tonight");
        await peer.FillAsync("#new-thread textarea[name=body]", Texts.Crisis);
        await peer.ClickAsync("#new-thread button[type=submit]");
        await Expect(peer.Locator("article.post .triage .badge")).ToHaveTextAsync("crisis");

        var top = moderator.Locator("#todo-list > li").First;
        await Expect(top).ToHaveAttributeAsync("data-level", "crisis");
        await Expect(top.Locator(".todo-excerpt")).ToHaveTextAsync(Texts.Crisis);
        await Expect(moderator.Locator("#todo-list > li").Nth(1)).ToHaveAttributeAsync("data-message-id", red.MessageId!);
        await Expect(moderator.Locator("#todo-count")).ToHaveTextAsync("(2)");
    }

    [Test]
    public async Task A_green_post_flagged_by_a_member_appears_on_the_sidebar()
    {
        await using var factory = new ForumFactory();
        var address = factory.StartKestrel();
        using var api = await factory.NewClient().SignInAsync("sam");
        var green = await api.StartThreadAsync("hello", Texts.Green2);
        green.Status!.Level.Should().Be("green");
        var moderator = await BrowserFixture.SignedInPageAsync(address, "ellie");
        await Expect(moderator.Locator("#todo-empty")).ToBeVisibleAsync();

        var member = await BrowserFixture.SignedInPageAsync(address, "alex");
        await member.GotoAsync($"/threads/{green.ThreadId}");
        await member.ClickAsync($"#post-{green.MessageId} form.flag button");
        await Expect(member.Locator($"#post-{green.MessageId} .triage .source")).ToContainTextAsync("by flag");

        var item = moderator.Locator($"#todo-list > li[data-message-id='{green.MessageId}']");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = BrowserFixture.Timeout });
        await Expect(item.Locator(".todo-meta")).ToContainTextAsync("by flag · 1 flag");
        await Expect(moderator.Locator("#todo-empty")).ToBeHiddenAsync();
    }

    [Test]
    public async Task A_moderator_reply_takes_the_post_off_the_sidebar()
    {
        await using var factory = new ForumFactory();
        var address = factory.StartKestrel();
        using var api = await factory.NewClient().SignInAsync("sam");
        var red = await api.StartThreadAsync("home", Texts.Red);
        var moderator = await BrowserFixture.SignedInPageAsync(address, "ellie");
        await moderator.GotoAsync($"/threads/{red.ThreadId}");
        var item = moderator.Locator($"#todo-list > li[data-message-id='{red.MessageId}']");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = BrowserFixture.Timeout });

        await moderator.FillAsync($"#post-{red.MessageId} .moderator-reply textarea", "Thank you for telling us. I've messaged you privately.");
        await moderator.ClickAsync($"#post-{red.MessageId} .moderator-reply button");

        await Expect(moderator.Locator($"#post-{red.MessageId} .triage")).ToContainTextAsync("answered by a moderator");
        await Expect(item).ToHaveCountAsync(0, Gone);
        await Expect(moderator.Locator("#todo-empty")).ToBeVisibleAsync();
    }

    [Test]
    public async Task An_amber_post_enters_the_sidebar_when_its_community_window_ends()
    {
        await using var factory = new ForumFactory(new Dictionary<string, string?> { ["PeerTriage:CommunityWindow"] = "00:00:03" });
        var address = factory.StartKestrel();
        var moderator = await BrowserFixture.SignedInPageAsync(address, "ellie");
        using var api = await factory.NewClient().SignInAsync("sam");

        var amber = await api.StartThreadAsync("sleep", Texts.Amber);

        // Deterministic part: it is amber, not due yet, and due exactly one window after posting.
        amber.Status!.Level.Should().Be("amber");
        var status = factory.Triage.GetStatus(amber.MessageId!)!;
        status.AttentionFrom.Should().Be(status.PostedAt + TimeSpan.FromSeconds(3));
        // Then the page, without a reload, shows it once the window has passed (Playwright retries until it does).
        var item = moderator.Locator($"#todo-list > li[data-message-id='{amber.MessageId}']");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = BrowserFixture.Timeout });
        await Expect(item).ToHaveAttributeAsync("data-level", "amber");
        await Expect(item.Locator(".todo-meta")).ToContainTextAsync("no community reply");
        factory.Triage.GetStatus(amber.MessageId!)!.NeedsAttention.Should().BeTrue();
    }

    [Test]
    public async Task Xss_posts_show_as_literal_text_and_run_nothing()
    {
        await using var factory = new ForumFactory();
        var address = factory.StartKestrel();
        var dialogs = new List<string>();
        var peer = await BrowserFixture.SignedInPageAsync(address, "sam");
        var moderator = await BrowserFixture.SignedInPageAsync(address, "ellie");
        foreach (var page in new[] { peer, moderator })
        {
            page.Dialog += (_, dialog) =>
            {
                lock (dialogs)
                    dialogs.Add(dialog.Message);
                _ = dialog.DismissAsync();
            };
        }

        await peer.FillAsync("#new-thread input[name=subject]", Texts.ScriptXss);
        await peer.FillAsync("#new-thread textarea[name=body]", Texts.ScriptXss);
        await peer.ClickAsync("#new-thread button[type=submit]");
        await Expect(peer.Locator("article.post")).ToHaveCountAsync(1);
        foreach (var payload in new[] { Texts.ImgXss, Texts.UrlXss, "<img src=x onerror=\"alert('xss-sidebar')\"> " + Texts.Crisis })
        {
            var count = await peer.Locator("article.post").CountAsync();
            await peer.FillAsync("#thread-reply textarea", payload);
            await peer.ClickAsync("#thread-reply button");
            await Expect(peer.Locator("article.post")).ToHaveCountAsync(count + 1);
        }

        await Expect(peer.Locator("h1.thread-subject")).ToHaveTextAsync(Texts.ScriptXss);
        await Expect(peer.Locator("article.post .body")).ToHaveTextAsync(
            [Texts.ScriptXss, Texts.ImgXss, Texts.UrlXss, "<img src=x onerror=\"alert('xss-sidebar')\"> " + Texts.Crisis]);
        await Expect(peer.Locator("article.post .body *")).ToHaveCountAsync(0);
        await Expect(peer.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        // The moderator's sidebar renders the crisis one's excerpt from JSON: as text too.
        var excerpt = moderator.Locator("#todo-list .todo-excerpt", new() { HasTextRegex = new Regex("xss-sidebar") });
        await Expect(excerpt).ToHaveTextAsync("<img src=x onerror=\"alert('xss-sidebar')\"> " + Texts.Crisis);
        await Expect(moderator.Locator("#todo-list img")).ToHaveCountAsync(0);
        await peer.ReloadAsync();
        await moderator.ReloadAsync();
        await Expect(excerpt).ToHaveCountAsync(1);
        lock (dialogs)
            dialogs.Should().BeEmpty("no script from a post may run");
    }

    [Test]
    public async Task A_peer_has_no_resolve_button_and_a_direct_post_gets_403()
    {
        await using var factory = new ForumFactory();
        var address = factory.StartKestrel();
        using var api = await factory.NewClient().SignInAsync("alex");
        var red = await api.StartThreadAsync("home", Texts.Red);
        var peer = await BrowserFixture.SignedInPageAsync(address, "sam");

        await peer.GotoAsync($"/threads/{red.ThreadId}");
        await Expect(peer.Locator($"#post-{red.MessageId}")).ToBeVisibleAsync();
        await Expect(peer.Locator("button.resolve")).ToHaveCountAsync(0);
        await Expect(peer.Locator(".moderator-actions")).ToHaveCountAsync(0);
        await Expect(peer.Locator("#todo")).ToHaveCountAsync(0);

        // The same request a forged button would send, with the peer's own cookies and a valid antiforgery token.
        var token = await peer.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = peer.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        var response = await peer.APIRequest.PostAsync($"/posts/{red.MessageId}/resolve", new() { Form = form });
        response.Status.Should().Be(403);
        factory.Triage.GetStatus(red.MessageId!)!.ResolvedAt.Should().BeNull();
    }
}
