using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting.Tests.Metrics;

public sealed class MetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Bodies =
    [
        "Had a lovely walk with the dog today, feeling calm.",
        "I can't stop crying and I don't know who to talk to.",
        "I want to end my life tonight, I have the pills ready.",
        "Thanks everyone for the kind words yesterday.",
        "Everything feels pointless and I keep thinking about hurting myself.",
    ];

    [Test]
    public async Task Every_triage_is_counted_under_the_level_the_model_gave_and_timed()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var triaged = new MetricCollector<long>(meters, PeerTriageMetrics.MeterName, PeerTriageMetrics.MessagesTriaged);
        using var duration = new MetricCollector<double>(meters, PeerTriageMetrics.MeterName, PeerTriageMetrics.TriageDuration);
        await host.StartAsync();
        var service = host.Services.GetRequiredService<TriageService>();

        var expected = new Dictionary<string, long>();
        for (int i = 0; i < Bodies.Length; i++)
        {
            service.Apply(HostFixture.Post("m" + i, Bodies[i], T0.AddMinutes(i)));
            string level = service.GetStatus("m" + i)!.ModelLevel;
            expected[level] = expected.GetValueOrDefault(level) + 1;
        }

        var counted = triaged.GetMeasurementSnapshot()
            .GroupBy(m => (string)m.Tags["level"]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        counted.Should().Equal(expected);
        expected.Count.Should().BeGreaterThan(1, "the bodies are meant to reach several levels, so the tag is tested");
        triaged.GetMeasurementSnapshot().Should().OnlyContain(m => m.Tags.Count == 1 && m.Tags.ContainsKey("level"));

        var times = duration.GetMeasurementSnapshot();
        times.Should().HaveCount(Bodies.Length);
        times.Should().OnlyContain(m => m.Value >= 0 && m.Tags.Count == 0);
        await host.StopAsync();
    }

    [Test]
    public async Task The_todo_gauge_reports_the_list_length_per_level_with_zeros()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir), o => o.CommunityWindow = TimeSpan.Zero);
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var gauge = new MetricCollector<long>(meters, PeerTriageMetrics.MeterName, PeerTriageMetrics.ToDoLength);
        await host.StartAsync();
        var service = host.Services.GetRequiredService<TriageService>();
        for (int i = 0; i < Bodies.Length; i++)
            service.Apply(HostFixture.Post("m" + i, Bodies[i], T0.AddMinutes(i)));
        service.Apply(new LevelCorrected("c1", T0.AddHours(1), "m0", "crisis"));

        gauge.RecordObservableInstruments();
        var reported = gauge.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["level"]!, m => m.Value);

        var todo = service.GetToDo();
        todo.Should().NotBeEmpty();
        reported.Keys.Should().BeEquivalentTo(service.Model.Scheme.Levels);
        foreach (string level in service.Model.Scheme.Levels)
            reported[level].Should().Be(todo.Count(t => t.Level == level), $"level {level}");
        await host.StopAsync();
    }

    [Test]
    public async Task The_first_moderator_reply_is_timed_once_under_the_level_the_message_waited_at()
    {
        using var dir = new TempDirectory();
        using var host = HostFixture.Build(HostFixture.CopyModel(dir));
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var firstReply = new MetricCollector<double>(meters, PeerTriageMetrics.MeterName, PeerTriageMetrics.TimeToFirstModeratorReply);
        await host.StartAsync();
        var service = host.Services.GetRequiredService<TriageService>();

        service.Apply(HostFixture.Post("m1", Bodies[0], T0));
        service.Apply(new LevelCorrected("c1", T0.AddSeconds(10), "m1", "red"));
        service.Apply(new ReplyPosted("r0", T0.AddSeconds(30), "m1", AuthorRole.Peer));
        firstReply.GetMeasurementSnapshot().Should().BeEmpty("a peer's reply is not a moderator's");

        service.Apply(new ReplyPosted("r1", T0.AddSeconds(90), "m1", AuthorRole.Moderator));
        service.Apply(new ReplyPosted("r2", T0.AddSeconds(200), "m1", AuthorRole.Staff));
        service.Apply(new ReplyPosted("r1", T0.AddSeconds(90), "m1", AuthorRole.Moderator)); // a redelivery

        // A moderator's reply posted as a message counts too.
        service.Apply(HostFixture.Post("m2", Bodies[3], T0));
        service.Apply(HostFixture.Post("m3", "We're here for you, I've sent you a private message.", T0.AddSeconds(45), parentId: "m2", role: AuthorRole.Moderator));

        var measured = firstReply.GetMeasurementSnapshot();
        measured.Should().HaveCount(2);
        measured[0].Value.Should().Be(90);
        measured[0].Tags.Should().Equal(new Dictionary<string, object?> { ["level"] = "red" });
        measured[1].Value.Should().Be(45);
        measured[1].Tags["level"].Should().Be(service.GetStatus("m2")!.Level);
        await host.StopAsync();
    }
}
