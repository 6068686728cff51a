using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests.Logging;

public sealed class LoggingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task No_log_entry_carries_message_text_whatever_happens_to_the_message()
    {
        const string marker = "zq7-MARKER-body-9x";
        using var dir = new TempDirectory();
        string model = HostFixture.CopyModel(dir);
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(model, o => o.CommunityWindow = TimeSpan.Zero, logs: logs,
            more: b => b.AddCrisisHandler<RecordingHandler>().AddCrisisHandler<FailingHandler>(),
            services: s => s.AddHealthChecks().AddPeerTriage());
        await host.StartAsync();
        var service = host.Services.GetRequiredService<TriageService>();

        service.Apply(HostFixture.Post("m1", $"I want to end it all tonight {marker}", T0));
        service.Apply(new MessageFlagged("f1", T0.AddMinutes(1), "m1") { Reason = "worried " + marker });
        service.Apply(new MessageEdited("e1", T0.AddMinutes(2), "m1", $"edited {marker} text"));
        service.Apply(new LevelCorrected("c1", T0.AddMinutes(3), "m1", "crisis"));
        service.Apply(HostFixture.Post("m2", $"reply {marker}", T0.AddMinutes(4), parentId: "m1", role: AuthorRole.Moderator));
        service.Apply(new ReplyPosted("r1", T0.AddMinutes(5), "unknown-message", AuthorRole.Peer));
        service.Apply(new MessageDeleted("d1", T0.AddMinutes(6), "m1"));
        File.WriteAllBytes(model, [1, 2, 3]);
        service.Model.Reload();
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        await checks.CheckHealthAsync();
        await host.StopAsync();

        host.Services.GetServices<ICrisisEscalationHandler>().OfType<RecordingHandler>().Single().Seen.Should().NotBeEmpty("the crisis went through the handlers");
        var entries = logs.Entries.ToList();
        entries.Should().Contain(e => e.EventId.Name == "EscalationHandlerFailed" && e.Message.Contains("m1", StringComparison.Ordinal));
        entries.Should().Contain(e => e.EventId.Name == "EventNotRecorded" && e.Message.Contains("unknown-message", StringComparison.Ordinal));
        entries.Should().Contain(e => e.EventId.Name == "ModelReloadRefused");
        entries.Should().NotContain(e => e.AllText.Contains(marker, StringComparison.Ordinal));
    }

    [Test]
    public async Task Startup_logs_the_model_and_the_store_with_stable_event_ids()
    {
        using var dir = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o =>
        {
            o.Store = PeerTriageStoreKind.Sqlite;
            o.SqlitePath = dir.File("m.db");
        }, logs: logs);
        await host.StartAsync();
        await host.StopAsync();

        var entries = logs.Entries.ToList();
        entries.Should().ContainSingle(e => e.EventId.Id == 1700).Which.Message
            .Should().Be($"Triage model loaded from {dir.File("model.ptm")} (scheme green < amber < red < crisis)");
        entries.Should().ContainSingle(e => e.EventId.Id == 1710).Which.Message
            .Should().Be($"Moderation store opened: Sqlite {dir.File("m.db")}");
    }
}

/// <summary>Records the escalations it receives (ids only).</summary>
internal sealed class RecordingHandler : ICrisisEscalationHandler
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

    public void Handle(CrisisEscalation escalation) => Seen.Enqueue(escalation.MessageId);
}

/// <summary>Always refuses delivery, as a pager that is down would.</summary>
internal sealed class FailingHandler : ICrisisEscalationHandler
{
    public void Handle(CrisisEscalation escalation) => throw new InvalidOperationException("The pager is down.");
}
