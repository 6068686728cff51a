using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests.Escalation;

public sealed class EscalationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Every_handler_receives_a_crisis_once()
    {
        using var dir = new TempDirectory();
        var pager = new Pager();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir),
            more: b => b.AddCrisisHandler<PagingHandler>().AddCrisisHandler<SecondHandler>(),
            services: s => s.AddSingleton(pager));
        await host.StartAsync();
        var service = host.Services.GetRequiredService<TriageService>();

        service.Apply(HostFixture.Post("m1", "Just checking in.", T0));
        service.Apply(new LevelCorrected("c1", T0.AddMinutes(1), "m1", "crisis"));
        service.Apply(new LevelCorrected("c2", T0.AddMinutes(2), "m1", "red"));
        service.Apply(new LevelCorrected("c3", T0.AddMinutes(3), "m1", "crisis"));

        pager.Calls.Should().Equal("paging:m1", "second:m1");
        await host.StopAsync();
    }

    [Test]
    public async Task A_failing_handler_leaves_the_escalation_pending_and_the_sweep_delivers_it_later()
    {
        using var dir = new TempDirectory();
        var pager = new Pager { Down = true };
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir),
            o => o.EscalationSweepInterval = TimeSpan.FromMilliseconds(100),
            more: b => b.AddCrisisHandler<PagingHandler>(), logs: logs,
            services: s => s.AddSingleton(pager));
        await host.StartAsync();
        var service = host.Services.GetRequiredService<TriageService>();
        service.Apply(HostFixture.Post("m1", "Just checking in.", T0));

        // The event is recorded and the call does not fail, although the pager is down.
        var result = service.Apply(new LevelCorrected("c1", T0.AddMinutes(1), "m1", "crisis"));
        result.Outcome.Should().Be(ApplyOutcome.Applied);
        result.Status!.Level.Should().Be("crisis");
        result.Status.IsEscalated.Should().BeTrue();
        pager.Calls.Should().BeEmpty();

        // While the handler fails, other events still get their own outcome.
        service.Apply(new ReplyPosted("r1", T0.AddMinutes(2), "nobody", AuthorRole.Peer)).Outcome.Should().Be(ApplyOutcome.UnknownMessage);
        service.Apply(new LevelCorrected("c1", T0.AddMinutes(1), "m1", "crisis")).Outcome.Should().Be(ApplyOutcome.Duplicate);
        service.Apply(HostFixture.Post("m2", "Another day.", T0.AddMinutes(3))).Outcome.Should().Be(ApplyOutcome.Applied);

        var sweep = host.Services.GetServices<IHostedService>().OfType<EscalationSweepService>().Single();
        int sweeps = sweep.Sweeps;
        await WaitUntil(() => sweep.Sweeps >= sweeps + 2, "two sweeps while the pager is down");
        pager.Calls.Should().BeEmpty();
        logs.Entries.Should().Contain(e => e.EventId.Name == "EscalationHandlerFailed" && e.Message.Contains("m1", StringComparison.Ordinal));
        logs.Entries.Should().Contain(e => e.EventId.Name == "EscalationsPending");

        pager.Down = false;
        await WaitUntil(() => !pager.Calls.IsEmpty, "the sweep to deliver the escalation");
        pager.Calls.Should().Equal("paging:m1");
        logs.Entries.Should().Contain(e => e.EventId.Name == "EscalationDelivered" && e.Message.Contains("m1", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Test]
    public async Task The_sweep_runs_on_the_hosts_clock_every_interval()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(T0);
        var pager = new Pager { Down = true };
        using var host = HostFixture.Build(HostFixture.CopyModel(dir),
            o => o.EscalationSweepInterval = TimeSpan.FromHours(1),
            more: b => b.AddCrisisHandler<PagingHandler>(),
            services: s => s.AddSingleton(pager).AddSingleton<TimeProvider>(clock));
        await host.StartAsync();
        var sweep = host.Services.GetServices<IHostedService>().OfType<EscalationSweepService>().Single();
        await WaitUntil(() => sweep.Sweeps == 1 && clock.PendingTimers == 1, "the start-up sweep and its wait");

        var service = host.Services.GetRequiredService<TriageService>();
        service.Apply(HostFixture.Post("m1", "Just checking in.", T0));
        service.Apply(new LevelCorrected("c1", T0.AddMinutes(1), "m1", "crisis")).Status!.IsEscalated.Should().BeTrue();
        pager.Down = false;

        clock.Advance(TimeSpan.FromMinutes(59));
        sweep.Sweeps.Should().Be(1, "the interval has not passed");
        pager.Calls.Should().BeEmpty();

        clock.Advance(TimeSpan.FromMinutes(1));
        await WaitUntil(() => sweep.Sweeps == 2, "the hourly sweep");
        pager.Calls.Should().Equal("paging:m1");
        await host.StopAsync();
    }

    [Test]
    public async Task An_escalation_left_pending_by_an_earlier_process_is_delivered_when_the_host_starts()
    {
        using var dir = new TempDirectory();
        string model = HostFixture.CopyModel(dir);
        string db = dir.File("m.db");
        void Sqlite(PeerTriageOptions o)
        {
            o.Store = PeerTriageStoreKind.Sqlite;
            o.SqlitePath = db;
            o.EscalationSweepInterval = TimeSpan.FromHours(1); // only the sweep at start can deliver it
        }

        var downPager = new Pager { Down = true };
        using (var first = HostFixture.Build(model, Sqlite, more: b => b.AddCrisisHandler<PagingHandler>(), services: s => s.AddSingleton(downPager)))
        {
            await first.StartAsync();
            var service = first.Services.GetRequiredService<TriageService>();
            service.Apply(HostFixture.Post("m1", "Just checking in.", T0));
            service.Apply(new LevelCorrected("c1", T0.AddMinutes(1), "m1", "crisis"));
            await first.StopAsync();
        }
        downPager.Calls.Should().BeEmpty();

        var pager = new Pager();
        using var second = HostFixture.Build(model, Sqlite, more: b => b.AddCrisisHandler<PagingHandler>(), services: s => s.AddSingleton(pager));
        await second.StartAsync();
        await WaitUntil(() => !pager.Calls.IsEmpty, "the start-up sweep");
        pager.Calls.Should().Equal("paging:m1");
        await second.StopAsync();
    }

    [Test]
    public async Task A_sweep_that_fails_is_logged_and_does_not_stop_the_host()
    {
        using var dir = new TempDirectory();
        var logs = new CapturingLoggerProvider();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o =>
        {
            o.Store = PeerTriageStoreKind.Sqlite;
            o.SqlitePath = dir.File("m.db");
        }, logs: logs);
        await host.StartAsync();
        var sweep = host.Services.GetServices<IHostedService>().OfType<EscalationSweepService>().Single();
        host.Services.GetRequiredService<ModerationStore>().Dispose(); // the store goes away under the sweep

        var act = () => sweep.SweepOnce();
        act.Should().NotThrow();
        logs.Entries.Should().Contain(e => e.EventId.Name == "EscalationSweepFailed");
        await host.StopAsync();
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (int i = 0; i < 300 && !condition(); i++)
            await Task.Delay(50);
        condition().Should().BeTrue($"we waited 15 s for {what}");
    }
}

/// <summary>Stands in for the on-call pager: records calls, or refuses them while down.</summary>
internal sealed class Pager
{
    public volatile bool Down;

    public ConcurrentQueue<string> Calls { get; } = new();
}

internal sealed class PagingHandler(Pager pager) : ICrisisEscalationHandler
{
    public void Handle(CrisisEscalation escalation)
    {
        if (pager.Down)
            throw new InvalidOperationException("The pager is down.");
        pager.Calls.Enqueue("paging:" + escalation.MessageId);
    }
}

internal sealed class SecondHandler(Pager pager) : ICrisisEscalationHandler
{
    public void Handle(CrisisEscalation escalation) => pager.Calls.Enqueue("second:" + escalation.MessageId);
}
