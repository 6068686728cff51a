namespace PeerTriage;

/// <summary>Parsing helpers for <see cref="AuthorRole"/>.</summary>
public static class AuthorRoles
{
    /// <summary>
    /// Parses a role name case-insensitively. Accepts the enum names and the common synonyms
    /// <c>member</c>, <c>user</c>, <c>community</c> (peer), <c>mod</c> (moderator), <c>admin</c> and <c>clinician</c> (staff).
    /// Blank input is <see cref="AuthorRole.Unknown"/>.
    /// </summary>
    /// <returns><see langword="true"/> when the name is recognised or blank.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out AuthorRole role)
    {
        value = value.Trim();
        role = AuthorRole.Unknown;
        if (value.IsEmpty || value.Equals("unknown", StringComparison.OrdinalIgnoreCase))
            return true;
        if (Is(value, "peer") || Is(value, "member") || Is(value, "user") || Is(value, "community"))
            role = AuthorRole.Peer;
        else if (Is(value, "moderator") || Is(value, "mod"))
            role = AuthorRole.Moderator;
        else if (Is(value, "staff") || Is(value, "admin") || Is(value, "clinician"))
            role = AuthorRole.Staff;
        else
            return false;
        return true;

        static bool Is(ReadOnlySpan<char> v, string name) => v.Equals(name, StringComparison.OrdinalIgnoreCase);
    }
}
