using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class ResponsePairTests
{
    [Test]
    public void Null_and_over_long_texts_are_rejected_by_name()
    {
        FluentActions.Invoking(() => new ResponsePair(null!, "x")).Should().Throw<ArgumentNullException>().WithParameterName("SeekerPost");
        FluentActions.Invoking(() => new ResponsePair("x", null!)).Should().Throw<ArgumentNullException>().WithParameterName("Response");
        string huge = new('a', ResponsePair.MaxTextLength + 1);
        FluentActions.Invoking(() => new ResponsePair("x", huge)).Should().Throw<ArgumentException>()
            .WithMessage("Response is 65,537 chars long; a response pair accepts at most 65,536 chars per text.*");
        FluentActions.Invoking(() => new ResponsePair("x", "y") with { SeekerPost = huge }).Should().Throw<ArgumentException>().WithParameterName("SeekerPost");
    }

    [Test]
    public void ToString_never_shows_the_texts()
    {
        var pair = new ResponsePair("my secret post", "my secret reply") { Id = "r1" };
        pair.ToString().Should().NotContain("secret").And.Contain("r1");
    }

    [Test]
    public void A_copy_with_another_response_reads_its_own_text()
    {
        var pair = new ResponsePair("post", "first reply");
        _ = pair.Message;
        var copy = pair with { Response = "second reply" };
        copy.Message.Body.Should().Be("second reply");
        copy.Context.Parent!.Body.Should().Be("post");
        copy.Should().NotBe(pair);
        (pair with { }).Should().Be(pair);
    }

    [Test]
    public void Schemes_reject_duplicate_names_and_too_few_levels()
    {
        FluentActions.Invoking(() => new ResponseScheme([ResponseMechanism.Create("a", "x", "y"), ResponseMechanism.Create("A", "x", "y")]))
            .Should().Throw<ArgumentException>().WithMessage("Two mechanisms are named 'A'*");
        FluentActions.Invoking(() => ResponseMechanism.Create("a", "only")).Should().Throw<ArgumentException>().WithMessage("*at least two levels*");
        FluentActions.Invoking(() => new ResponseScheme([])).Should().Throw<ArgumentException>();
        ResponseScheme.Epitome.Describe().Should().Be("emotional-reactions (none < weak < strong), interpretations (none < weak < strong), explorations (none < weak < strong)");
    }
}
