using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Simulation;

namespace PeerTriage.Analytics.Tests.Simulation;

public sealed class ForumSimulatorTests
{
    private static readonly DateTimeOffset Launch = new(2016, 8, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Training = new(2016, 11, 27, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A small forum: four months around the launch.</summary>
    private static SimulationOptions Small(int seed) => new()
    {
        Seed = seed,
        Start = new DateTimeOffset(2016, 6, 5, 0, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2016, 10, 5, 0, 0, 0, TimeSpan.Zero),
        PeerMessagesPerDay = 80,
    };

    [Test]
    public void The_same_seed_gives_the_same_forum_and_another_seed_another()
    {
        var a = ForumSimulator.Generate(Small(7));
        var b = ForumSimulator.Generate(Small(7));
        var c = ForumSimulator.Generate(Small(8));

        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Test]
    public void The_forum_has_the_configured_shape()
    {
        var options = Small(3);
        var posts = ForumSimulator.Generate(options);
        var peers = posts.Where(p => p.Role == AuthorRole.Peer).ToList();
        var replies = posts.Where(p => p.Role == AuthorRole.Moderator).ToList();

        posts.Select(p => p.PostedAt).Should().BeInAscendingOrder();
        posts.Should().OnlyContain(p => p.PostedAt >= options.Start && p.PostedAt < options.End && p.Text == null);
        posts.Select(p => p.Id).Should().OnlyHaveUniqueItems();
        double days = (options.End - options.Start).TotalDays;
        peers.Count.Should().BeInRange((int)(0.9 * 80 * days), (int)(1.1 * 80 * days));
        peers.Count(p => p.Level == "green").Should().BeInRange((int)(0.5 * peers.Count), (int)(0.6 * peers.Count));
        peers.Count(p => p.ParentId is not null).Should().BeInRange((int)(0.55 * peers.Count), (int)(0.65 * peers.Count));
        replies.Should().OnlyContain(r => r.UtcHourIn(8, 23) || r.PostedAt.UtcDateTime.Hour == 8, "moderators reply on shift");
        // Night hours get fewer messages than evening hours.
        peers.Count(p => p.PostedAt.UtcDateTime.Hour == 4).Should().BeLessThan(peers.Count(p => p.PostedAt.UtcDateTime.Hour == 21) / 4);
        var ids = posts.Select(p => p.Id).ToHashSet();
        replies.Should().OnlyContain(r => ids.Contains(r.ParentId!));
    }

    [Test]
    public void The_export_round_trips_through_csv()
    {
        var posts = ForumSimulator.Generate(Small(5) with { End = new DateTimeOffset(2016, 6, 12, 0, 0, 0, TimeSpan.Zero) });
        using var text = new StringWriter();
        ForumExport.WriteCsv(text, posts);

        var back = ForumExport.Read(new StringReader(text.ToString()), PeerTriage.Data.DataFormat.Csv);

        back.Should().BeEquivalentTo(posts, o => o.Excluding(p => p.Line));
    }

    [Test]
    public void Bad_options_name_the_option()
    {
        var mix = () => ForumSimulator.Generate(new SimulationOptions { LevelMix = [1, 1] });
        mix.Should().Throw<ArgumentException>().WithMessage("*LevelMix needs one value per level (4*");
        var effect = () => ForumSimulator.Generate(new SimulationOptions { LaunchEffects = [new LevelEffect("purple", LatencyFactor: 0.5)] });
        effect.Should().Throw<ArgumentException>().WithMessage("*LaunchEffects names 'purple'*");
        var hours = () => ForumSimulator.Generate(new SimulationOptions { HourlyWeights = [1, 2, 3] });
        hours.Should().Throw<ArgumentException>().WithMessage("*HourlyWeights needs 24*");
    }

    /// <summary>
    /// The planted effects come back out of the study: red latency × 0.2 at launch (moderators always on duty, so shifts
    /// do not blur the factor), crisis × 0.5, green and amber unchanged; red's response ratio × 1.2 (0.7 → 0.84). Each
    /// median ratio must lie within 3.5 standard errors of the planted factor, on the log scale, where the standard
    /// error of a log-normal sample's log median is about 1.2533 σ / √n.
    /// </summary>
    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    public void The_study_recovers_the_planted_launch_effects(int seed)
    {
        var options = Small(seed) with { DutyStartHour = 0, DutyEndHour = 0 };
        var posts = ForumSimulator.Generate(options);
        var result = ResponsivenessStudy.Run(posts, new ResponsivenessOptions { Boundaries = [Launch] });

        void Planted(string level, double factor)
        {
            var pre = result.Latencies.Single(c => c.Level == level && c.Period == "prelaunch");
            var post = result.Latencies.Single(c => c.Level == level && c.Period == "postlaunch");
            double se = 1.2533 * options.LatencySigma * Math.Sqrt((1.0 / pre.Responded) + (1.0 / post.Responded));
            Math.Log(post.Median!.Value / pre.Median!.Value).Should().BeApproximately(Math.Log(factor), 3.5 * se, $"{level}'s planted latency factor is {factor}");
        }
        Planted("red", 0.2);
        Planted("crisis", 0.5);
        Planted("green", 1);
        Planted("amber", 1);
        result.ResponseRatios.Single(c => c.Level == "red" && c.Period == "prelaunch").Ratio.Should().BeApproximately(0.7, 0.05);
        result.ResponseRatios.Single(c => c.Level == "red" && c.Period == "postlaunch").Ratio.Should().BeApproximately(0.84, 0.05);
        result.ResponseRatios.Single(c => c.Level == "green" && c.Period == "postlaunch").Ratio.Should().BeApproximately(0.2, 0.03);
    }

    [Test]
    public void Shifts_delay_night_replies_but_keep_the_direction_of_the_effect()
    {
        var result = ResponsivenessStudy.Run(ForumSimulator.Generate(Small(14)), new ResponsivenessOptions { Boundaries = [Launch] });

        var red = result.LatencyChanges.Single(c => c.Level == "red");
        red.MedianPercentChange.Should().BeLessThan(-50);
        var green = result.LatencyChanges.Single(c => c.Level == "green");
        green.MedianPercentChange.Should().BeInRange(-25, 25);
    }

    [Test]
    public void The_training_effect_shows_in_the_third_period()
    {
        var options = new SimulationOptions { Seed = 21, Start = new DateTimeOffset(2016, 10, 1, 0, 0, 0, TimeSpan.Zero), DutyStartHour = 0, DutyEndHour = 0, PeerMessagesPerDay = 80 };
        var result = ResponsivenessStudy.Run(ForumSimulator.Generate(options), new ResponsivenessOptions { Boundaries = [Launch, Training] });

        var amber = result.LatencyChanges.Single(c => c.Level == "amber" && c.From == "postlaunch" && c.To == "post-training");
        amber.MedianPercentChange.Should().BeApproximately(-30, 10);
        var green = result.LatencyChanges.Single(c => c.Level == "green" && c.From == "postlaunch" && c.To == "post-training");
        green.MedianPercentChange.Should().BeApproximately(0, 15);
    }
}

internal static class PostExtensions
{
    public static bool UtcHourIn(this ForumPost post, int from, int to) => post.PostedAt.UtcDateTime.Hour >= from && post.PostedAt.UtcDateTime.Hour < to;
}
