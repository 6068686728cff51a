using System.Globalization;
using PeerTriage.Analytics.Reports;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Simulation;

namespace PeerTriage.Analytics.Tests.Reports;

public sealed class ResponsivenessReportTests
{
    private static readonly DateTimeOffset Launch = new(2016, 8, 5, 0, 0, 0, TimeSpan.Zero);

    private static ResponsivenessResult Study(IReadOnlyList<ForumPost> posts) =>
        ResponsivenessStudy.Run(posts, new ResponsivenessOptions { Boundaries = [Launch, new DateTimeOffset(2016, 9, 1, 0, 0, 0, TimeSpan.Zero)] });

    private static IReadOnlyList<ForumPost> Forum() => ForumSimulator.Generate(new SimulationOptions
    {
        Start = new DateTimeOffset(2016, 7, 1, 0, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2016, 10, 1, 0, 0, 0, TimeSpan.Zero),
        PeerMessagesPerDay = 40,
    });

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    [Test]
    public void The_report_has_every_table_figure_and_regression_and_is_self_contained()
    {
        var result = Study(Forum());

        string html = ResponsivenessReport.Build(result, "forum.csv").ToHtml();

        SelfContained.Check(html);
        foreach (string heading in new[] { "Table 2: peers' messages per level and period", "Figure 1: peers' messages per week by level",
            "Table 3: response ratio per level and period", "Table 4: response latency per level and period (minutes)", "Planned comparisons between periods",
            "Logistic regression of response, per level", "Linear regression of log latency, per level" })
        {
            html.Should().Contain($">{Encode(heading)}</h2>");
        }
        html.Split("<img src=\"data:image/png;base64,").Length.Should().Be(3 + 1, "weekly histogram, response ratio bars and latency box plots");
        html.Should().Contain("forum.csv").And.Contain("adjusted alpha 0.004");

        // Numbers come from the result: the red logistic model's chi-square and the red prelaunch median.
        var red = result.Models.Single(m => m.Level == "red");
        html.Should().Contain(Encode(string.Create(CultureInfo.InvariantCulture, $"χ²({red.Logistic!.ModelDegreesOfFreedom}) = {red.Logistic.ModelChiSquare:0.00}")));
        html.Should().Contain(Encode(string.Create(CultureInfo.InvariantCulture, $"R² = {red.Linear!.RSquared:0.000}")));
        html.Should().Contain(Encode("Nagelkerke R²")).And.Contain("Odds ratio (95% CI)").And.Contain(Encode("β (standardized)")).And.Contain("D, ln minutes");
        var median = result.Latencies.Single(c => c.Level == "red" && c.Period == "prelaunch").Median!.Value;
        html.Should().Contain(median.ToString("0.0", CultureInfo.InvariantCulture));
        html.Should().NotContain("NaN").And.NotContain("∞");
    }

    [Test]
    public void A_model_that_could_not_be_fitted_shows_its_message()
    {
        // Crisis messages are all answered after the launch: the period separates the outcome.
        var posts = Forum().ToList();
        var answered = posts.Where(p => p.Role == AuthorRole.Moderator).Select(p => p.ParentId).ToHashSet();
        posts.AddRange(posts.Where(p => p.Role == AuthorRole.Peer && p.Level == "crisis" && p.PostedAt >= Launch && !answered.Contains(p.Id))
            .Select((p, i) => new ForumPost("x" + i, AuthorRole.Moderator, p.PostedAt.AddMinutes(10)) { ParentId = p.Id, AuthorId = "mod1" }).ToList());
        var result = Study(posts);
        var crisis = result.Models.Single(m => m.Level == "crisis");
        crisis.LogisticError.Should().NotBeNull();

        string html = ResponsivenessReport.Build(result).ToHtml();

        html.Should().Contain(Encode("Not fitted: " + crisis.LogisticError));
        html.Should().NotContain("NaN");
    }

    [Test]
    public void An_empty_forum_still_gives_a_report()
    {
        var result = ResponsivenessStudy.Run([], new ResponsivenessOptions { Boundaries = [Launch] });

        string html = ResponsivenessReport.Build(result).ToHtml();

        SelfContained.Check(html);
        html.Should().Contain("There are no messages.").And.Contain("No message was responded to");
        html.Should().Contain("Not fitted: ");
    }
}
