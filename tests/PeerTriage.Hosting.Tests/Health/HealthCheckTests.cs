using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests.Health;

public sealed class HealthCheckTests
{
    private static async Task<HealthCheckResult> Check(IServiceProvider services, string name = "peertriage")
    {
        var registration = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single(r => r.Name == name);
        var check = registration.Factory(services);
        return await check.CheckHealthAsync(new HealthCheckContext { Registration = registration });
    }

    [Test]
    public async Task Healthy_when_the_model_is_loaded_and_the_store_answers()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), services: s => s.AddHealthChecks().AddPeerTriage(tags: ["ready"]));
        await host.StartAsync();
        host.Services.GetRequiredService<TriageService>().Apply(HostFixture.Post("m1", "Hello all.", DateTimeOffset.UnixEpoch));

        var result = await Check(host.Services);

        result.Status.Should().Be(HealthStatus.Healthy);
        result.Description.Should().Contain("the store answers (1 messages)");
        result.Data["store_messages"].Should().Be(1L);
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single().Tags.Should().Equal("ready");
        await host.StopAsync();
    }

    [Test]
    public async Task Degraded_when_the_last_reload_was_refused_and_healthy_again_after_a_good_one()
    {
        using var dir = new TempDirectory();
        string path = HostFixture.CopyModel(dir);
        using var host = HostFixture.Build(path, services: s => s.AddHealthChecks().AddPeerTriage("triage"));
        await host.StartAsync();
        var provider = host.Services.GetRequiredService<TriageModelProvider>();
        File.WriteAllText(path, "not a model");
        provider.Reload();

        var degraded = await Check(host.Services, "triage");
        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().Contain("reload was refused").And.Contain(provider.LastReloadError!);

        HostFixture.CopyModel(dir, HostFixture.ModelB);
        provider.Reload();
        (await Check(host.Services, "triage")).Status.Should().Be(HealthStatus.Healthy);
        await host.StopAsync();
    }

    [Test]
    public async Task Unhealthy_when_the_store_does_not_answer()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o =>
        {
            o.Store = PeerTriageStoreKind.Sqlite;
            o.SqlitePath = dir.File("m.db");
        }, services: s => s.AddHealthChecks().AddPeerTriage());
        await host.StartAsync();
        host.Services.GetRequiredService<ModerationStore>().Dispose();

        var result = await Check(host.Services);

        result.Status.Should().Be(HealthStatus.Unhealthy);
        result.Description.Should().StartWith("The moderation store did not answer");
        result.Exception.Should().NotBeNull();
        await host.StopAsync();
    }
}
