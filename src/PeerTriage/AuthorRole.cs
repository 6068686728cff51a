namespace PeerTriage;

/// <summary>The role of a message's author on the forum.</summary>
public enum AuthorRole
{
    /// <summary>Not known. This is the default.</summary>
    Unknown = 0,

    /// <summary>A community member.</summary>
    Peer = 1,

    /// <summary>A volunteer or community moderator.</summary>
    Moderator = 2,

    /// <summary>Paid staff, such as clinicians or community managers.</summary>
    Staff = 3,
}
