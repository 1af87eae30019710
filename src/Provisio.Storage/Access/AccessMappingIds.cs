using System.Security.Cryptography;

namespace Provisio.Storage.Access;

/// <summary>The ids of <see cref="AccessMapping"/>s: <c>map_</c> and 24 random hex digits.</summary>
public static class AccessMappingIds
{
    public const string Prefix = "map_";

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
