using Microsoft.AspNetCore.Mvc.Testing;

namespace PeerTriage.ForumSample.Tests;

public sealed class SampleStartsTests
{
    [Test]
    public async Task The_home_page_answers()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();
        (await client.GetStringAsync(new Uri("/", UriKind.Relative))).Should().Contain("PeerTriage");
    }
}
