using PeerTriage.Data;

namespace PeerTriage.Tests.Data;

/// <summary>Checks against the shared C-SSRS Reddit dataset when it is present on this machine (never copied into the repo).</summary>
public class RealDatasetTests
{
    [Test]
    [Category(TestData.RealData)]
    public void Cssrs_posts_load_with_all_rows_and_four_labels()
    {
        string path = TestData.SharedFile("data/cssrs/posts.csv");
        var columns = new DatasetColumns { Text = "text", Label = "triage_weak", Group = "user" };
        var rows = DatasetReader.LoadLabeled(path, columns, PriorityScheme.Default);

        rows.Should().HaveCount(9_127);
        rows.Select(r => r.Label).Distinct().Should().BeEquivalentTo("green", "amber", "red", "crisis");
        rows.Should().OnlyContain(r => r.Group != null && r.Group.StartsWith("user-", StringComparison.Ordinal));
        rows.Select(r => r.Group).Distinct().Should().HaveCount(500);
        rows[0].Message.Id.Should().Be("1");
        rows[^1].Message.Id.Should().Be("9127");
        rows.Should().Contain(r => r.Message.Body.Contains('\n', StringComparison.Ordinal), "some posts span several lines");

        // Line numbers keep increasing, and jump by more than one after multi-line posts.
        var lines = rows.Select(r => long.Parse(r.Source!.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        lines.Should().BeInAscendingOrder();
        lines[0].Should().Be(2);
        lines[^1].Should().BeGreaterThan(9_128);
    }
}
