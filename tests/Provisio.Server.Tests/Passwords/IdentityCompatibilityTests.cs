using Microsoft.AspNetCore.Identity;
using Provisio.Scim.Passwords;

namespace Provisio.Server.Tests.Passwords;

/// <summary>
/// Provisio's password hashes and ASP.NET Core Identity's are one format: an embedding app verifies ours with
/// <see cref="PasswordHasher{TUser}"/>, and ours verifies Identity's.
/// </summary>
public sealed class IdentityCompatibilityTests
{
    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("pässwörd-ünïcödé-密码")]
    public void Identity_verifies_a_provisio_hash_without_asking_for_a_rehash(string password)
    {
        var hasher = new PasswordHasher<object>();
        var hash = PasswordHash.Create(password);

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new object(), hash, password));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new object(), hash, password.ToUpperInvariant()));
    }

    [Fact]
    public void Provisio_verifies_an_identity_hash()
    {
        var hash = new PasswordHasher<object>().HashPassword(new object(), "S3cret!");

        Assert.True(PasswordHash.Verify(hash, "S3cret!"));
        Assert.False(PasswordHash.Verify(hash, "s3cret!"));
    }
}
