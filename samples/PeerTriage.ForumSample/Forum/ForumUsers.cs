using Microsoft.AspNetCore.Identity;

namespace PeerTriage.ForumSample.Forum;

/// <summary>A signed-up member.</summary>
/// <param name="Name">The user name.</param>
/// <param name="IsModerator">Whether the member is a moderator.</param>
public sealed record ForumUser(string Name, bool IsModerator)
{
    /// <summary>The role name used in claims and policies.</summary>
    public string Role => IsModerator ? ForumRoles.Moderator : ForumRoles.Peer;
}

/// <summary>Role names.</summary>
public static class ForumRoles
{
    /// <summary>A community member.</summary>
    public const string Peer = "Peer";

    /// <summary>A moderator.</summary>
    public const string Moderator = "Moderator";
}

/// <summary>
/// The sample's user store: the users from configuration, with their passwords hashed (PBKDF2 through ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/>) when the store is built. A real forum has its own.
/// </summary>
public sealed class ForumUsers
{
    private readonly PasswordHasher<ForumUser> _hasher = new();
    private readonly Dictionary<string, (ForumUser User, string Hash)> _users = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds the store from the configured users.</summary>
    /// <param name="users">The users.</param>
    /// <exception cref="InvalidOperationException">A user is incomplete, duplicated or has an unknown role; the message names the entry.</exception>
    public ForumUsers(IEnumerable<ForumUserOptions> users)
    {
        var index = 0;
        foreach (var options in users)
        {
            var where = $"Forum:Users:{index++}";
            if (string.IsNullOrWhiteSpace(options.Name) || string.IsNullOrEmpty(options.Password))
                throw new InvalidOperationException($"{where} needs a Name and a Password.");
            var isModerator = options.Role switch
            {
                ForumRoles.Peer => false,
                ForumRoles.Moderator => true,
                _ => throw new InvalidOperationException($"{where}:Role is '{options.Role}'; use Peer or Moderator."),
            };
            var user = new ForumUser(options.Name.Trim(), isModerator);
            if (!_users.TryAdd(user.Name, (user, _hasher.HashPassword(user, options.Password))))
                throw new InvalidOperationException($"{where}: the user name '{user.Name}' is used twice.");
        }
        if (_users.Count == 0)
            throw new InvalidOperationException("Forum:Users is empty: configure at least one user.");
    }

    /// <summary>All users, by name.</summary>
    public IEnumerable<ForumUser> All => _users.Values.Select(u => u.User).OrderBy(u => u.Name, StringComparer.Ordinal);

    /// <summary>Checks a user name and password.</summary>
    /// <param name="name">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The user, or null when the name is unknown or the password wrong.</returns>
    public ForumUser? Verify(string? name, string? password)
    {
        if (name is null || password is null || !_users.TryGetValue(name.Trim(), out var entry))
            return null;
        return _hasher.VerifyHashedPassword(entry.User, entry.Hash, password) == PasswordVerificationResult.Failed ? null : entry.User;
    }
}
