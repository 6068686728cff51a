using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// Options of <see cref="PeerTriageServiceCollectionExtensions.AddPeerTriage(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{PeerTriageOptions}?)"/>,
/// usually bound from the configuration section <see cref="SectionName"/>. Validated when the host starts: a wrong
/// value stops the host with a message naming the setting (for example <c>PeerTriage:ModelPath</c>).
/// </summary>
public sealed class PeerTriageOptions
{
    /// <summary>The configuration section the options are bound from by default: <c>PeerTriage</c>.</summary>
    public const string SectionName = "PeerTriage";

    /// <summary>The triage model file (<c>.ptm</c>). Required; it must exist and load when the host starts.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Whether a change to <see cref="ModelPath"/> is loaded while the host runs (verified, then swapped atomically; a
    /// bad file is refused and logged, and the old model keeps serving). Defaults to true.
    /// </summary>
    public bool ReloadModelOnChange { get; set; } = true;

    /// <summary>
    /// How long the model file must be quiet before a change is loaded, so a file still being copied is not read half
    /// written. Defaults to 2 seconds.
    /// </summary>
    public TimeSpan ModelReloadDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Which moderation store to use. Defaults to <see cref="PeerTriageStoreKind.Sqlite"/>.</summary>
    public PeerTriageStoreKind Store { get; set; } = PeerTriageStoreKind.Sqlite;

    /// <summary>The SQLite database file, with <see cref="PeerTriageStoreKind.Sqlite"/>. Defaults to <c>peertriage-moderation.db</c> in the working directory.</summary>
    public string SqlitePath { get; set; } = "peertriage-moderation.db";

    /// <summary>Durability of the SQLite store. Defaults to <see cref="Moderation.SqliteDurability.Full"/>.</summary>
    public SqliteDurability SqliteDurability { get; set; } = SqliteDurability.Full;

    /// <summary>How long amber messages wait for the community. Defaults to 6 hours (<see cref="ModerationOptions.CommunityWindow"/>).</summary>
    public TimeSpan CommunityWindow { get; set; } = ModerationOptions.Default.CommunityWindow;

    /// <summary>The level a community flag raises a message to; null (the default) for the scheme's urgent level.</summary>
    public string? FlagLevel { get; set; }

    /// <summary>Whether deleting a message erases its text in the store. Defaults to true.</summary>
    public bool EraseTextOnDelete { get; set; } = true;

    /// <summary>
    /// How often pending crisis escalations (recorded but not yet handed to a handler, for example after a crash) are
    /// delivered. Defaults to 30 seconds.
    /// </summary>
    public TimeSpan EscalationSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// This server's name in escalation claims (<see cref="ModerationOptions.NodeId"/>), when several servers share one
    /// store. Null (the default) gives a fresh random id at each start; a stable name (the pod or host name) lets a
    /// restarted server take back its own claims at once. Two running servers must never share one. At most 200 characters.
    /// </summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How long a server's claim on an escalation keeps the other servers from delivering it
    /// (<see cref="ModerationOptions.EscalationLease"/>); longer than the handlers' longest run. Defaults to 1 minute.
    /// </summary>
    public TimeSpan EscalationLease { get; set; } = ModerationOptions.Default.EscalationLease;
}

/// <summary>Which moderation store <see cref="PeerTriageOptions"/> selects.</summary>
public enum PeerTriageStoreKind
{
    /// <summary>An embedded SQLite database at <see cref="PeerTriageOptions.SqlitePath"/> (one web server).</summary>
    Sqlite = 0,

    /// <summary>Memory only; lost when the process ends (tests and demos).</summary>
    InMemory = 1,

    /// <summary>The store given to <see cref="PeerTriageBuilder.UseStore"/>, for example PostgreSQL for a web farm.</summary>
    Custom = 2,
}
