namespace PeerTriage.Moderation;

/// <summary>
/// Thrown when a store cannot be opened or used: a database written by a newer version, a file that is not a
/// PeerTriage moderation store, or a store created for a different priority scheme.
/// </summary>
public sealed class ModerationStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModerationStoreException()
        : base("The moderation store cannot be used.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModerationStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ModerationStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
