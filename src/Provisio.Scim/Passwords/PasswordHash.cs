using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Provisio.Scim.Passwords;

/// <summary>
/// Password hashes in ASP.NET Core Identity's <c>PasswordHasher</c> version 3 format, so an app that embeds Provisio
/// checks a password with <c>PasswordHasher&lt;TUser&gt;.VerifyHashedPassword</c> and needs nothing of ours. The hash
/// is the base64 of: the byte 0x01, the PRF (2 = HMAC-SHA512), the iteration count and the salt length as big-endian
/// 32-bit integers, the salt, then the PBKDF2 subkey of the UTF-8 password.
/// </summary>
public static class PasswordHash
{
    /// <summary>Identity's default since .NET 7.</summary>
    public const int Iterations = 100_000;

    public const int SaltSize = 16;

    public const int SubkeySize = 32;

    private const byte Version3 = 0x01;

    private const int HeaderSize = 13;

    /// <summary>A new hash of <paramref name="password"/>, with a fresh random salt.</summary>
    public static string Create(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        Span<byte> hash = stackalloc byte[HeaderSize + SaltSize + SubkeySize];
        hash[0] = Version3;
        BinaryPrimitives.WriteUInt32BigEndian(hash[1..], (uint)Prf.HmacSha512);
        BinaryPrimitives.WriteUInt32BigEndian(hash[5..], Iterations);
        BinaryPrimitives.WriteUInt32BigEndian(hash[9..], SaltSize);
        var salt = hash.Slice(HeaderSize, SaltSize);
        RandomNumberGenerator.Fill(salt);
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash[(HeaderSize + SaltSize)..], Iterations, HashAlgorithmName.SHA512);
        return Convert.ToBase64String(hash);
    }

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> (version 3, any of its PRFs) was made of.</summary>
    public static bool Verify(string hash, string password)
    {
        var bytes = new byte[hash.Length];
        if (!Convert.TryFromBase64String(hash, bytes, out var length) || length < HeaderSize || bytes[0] != Version3)
        {
            return false;
        }
        var data = bytes.AsSpan(0, length);
        var prf = BinaryPrimitives.ReadUInt32BigEndian(data[1..]);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(data[5..]);
        var saltSize = BinaryPrimitives.ReadUInt32BigEndian(data[9..]);
        if (prf > (uint)Prf.HmacSha512 || iterations is 0 or > int.MaxValue || saltSize < 16 || saltSize > length - HeaderSize - 16)
        {
            return false;
        }
        var salt = data.Slice(HeaderSize, (int)saltSize);
        var expected = data[(HeaderSize + (int)saltSize)..];
        Span<byte> actual = stackalloc byte[expected.Length];
        var algorithm = (Prf)prf switch
        {
            Prf.HmacSha1 => HashAlgorithmName.SHA1,
            Prf.HmacSha256 => HashAlgorithmName.SHA256,
            _ => HashAlgorithmName.SHA512,
        };
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, (int)iterations, algorithm);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The PRF numbers of Identity's <c>KeyDerivationPrf</c>.</summary>
    private enum Prf : uint
    {
        HmacSha1 = 0,
        HmacSha256 = 1,
        HmacSha512 = 2,
    }
}
