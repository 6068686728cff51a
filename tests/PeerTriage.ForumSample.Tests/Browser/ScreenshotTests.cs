using static Microsoft.Playwright.Assertions;

namespace PeerTriage.ForumSample.Tests.Browser;

/// <summary>
/// The documentation's screenshots, from the seeded demo forum as a moderator sees it. Always written to the test's
/// work folder; written to docs/images (forum-sidebar.png, forum-thread.png) when PEERTRIAGE_UPDATE_SCREENSHOTS=1.
/// </summary>
[Category("Browser")]
[NonParallelizable]
public sealed class ScreenshotTests
{
    [Test]
    public async Task The_seeded_forum_as_a_moderator_sees_it()
    {
        await using var factory = new ForumFactory(new Dictionary<string, string?> { ["Forum:SeedDemoThreads"] = "true" });
        var address = factory.StartKestrel();
        var moderator = await BrowserFixture.SignedInPageAsync(address, "ellie", width: 1200, height: 860);

        await moderator.GotoAsync("/threads/seed-t4");
        var items = moderator.Locator("#todo-list > li");
        await Expect(items).ToHaveCountAsync(4);
        await Expect(items.Nth(0)).ToHaveAttributeAsync("data-level", "crisis");
        await Expect(items.Nth(1)).ToHaveAttributeAsync("data-level", "red");
        await Expect(items.Nth(2)).ToHaveAttributeAsync("data-level", "amber");
        await Expect(items.Nth(3)).ToHaveAttributeAsync("data-level", "amber");
        await Expect(moderator.Locator("article.post")).ToHaveCountAsync(2);

        var folder = Environment.GetEnvironmentVariable("PEERTRIAGE_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(TestData.RepoRoot, "docs", "images")
            : TestContext.CurrentContext.WorkDirectory;
        Directory.CreateDirectory(folder);
        var sidebar = Path.Combine(folder, "forum-sidebar.png");
        var thread = Path.Combine(folder, "forum-thread.png");
        await moderator.Locator("#todo").ScreenshotAsync(new() { Path = sidebar });
        await moderator.ScreenshotAsync(new() { Path = thread, FullPage = true });

        new FileInfo(sidebar).Length.Should().BeGreaterThan(5_000);
        new FileInfo(thread).Length.Should().BeGreaterThan(20_000);
        TestContext.Out.WriteLine($"screenshots: {sidebar}, {thread}");
    }
}
