using Npgsql;

namespace PeerTriage.Moderation.PostgreSql;

/// <summary>
/// Opens moderation stores in PostgreSQL, for forums served by several web servers: give each server's
/// <see cref="ModerationQueue"/> its own store over the same database. The semantics are the SQLite store's (one
/// transaction per event, idempotent per event id, the same to-do list); concurrent writers lose nothing, and crisis
/// escalations are claimed so that one node at a time delivers each (see <see cref="ModerationQueue"/>, "Several servers").
/// </summary>
public static class PostgreSqlModerationStores
{
    /// <summary>
    /// The PostgreSQL schema version this library writes (its own numbering: 1 has the tables of SQLite schema 4, 2 adds
    /// the escalation claims of SQLite schema 5). Older schemas are migrated forward on open.
    /// </summary>
    public const int SchemaVersion = 2;

    /// <summary>
    /// Opens (creating if needed) a store in the schema <see cref="PostgreSqlStoreOptions.Schema"/> of the database the
    /// connection string names, migrating an older schema forward. Connections are pooled; dispose the store to close them.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=forum;Username=forum;Password=...</c>.
    /// The user needs to create a schema (once) and tables in it.</param>
    /// <param name="options">Null for <see cref="PostgreSqlStoreOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The connection string cannot be parsed, or an option is out of range.</exception>
    /// <exception cref="ModerationStoreException">The server cannot be reached or refuses the login; the schema was written
    /// by a newer version; or the schema holds tables that are not a PeerTriage moderation store.</exception>
    public static ModerationStore Open(string connectionString, PostgreSqlStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= PostgreSqlStoreOptions.Default;
        options.Validate();
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // Npgsql's message may quote the string, password included: name the problem, not the value.
            throw new ArgumentException($"The PostgreSQL connection string cannot be parsed ({e.GetType().Name}); check its keys and values (Host=...;Database=...;Username=...;Password=...).", nameof(connectionString));
        }
        return new PostgreSqlModerationStore(builder, options);
    }
}
