using System.Text.Json;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Responsiveness;

public sealed class ResponsivenessStudyTests
{
    private static readonly DateTimeOffset Pre = new(2016, 8, 1, 0, 0, 0, TimeSpan.Zero);  // a Monday, ISO week 2016-W31
    private static readonly DateTimeOffset Post = new(2016, 8, 6, 0, 0, 0, TimeSpan.Zero); // the Saturday of that week
    private static readonly ResponsivenessOptions TwoPeriods = new() { Boundaries = [new DateTimeOffset(2016, 8, 5, 0, 0, 0, TimeSpan.Zero)] };

    private static ForumPost Peer(string id, DateTimeOffset day, int hour, int minute, string level, string? parent = null) =>
        new(id, AuthorRole.Peer, day.AddHours(hour).AddMinutes(minute)) { ThreadId = "t", ParentId = parent, AuthorId = "u_" + id, Level = level };

    private static ForumPost Mod(string id, DateTimeOffset day, int hour, int minute, string parent, AuthorRole role = AuthorRole.Moderator) =>
        new(id, role, day.AddHours(hour).AddMinutes(minute)) { ThreadId = "t", ParentId = parent, AuthorId = "mod" };

    /// <summary>
    /// Prelaunch: a1 red (moderators at +30 and +60 min), a2 red (+120), a3 green (a peer's reply b1 only), a4 red (none),
    /// b1 green. Postlaunch: c1 red (+6), c2 red (+12), c3 red (+30), c4 amber (staff +60), c5 green (none directly; a
    /// moderator answers the peer reply d1 at +15, 20 min after c5), d1 green. Plus a moderator's reply to an unseen
    /// message two weeks later and a message of unknown role.
    /// </summary>
    private static List<ForumPost> TinyForum() =>
    [
        Peer("a1", Pre, 10, 0, "red"), Mod("r1", Pre, 10, 30, "a1"), Mod("r2", Pre, 11, 0, "a1"),
        Peer("a2", Pre, 12, 0, "red"), Mod("r3", Pre, 14, 0, "a2"),
        Peer("a3", Pre, 12, 0, "green"), Peer("b1", Pre, 12, 10, "green", "a3"),
        Peer("a4", Pre, 13, 0, "red"),
        Peer("c1", Post, 10, 0, "red"), Mod("r4", Post, 10, 6, "c1"),
        Peer("c2", Post, 11, 0, "red"), Mod("r5", Post, 11, 12, "c2"),
        Peer("c3", Post, 12, 0, "red"), Mod("r6", Post, 12, 30, "c3"),
        Peer("c4", Post, 12, 0, "amber"), Mod("r7", Post, 13, 0, "c4", AuthorRole.Staff),
        Peer("c5", Post, 13, 0, "green"), Peer("d1", Post, 13, 5, "green", "c5"), Mod("r8", Post, 13, 20, "d1"),
        Mod("r9", Pre.AddDays(15), 9, 0, "zz"),
        new("x1", AuthorRole.Unknown, Post.AddHours(9)),
    ];

    private static T Cell<T>(IEnumerable<T> cells, string level, string period) where T : class =>
        cells.Single(c => (string)c.GetType().GetProperty("Level")!.GetValue(c)! == level && (string)c.GetType().GetProperty("Period")!.GetValue(c)! == period);

    [Test]
    public void Inputs_count_roles_replies_and_unseen_parents()
    {
        var forum = TinyForum();
        forum.Reverse(); // input order must not matter
        var result = ResponsivenessStudy.Run(forum, TwoPeriods);

        result.Inputs.Should().BeEquivalentTo(new { Messages = 21, PeerMessages = 11, ModeratorMessages = 9, OtherMessages = 1, ModeratorReplies = 8, RepliesToUnseenMessages = 1 });
        result.Inputs.First.Should().Be(Pre.AddHours(10));
        result.Inputs.Last.Should().Be(Pre.AddDays(15).AddHours(9));
        result.Periods.Select(p => p.Name).Should().Equal("prelaunch", "postlaunch");
    }

