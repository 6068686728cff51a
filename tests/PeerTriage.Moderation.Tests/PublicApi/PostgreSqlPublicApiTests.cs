using PeerTriage.Moderation.PostgreSql;

namespace PeerTriage.Moderation.Tests.PublicApi;

/// <summary>
/// Pins the public API of PeerTriage.Moderation.PostgreSql (PeerTriage.Moderation.PostgreSql.approved.txt beside this
/// project). An intentional change: run with PEERTRIAGE_APPROVE_API=1 to rewrite the approved file, and review its diff.
/// </summary>
public sealed class PostgreSqlPublicApiTests
{
    [Test]
    public void Public_api_matches_the_approved_listing() => ApiApproval.Verify(typeof(PostgreSqlModerationStores).Assembly);

    [Test]
    public void The_store_type_itself_is_not_public()
    {
        typeof(PostgreSqlModerationStores).Assembly.GetExportedTypes().Select(t => t.Name)
            .Should().BeEquivalentTo(nameof(PostgreSqlModerationStores), nameof(PostgreSqlStoreOptions));
    }
}
