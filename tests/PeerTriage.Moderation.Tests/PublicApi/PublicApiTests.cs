using System.Reflection;

namespace PeerTriage.Moderation.Tests.PublicApi;

/// <summary>
/// Pins the public API of PeerTriage.Moderation (PeerTriage.Moderation.approved.txt beside this project). An intentional
/// change: run with PEERTRIAGE_APPROVE_API=1 to rewrite the approved file, and review its diff like any other code change.
/// </summary>
public sealed class PublicApiTests
{
    private static Assembly Library => typeof(ModerationQueue).Assembly;

    [Test]
    public void Public_api_matches_the_approved_listing() => ApiApproval.Verify(Library);

    [Test]
    public void Every_public_class_is_sealed_static_or_abstract_with_no_public_constructor()
    {
        foreach (var type in Library.GetExportedTypes().Where(t => t.IsClass && !t.IsSealed))
        {
            type.IsAbstract.Should().BeTrue($"{type} is public and not sealed");
            type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty($"{type} must not be derived from outside the library");
        }
    }

    [Test]
    public void The_core_library_knows_nothing_of_moderation()
    {
        typeof(TriageModel).Assembly.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(n => n!.Contains("Moderation", StringComparison.Ordinal));
    }
}
