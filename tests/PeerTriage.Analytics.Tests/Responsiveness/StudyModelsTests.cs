using System.Text.Json;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Simulation;
using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Responsiveness;

/// <summary>The study's fits, normality tests and planned comparisons, on simulated forums with planted effects.</summary>
public sealed class StudyModelsTests
{
    private static readonly DateTimeOffset Launch = new(2016, 8, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Four months around the launch, small enough for repeated seeds; moderators always on duty when asked.</summary>
    private static SimulationOptions Small(int seed, bool alwaysOnDuty) => new()
    {
        Seed = seed,
        Start = new DateTimeOffset(2016, 6, 5, 0, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2016, 10, 5, 0, 0, 0, TimeSpan.Zero),
        PeerMessagesPerDay = 40,
        DutyStartHour = alwaysOnDuty ? 0 : 8,
        DutyEndHour = alwaysOnDuty ? 0 : 23,
        TrainingDate = new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static ResponsivenessOptions TwoPeriods => new() { Boundaries = [Launch] };

    [Test]
    public void Recovers_the_planted_red_latency_cut_with_moderators_always_on_duty()
    {
        var result = ResponsivenessStudy.Run(ForumSimulator.Generate(Small(3, alwaysOnDuty: true)), TwoPeriods);

        var red = result.Models.Single(m => m.Level == "red");
        red.LinearError.Should().BeNull();
        var post = red.Linear!["period_postlaunch"];

        // The same outcome on the period alone: the planted cut, with nothing adjusted away.
        var input = result.LinearInputs.Single(i => i.Level == "red");
        var alone = LinearRegression.Fit(["period_postlaunch"], [.. input.Rows.Select(r => new[] { r[0] })], input.Outcome)["period_postlaunch"];
        TestContext.Out.WriteLine($"red adjusted: b = {post.Estimate:F4}, SE = {post.StandardError:F4}, CI [{post.Lower:F4}, {post.Upper:F4}]; " +
            $"period alone: b = {alone.Estimate:F4}, CI [{alone.Lower:F4}, {alone.Upper:F4}]; ln 0.2 = {Math.Log(0.2):F4}");
        Math.Log(0.2).Should().BeInRange(alone.Lower, alone.Upper, "the simulator cut red's median latency to 0.2 x at launch");

        // Adjusted for activity, the cut shrinks a little: the moderators' activity after the post includes the reply
        // itself, which comes sooner after the launch, so those variables take part of the period's effect.
        post.Estimate.Should().BeNegative();
        post.P.Should().BeLessThan(result.Alpha);
        post.Estimate.Should().BeInRange(Math.Log(0.2) - (4 * post.StandardError), Math.Log(0.2) / 2);
        red.LogLatencyNormality!.D.Should().BeLessThan(red.LatencyNormality!.D, "log-normal latencies are closer to normal after the log");
        result.Comparisons.Single(c => c.Level == "red").Latency!.Significant.Should().BeTrue();
    }

    [Test]
    public void With_moderator_shifts_the_red_latency_cut_is_found_but_diluted()
    {
        // Off-shift replies wait for the next shift, which adds the same waiting time before and after the launch; the
        // log-latency ratio therefore shrinks towards 1: negative and significant, but above ln(0.2).
        var result = ResponsivenessStudy.Run(ForumSimulator.Generate(Small(3, alwaysOnDuty: false)), TwoPeriods);

        var post = result.Models.Single(m => m.Level == "red").Linear!["period_postlaunch"];
        TestContext.Out.WriteLine($"red with shifts: b = {post.Estimate:F4}, SE = {post.StandardError:F4}, CI [{post.Lower:F4}, {post.Upper:F4}]");
        post.Estimate.Should().BeNegative();
        post.P.Should().BeLessThan(result.Alpha);
        post.Upper.Should().BeLessThan(Math.Log(0.5));
        post.Lower.Should().BeGreaterThan(Math.Log(0.2) - 0.1, "waiting for the shift can only dilute the cut");
    }

    [Test]
    public void A_level_without_a_planted_effect_is_rarely_significant()
    {
        const int Seeds = 20;
        int logistic = 0, linear = 0;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var options = Small(100 + seed, alwaysOnDuty: true);
            var green = ResponsivenessStudy.Run(ForumSimulator.Generate(options), TwoPeriods).Models.Single(m => m.Level == "green");
            green.LogisticError.Should().BeNull();
            green.LinearError.Should().BeNull();
            if (green.Logistic!["period_postlaunch"].P < 0.05)
                logistic++;
            if (green.Linear!["period_postlaunch"].P < 0.05)
                linear++;
        }

        TestContext.Out.WriteLine($"green significant at 0.05: logistic {logistic}/{Seeds}, linear {linear}/{Seeds}");
        // Expected 1 of 20 each; P(Binomial(20, 0.05) >= 4) is about 1.6 %.
        logistic.Should().BeLessThanOrEqualTo(3);
        linear.Should().BeLessThanOrEqualTo(3);
    }

    [Test]
    public void Separation_is_reported_in_the_result_not_thrown()
    {
        // Every crisis message after the launch gets a reply: the period dummy separates response from no response.
        var posts = ForumSimulator.Generate(Small(5, alwaysOnDuty: true)).ToList();
        var answered = posts.Where(p => p.Role == AuthorRole.Moderator).Select(p => p.ParentId).ToHashSet();
        var extra = posts.Where(p => p.Role == AuthorRole.Peer && p.Level == "crisis" && p.PostedAt >= Launch && !answered.Contains(p.Id))
            .Select((p, i) => new ForumPost("x" + i, AuthorRole.Moderator, p.PostedAt.AddMinutes(10)) { ThreadId = p.ThreadId, ParentId = p.Id, AuthorId = "mod1" })
            .ToList();
        posts.AddRange(extra);

        var result = ResponsivenessStudy.Run(posts, TwoPeriods);

        var crisis = result.Models.Single(m => m.Level == "crisis");
        crisis.Logistic.Should().BeNull();
        crisis.LogisticError.Should().Contain("level crisis").And.Contain("separates responded from not responded");
        crisis.Linear.Should().NotBeNull("the latency model does not separate");
        result.Models.Single(m => m.Level == "red").Logistic.Should().NotBeNull();
        using var json = JsonDocument.Parse(result.ToJson());
        var models = json.RootElement.GetProperty("models");
        models[3].GetProperty("logistic").ValueKind.Should().Be(JsonValueKind.Null);
        models[3].GetProperty("logisticError").GetString().Should().Be(crisis.LogisticError);
    }

    [Test]
    public void Too_little_data_gives_messages_for_every_model()
    {
        var posts = new List<ForumPost>
        {
            new("a", AuthorRole.Peer, Launch.AddDays(-1)) { Level = "red", AuthorId = "u1" },
            new("b", AuthorRole.Peer, Launch.AddDays(1)) { Level = "red", AuthorId = "u2" },
            new("r", AuthorRole.Moderator, Launch.AddDays(1).AddMinutes(5)) { ParentId = "b", AuthorId = "m" },
        };

        var result = ResponsivenessStudy.Run(posts, TwoPeriods);

        var red = result.Models.Single(m => m.Level == "red");
        red.LogisticError.Should().Contain("level red");
        red.LinearError.Should().Contain("level red");
        red.LatencyNormalityError.Should().Contain("at least 5");
        var comparison = result.Comparisons.Single(c => c.Level == "red");
        comparison.ResponseRatio!.P.Should().BeInRange(0, 1);
        comparison.LatencyError.Should().Contain("prelaunch");
        result.Comparisons.Single(c => c.Level == "green").ResponseRatioError.Should().Contain("no messages");
    }

    [Test]
    public void Comparisons_use_the_alpha_of_the_options_and_every_pair_of_periods()
    {
        var options = new ResponsivenessOptions { Boundaries = [Launch, Launch.AddDays(30)], Alpha = 0.01 };

        var result = ResponsivenessStudy.Run(ForumSimulator.Generate(Small(9, alwaysOnDuty: true)), options);

        result.Alpha.Should().Be(0.01);
        result.Comparisons.Where(c => c.Level == "red").Select(c => (c.From, c.To)).Should().Equal(
            ("prelaunch", "postlaunch"), ("prelaunch", "post-training"), ("postlaunch", "post-training"));
        result.Comparisons.Should().OnlyContain(c => c.ResponseRatio!.Alpha == 0.01 && c.Latency!.Alpha == 0.01);
        using var json = JsonDocument.Parse(result.ToJson());
        json.RootElement.GetProperty("alpha").GetDouble().Should().Be(0.01);
        var first = json.RootElement.GetProperty("comparisons")[0];
        first.GetProperty("responseRatio").GetProperty("p").GetDouble().Should().Be(result.Comparisons[0].ResponseRatio!.P);
        var model = json.RootElement.GetProperty("models")[2];
        model.GetProperty("linear").GetProperty("coefficients")[1].GetProperty("name").GetString().Should().Be("period_postlaunch");
        model.GetProperty("logistic").GetProperty("nagelkerkeRSquared").GetDouble().Should().Be(result.Models[2].Logistic!.NagelkerkeRSquared);
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(double.NaN)]
    public void Alpha_is_validated(double alpha)
    {
        var run = () => ResponsivenessStudy.Run([], new ResponsivenessOptions { Alpha = alpha });

        run.Should().Throw<ArgumentException>().WithMessage("*ResponsivenessOptions.Alpha*");
    }

    [Test]
    public void Models_can_be_skipped()
    {
        var result = ResponsivenessStudy.Run(ForumSimulator.Generate(Small(2, alwaysOnDuty: true)), TwoPeriods with { FitModels = false });

        result.Models.Should().BeEmpty();
        result.Comparisons.Should().BeEmpty();
        result.Latencies.Should().NotBeEmpty();
    }
}
