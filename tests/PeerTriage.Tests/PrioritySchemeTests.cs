namespace PeerTriage.Tests;

public class PrioritySchemeTests
{
    [Test]
    public void Default_scheme_orders_green_amber_red_crisis()
    {
        var s = PriorityScheme.Default;
        s.Levels.Should().Equal("green", "amber", "red", "crisis");
        s.IsFlagged(s.IndexOf("amber")).Should().BeTrue();
        s.IsFlagged(s.IndexOf("green")).Should().BeFalse();
        s.IsUrgent(s.IndexOf("amber")).Should().BeFalse();
        s.IsUrgent(s.IndexOf("red")).Should().BeTrue();
    }

    [Test]
    public void Custom_scheme_with_other_names_works()
    {
        var s = new PriorityScheme(["minimum", "mild", "moderate", "severe"], flaggedFrom: 1, urgentFrom: 2);
        s.IndexOf("SEVERE").Should().Be(3);
        s.Count.Should().Be(4);
        new PriorityScheme(["ok", "review"], 1, 1).IsUrgent(1).Should().BeTrue();
    }

    [Test]
    public void Unknown_label_error_lists_valid_levels()
    {
        var act = () => PriorityScheme.Default.IndexOf("purple");
        act.Should().Throw<ArgumentException>().WithMessage("*purple*green < amber < red < crisis*");
    }

    [TestCase(new[] { "a" }, 1, 1)]
    [TestCase(new[] { "a", "A" }, 1, 1)]
    [TestCase(new[] { "a", " " }, 1, 1)]
    [TestCase(new[] { "a", "b", "c" }, 0, 1)]
    [TestCase(new[] { "a", "b", "c" }, 2, 1)]
    [TestCase(new[] { "a", "b", "c" }, 1, 3)]
    public void Invalid_schemes_are_rejected(string[] levels, int flagged, int urgent)
    {
        var act = () => new PriorityScheme(levels, flagged, urgent);
        act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Schemes_compare_by_value()
    {
        new PriorityScheme(["Green", "amber", "red", "crisis"], 1, 2).Should().Be(PriorityScheme.Default);
        new PriorityScheme(["green", "amber", "red", "crisis"], 1, 3).Should().NotBe(PriorityScheme.Default);
    }
}
