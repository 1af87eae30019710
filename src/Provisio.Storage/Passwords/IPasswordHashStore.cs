namespace Provisio.Storage.Passwords;

/// <summary>
/// Reads the password hash a user has (written by <see cref="IResourceStore"/> from <see cref="ResourceChange.PasswordHash"/>),
/// so a write that repeats the password it already has (Okta's PUT echoes it) changes nothing.
/// </summary>
public interface IPasswordHashStore
{
    /// <summary>The user's password hash; null when it has none or there is no such user.</summary>
    Task<string?> FindAsync(string tenantId, string userId, CancellationToken cancellationToken);
}
