namespace PeerTriage.Tests.PublicApi;

/// <summary>
/// Pins the public API of the PeerTriage assembly (PeerTriage.approved.txt beside this project). An intentional change:
/// run with PEERTRIAGE_APPROVE_API=1 to rewrite the approved file, and review its diff like any other code change.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void Public_api_matches_the_approved_listing() => ApiApproval.Verify(typeof(TriageModel).Assembly);

    [Test]
    public void Every_public_type_is_sealed_static_abstract_or_a_value_type()
    {
        var open = typeof(TriageModel).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName);
        open.Should().BeEmpty("public classes are sealed so that they can stay immutable");
    }
}
