using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests;

/// <summary>Keeps the code block of src/PeerTriage.Hosting/README.md compiling and working: keep the two in step.</summary>
public sealed class ReadmeExampleTests
{
    [Test]
    public async Task The_readme_example_builds_a_host_that_triages()
    {
        using var dir = new TempDirectory();
        string model = HostFixture.CopyModel(dir);
        string[] args = [$"--PeerTriage:ModelPath={model}", $"--PeerTriage:SqlitePath={dir.File("moderation.db")}"];

        // --- README ---
        var builder = Host.CreateApplicationBuilder(args); // or WebApplication.CreateBuilder(args)
        builder.Services
            .AddPeerTriage(builder.Configuration.GetSection(PeerTriageOptions.SectionName))
            .AddCrisisHandler<PagerHandler>();
        builder.Services.AddHealthChecks().AddPeerTriage();
        // --- end ---

        using var host = builder.Build();
        await host.StartAsync();
        var triage = host.Services.GetRequiredService<TriageService>();
        triage.Apply(HostFixture.Post("m1", "Hello everyone", DateTimeOffset.UnixEpoch)).Outcome.Should().Be(ApplyOutcome.Applied);
        host.Services.GetRequiredService<ModerationStore>().MessageCount.Should().Be(1);
        await host.StopAsync();
    }

    private sealed class PagerHandler : ICrisisEscalationHandler
    {
        public void Handle(CrisisEscalation escalation)
        {
        }
    }
}
