namespace PeerTriage.ForumSample.Forum;

/// <summary>The sample forum's own settings (configuration section <c>Forum</c>); PeerTriage's are in section <c>PeerTriage</c>.</summary>
public sealed class ForumOptions
{
    /// <summary>The configuration section: <c>Forum</c>.</summary>
    public const string SectionName = "Forum";

    /// <summary>
    /// Where the forum keeps its posts (<c>forum.db</c>), the moderation store (unless <c>PeerTriage:SqlitePath</c> is
    /// set) and the demo model (unless <c>PeerTriage:ModelPath</c> is set). Relative to the content root. Defaults to <c>App_Data</c>.
    /// </summary>
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Whether a few demo threads are posted when the forum is empty. Defaults to true.</summary>
    public bool SeedDemoThreads { get; set; } = true;

    /// <summary>How many flags one member may raise per <see cref="FlagWindow"/>. Defaults to 5.</summary>
    public int FlagsPerWindow { get; set; } = 5;

    /// <summary>The flag rate limiter's window. Defaults to 1 minute.</summary>
    public TimeSpan FlagWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the moderator sidebar asks for the to-do list, in milliseconds. Defaults to 2000.</summary>
    public int SidebarRefreshMilliseconds { get; set; } = 2000;

    /// <summary>Set to <c>PostgreSql</c> to keep the moderation store in PostgreSQL (<see cref="PostgreSqlConnectionString"/>); otherwise <c>PeerTriage:Store</c> decides.</summary>
    public string? Store { get; set; }

    /// <summary>The PostgreSQL connection string, with <see cref="Store"/> = <c>PostgreSql</c>.</summary>
    public string? PostgreSqlConnectionString { get; set; }

    /// <summary>The demo users. Passwords are hashed at startup; they are in configuration only because this is a demo.</summary>
    public List<ForumUserOptions> Users { get; } = [];
}

/// <summary>One demo user.</summary>
public sealed class ForumUserOptions
{
    /// <summary>The user name (also the author id given to PeerTriage).</summary>
    public string Name { get; set; } = "";

    /// <summary>The password (demo only).</summary>
    public string Password { get; set; } = "";

    /// <summary><c>Peer</c> or <c>Moderator</c>.</summary>
    public string Role { get; set; } = "Peer";
}