    [Test]
    public void Table2_counts_peers_messages_per_level_and_period()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods);

        Cell(result.Volume, "red", "prelaunch").Should().BeEquivalentTo(new { Count = 3, Percent = 60.0 });
        Cell(result.Volume, "green", "prelaunch").Should().BeEquivalentTo(new { Count = 2, Percent = 40.0 });
        Cell(result.Volume, "amber", "prelaunch").Should().BeEquivalentTo(new { Count = 0, Percent = 0.0 });
        Cell(result.Volume, "red", "postlaunch").Should().BeEquivalentTo(new { Count = 3, Percent = 50.0 });
        Cell(result.Volume, "amber", "postlaunch").Percent.Should().BeApproximately(100.0 / 6, 1e-12);
        result.Volume.Should().HaveCount(8);
    }

    [Test]
    public void Table3_counts_direct_moderator_replies_only_by_default()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods);

        Cell(result.ResponseRatios, "red", "prelaunch").Should().BeEquivalentTo(new { Messages = 3, Responded = 2 });
        Cell(result.ResponseRatios, "red", "prelaunch").Ratio.Should().BeApproximately(2.0 / 3, 1e-12);
        Cell(result.ResponseRatios, "green", "prelaunch").Should().BeEquivalentTo(new { Messages = 2, Responded = 0, Ratio = 0.0 }, "a peer's reply is no response");
        Cell(result.ResponseRatios, "red", "postlaunch").Should().BeEquivalentTo(new { Messages = 3, Responded = 3, Ratio = 1.0 });
        Cell(result.ResponseRatios, "amber", "postlaunch").Should().BeEquivalentTo(new { Messages = 1, Responded = 1 }, "staff replies count");
        Cell(result.ResponseRatios, "green", "postlaunch").Should().BeEquivalentTo(new { Messages = 2, Responded = 1, Ratio = 0.5 });
        Cell(result.ResponseRatios, "crisis", "postlaunch").Ratio.Should().BeNull();
    }

    [Test]
    public void Deeper_replies_count_when_asked()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods with { CountDeeperReplies = true });

        Cell(result.ResponseRatios, "green", "postlaunch").Should().BeEquivalentTo(new { Messages = 2, Responded = 2 });
        result.GetLatencies("green", "postlaunch").Should().Equal(15.0, 20.0);
        result.Inputs.ModeratorReplies.Should().Be(8, "r8 answers d1 and, deeper, c5, but is one reply");
    }

    [Test]
    public void Table4_gives_quartiles_and_percentage_changes()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods);

        // SPSS's weighted average (type 6), position (n + 1)p, clamped to the sample:
        // prelaunch red: 30, 120 -> median 75, Q1 30 (position 0.75), Q3 120 (2.25); postlaunch red: 6, 12, 30 -> 12, 6, 30.
        Cell(result.Latencies, "red", "prelaunch").Should().BeEquivalentTo(new { Responded = 2, Median = 75.0, Q1 = 30.0, Q3 = 120.0, Iqr = 90.0 });
        Cell(result.Latencies, "red", "postlaunch").Should().BeEquivalentTo(new { Responded = 3, Median = 12.0, Q1 = 6.0, Q3 = 30.0, Iqr = 24.0 });
        Cell(result.Latencies, "green", "prelaunch").Should().BeEquivalentTo(new { Responded = 0, Median = (double?)null, Iqr = (double?)null });
        var red = result.LatencyChanges.Single(c => c.Level == "red");
        red.Should().BeEquivalentTo(new { From = "prelaunch", To = "postlaunch" });
        red.MedianPercentChange.Should().BeApproximately(-84.0, 1e-9);
        red.IqrPercentChange.Should().BeApproximately(100.0 * (24 - 90) / 90, 1e-9);
        result.LatencyChanges.Single(c => c.Level == "green").MedianPercentChange.Should().BeNull("there is nothing to change from");
        result.GetLatencies("red", "PRELAUNCH").Should().Equal(30.0, 120.0);
        result.Inputs.Percentiles.Should().Contain("type 6");
    }

    [Test]
    public void Table4_can_use_linear_interpolation()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods with { Percentiles = PercentileDefinition.Linear });

        // Type 7, position (n - 1)p + 1: prelaunch red 30, 120 -> 52.5, 75, 97.5; postlaunch red 6, 12, 30 -> 9, 12, 21.
        Cell(result.Latencies, "red", "prelaunch").Should().BeEquivalentTo(new { Median = 75.0, Q1 = 52.5, Q3 = 97.5, Iqr = 45.0 });
        Cell(result.Latencies, "red", "postlaunch").Should().BeEquivalentTo(new { Median = 12.0, Q1 = 9.0, Q3 = 21.0, Iqr = 12.0 });
        result.Inputs.Percentiles.Should().Contain("type 7");
    }

    [Test]
    public void Three_periods_compare_consecutive_periods_and_first_to_last()
    {
        var options = new ResponsivenessOptions { Boundaries = [Pre.AddDays(1), Pre.AddDays(5)] };
        var result = ResponsivenessStudy.Run(TinyForum(), options);

        result.Periods.Select(p => p.Name).Should().Equal("prelaunch", "postlaunch", "post-training");
        result.Periods[1].Should().Be(new StudyPeriod("postlaunch", Pre.AddDays(1), Pre.AddDays(5)));
        result.LatencyChanges.Where(c => c.Level == "red").Select(c => (c.From, c.To))
            .Should().Equal(("prelaunch", "postlaunch"), ("postlaunch", "post-training"), ("prelaunch", "post-training"));
    }

    [Test]
    public void A_message_at_a_boundary_belongs_to_the_later_period()
    {
        var boundary = Pre.AddHours(12);
        var result = ResponsivenessStudy.Run(TinyForum(), new ResponsivenessOptions { Boundaries = [boundary], PeriodNames = ["before", "after"] });

        // a1 (10:00) is before; a2 and a3 (12:00) are after.
        Cell(result.Volume, "red", "before").Count.Should().Be(1);
        Cell(result.Volume, "green", "after").Count.Should().Be(4);
    }

    [Test]
    public void Weeks_are_iso_weeks_with_empty_weeks_kept()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods);

        result.Weeks.Select(w => w.IsoWeek).Should().Equal("2016-W31", "2016-W32", "2016-W33");
        result.Weeks[0].WeekStart.Should().Be(new DateOnly(2016, 8, 1));
        result.Weeks[0].Counts.Should().Equal(4, 1, 6, 0);
        result.Weeks[1].Counts.Should().Equal(0, 0, 0, 0);
    }

    [Test]
    public void Regression_inputs_have_period_dummies_activity_and_outcomes()
    {
        var result = ResponsivenessStudy.Run(TinyForum(), TwoPeriods);

        var logistic = result.LogisticInputs.Single(r => r.Level == "red");
        logistic.Kind.Should().Be(RegressionKind.Logistic);
        logistic.ReferencePeriod.Should().Be("prelaunch");
        logistic.Names.Should().Equal(new[] { "period_postlaunch" }.Concat(ActivityVariables.Names));
        logistic.Rows.Select(r => r[0]).Should().Equal(0, 0, 0, 1, 1, 1);
        logistic.Outcome.Should().Equal(1, 1, 0, 1, 1, 1);
        var linear = result.LinearInputs.Single(r => r.Level == "red");
        linear.Outcome.Should().Equal(new[] { 30.0, 120, 6, 12, 30 }.Select(x => Math.Log(x)));
        linear.Rows.Should().HaveCount(5).And.OnlyContain(r => r.Length == 21);
        result.RegressionInputs.Single(r => r.Level == "red").Should().BeEquivalentTo(new { LogisticRows = 6, LinearRows = 5 });
    }

    [Test]
    public void Json_holds_the_tables_and_no_ids_or_text()
    {
        var forum = TinyForum();
        forum[0] = forum[0] with { Text = "a secret sentence" };
        var result = ResponsivenessStudy.Run(forum, TwoPeriods);

        string json = result.ToJson();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("inputs").GetProperty("peerMessages").GetInt32().Should().Be(11);
        root.GetProperty("volume").GetArrayLength().Should().Be(8);
        root.GetProperty("latencies").EnumerateArray().First(c => c.GetProperty("level").GetString() == "red" && c.GetProperty("period").GetString() == "postlaunch")
            .GetProperty("median").GetDouble().Should().Be(12);
        root.GetProperty("weeks")[0].GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(4, 1, 6, 0);
        root.GetProperty("activityVariables").GetArrayLength().Should().Be(20);
        root.TryGetProperty("logisticInputs", out _).Should().BeFalse();
        json.Should().NotContain("secret").And.NotContain("\"a1\"").And.NotContain("u_a1");
        using var stream = new MemoryStream();
        result.WriteJson(stream);
        stream.ToArray().Should().NotBeEmpty();
    }

    [Test]
    public void Progress_reports_every_stage()
    {
        var stages = new List<string>();
        ResponsivenessStudy.Run(TinyForum(), TwoPeriods with { Progress = new Sync(p => stages.Add(p.Stage)) });

        stages.Distinct().Should().Equal("sorting", "responses", "activity", "tables", "regression inputs", "models");
    }

    [Test]
    public void Bad_input_names_the_message_or_option()
    {
        var forum = TinyForum();
        forum[0] = forum[0] with { Level = null };
        var noLevel = () => ResponsivenessStudy.Run(forum, TwoPeriods);
        noLevel.Should().Throw<ArgumentException>().WithMessage("*'a1'*has no level*");

        var twice = () => ResponsivenessStudy.Run([.. TinyForum(), Peer("a1", Pre, 1, 0, "red")], TwoPeriods);
        twice.Should().Throw<ArgumentException>().WithMessage("*'a1'*unique*");

        var names = () => ResponsivenessStudy.Run(TinyForum(), TwoPeriods with { PeriodNames = ["only one"] });
        names.Should().Throw<ArgumentException>().WithMessage("*PeriodNames has 1 names but 1 boundaries make 2 periods*");

        var order = () => ResponsivenessStudy.Run(TinyForum(), new ResponsivenessOptions { Boundaries = [Post, Pre] });
        order.Should().Throw<ArgumentException>().WithMessage("*Boundaries must increase*");
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Sync(Action<StudyProgress> action) : IProgress<StudyProgress>
    {
        public void Report(StudyProgress value) => action(value);
    }
}
