namespace PeerTriage.Clpsych.Tests.PublicApi;

/// <summary>
/// Pins the public API of PeerTriage.Clpsych (PeerTriage.Clpsych.approved.txt beside this project). An intentional
/// change: run with PEERTRIAGE_APPROVE_API=1 to rewrite the approved file, and review its diff like any other code change.
/// </summary>
public sealed class PublicApiTests
{
    [Test]
    public void Public_api_matches_the_approved_listing() => ApiApproval.Verify(typeof(ClpsychForum).Assembly);

    [Test]
    public void The_core_library_knows_nothing_of_the_shared_task_formats()
    {
        typeof(TriageModel).Assembly.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(n => n!.Contains("Clpsych", StringComparison.Ordinal));
        typeof(TriageModel).Assembly.GetExportedTypes().Should().NotContain(t => t.Name.StartsWith("Clpsych", StringComparison.Ordinal));
    }
}
