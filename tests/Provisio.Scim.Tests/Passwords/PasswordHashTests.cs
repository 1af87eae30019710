using System.Buffers.Binary;
using Provisio.Scim.Passwords;

namespace Provisio.Scim.Tests.Passwords;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_has_identitys_version_3_layout_with_hmac_sha512_and_100000_iterations()
    {
        var bytes = Convert.FromBase64String(PasswordHash.Create("correct horse"));

        Assert.Equal(13 + 16 + 32, bytes.Length);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        Assert.Equal(100_000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)));
    }

    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var hash = PasswordHash.Create("correct horse");

        Assert.True(PasswordHash.Verify(hash, "correct horse"));
        Assert.False(PasswordHash.Verify(hash, "correct horse "));
        Assert.False(PasswordHash.Verify(hash, "Correct horse"));
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(PasswordHash.Create("same"), PasswordHash.Create("same"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AA==")]
    public void Something_that_is_not_a_version_3_hash_verifies_nothing(string hash) =>
        Assert.False(PasswordHash.Verify(hash, "x"));
}
