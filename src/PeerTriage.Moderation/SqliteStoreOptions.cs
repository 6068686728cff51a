namespace PeerTriage.Moderation;

/// <summary>Options for <see cref="ModerationStore.OpenSqlite"/>.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>The defaults described on each property.</summary>
    public static SqliteStoreOptions Default { get; } = new();

    /// <summary>Durability of acknowledged events. Defaults to <see cref="SqliteDurability.Full"/>.</summary>
    public SqliteDurability Durability { get; init; } = SqliteDurability.Full;

    /// <summary>
    /// How long a write waits for another process holding the database lock before failing. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens an existing store for reading only, beside the forum that writes it: it is never created or migrated, must
    /// be at <see cref="ModerationStore.SchemaVersion"/>, and a <see cref="ModerationQueue"/> cannot use it. For
    /// <see cref="ModerationStore.ReadHistory"/> and analyses. Defaults to false.
    /// </summary>
    public bool ReadOnly { get; init; }
}
