using System.Text.RegularExpressions;

namespace PeerTriage.Moderation.PostgreSql;

/// <summary>Options for <see cref="PostgreSqlModerationStores.Open"/>.</summary>
/// <remarks>Immutable; change a copy with <c>with</c>. Checked when the store is opened.</remarks>
public sealed partial record PostgreSqlStoreOptions
{
    /// <summary>The defaults described on each property.</summary>
    public static PostgreSqlStoreOptions Default { get; } = new();

    /// <summary>
    /// The PostgreSQL schema that holds the store's tables; created if missing. A lower-case identifier: a letter or
    /// underscore, then letters, digits or underscores, at most 63 characters. Several stores (forums) can share one
    /// database under different schemas. Defaults to <c>peertriage</c>.
    /// </summary>
    public string Schema { get; init; } = "peertriage";

    /// <summary>How long one SQL command may run before it fails. Defaults to 30 seconds; 1 second to 1 hour.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times one event's transaction is tried when it loses a race with another writer (the same event id
    /// written at the same moment by another node, or a deadlock PostgreSQL broke). Each try starts from scratch, so the
    /// outcome is the one a sequential replay gives. Defaults to 10; 1 to 1000.
    /// </summary>
    public int MaxWriteAttempts { get; init; } = 10;

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    internal void Validate()
    {
        if (Schema is null || !IdentifierPattern().IsMatch(Schema))
            throw new ArgumentException($"{nameof(PostgreSqlStoreOptions)}.{nameof(Schema)} '{Schema}' is not a lower-case identifier (a letter or underscore, then letters, digits or underscores, at most 63 characters).", nameof(Schema));
        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromHours(1))
            throw new ArgumentException($"{nameof(PostgreSqlStoreOptions)}.{nameof(CommandTimeout)} must be between 1 second and 1 hour; got {CommandTimeout}.", nameof(CommandTimeout));
        if (MaxWriteAttempts is < 1 or > 1000)
            throw new ArgumentException($"{nameof(PostgreSqlStoreOptions)}.{nameof(MaxWriteAttempts)} must be between 1 and 1000; got {MaxWriteAttempts}.", nameof(MaxWriteAttempts));
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
