using PeerTriage.Hosting;

namespace PeerTriage.Hosting.Tests.PublicApi;

/// <summary>
/// Pins the public API of PeerTriage.Hosting (PeerTriage.Hosting.approved.txt beside this project). An intentional
/// change: run with PEERTRIAGE_APPROVE_API=1 to rewrite the approved file, and review its diff like any other code change.
/// </summary>
public sealed class PublicApiTests
{
    [Test]
    public void Public_api_matches_the_approved_listing() => ApiApproval.Verify(typeof(PeerTriageOptions).Assembly);
}
