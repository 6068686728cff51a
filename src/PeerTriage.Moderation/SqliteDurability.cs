namespace PeerTriage.Moderation;

/// <summary>How durable a SQLite store's acknowledged events are.</summary>
public enum SqliteDurability
{
    /// <summary>
    /// <c>synchronous=FULL</c>: every acknowledged event is on disk (fsync) before <see cref="ModerationQueue.Apply"/>
    /// returns, so it survives a process crash, an operating-system crash and a power cut. The default.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>synchronous=NORMAL</c> in WAL mode: an acknowledged event survives a process crash (it is in the WAL file,
    /// handed to the operating system), but the last events before an operating-system crash or power cut may be lost.
    /// Faster where fsync is slow.
    /// </summary>
    Normal = 1,
}
