using PeerTriage.Hosting;
using PeerTriage.Moderation.PostgreSql;

namespace PeerTriage.ForumSample.Forum;

/// <summary>The store switch: <c>Forum:Store = PostgreSql</c> puts the moderation store in PostgreSQL.</summary>
public static class ForumStores
{
    /// <summary>Applies <see cref="ForumOptions.Store"/>.</summary>
    /// <param name="builder">The PeerTriage builder.</param>
    /// <param name="settings">Reads the forum's options. Called once, at registration: the store is chosen from the configuration
    /// the app starts with (appsettings, environment variables, command line).</param>
    /// <exception cref="InvalidOperationException">The setting is unknown or the connection string is missing.</exception>
    public static void Configure(PeerTriageBuilder builder, Func<ForumOptions> settings)
    {
        var forum = settings();
        if (string.IsNullOrWhiteSpace(forum.Store))
            return;
        if (!string.Equals(forum.Store, "PostgreSql", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Forum:Store is '{forum.Store}'; use PostgreSql, or leave it empty for PeerTriage:Store (Sqlite or InMemory).");
        if (string.IsNullOrWhiteSpace(forum.PostgreSqlConnectionString))
            throw new InvalidOperationException("Forum:Store is PostgreSql but Forum:PostgreSqlConnectionString is empty.");
        var connectionString = forum.PostgreSqlConnectionString;
        builder.UseStore(_ => PostgreSqlModerationStores.Open(connectionString));
    }
}
