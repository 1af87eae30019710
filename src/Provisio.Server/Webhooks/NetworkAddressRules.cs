using System.Net;
using System.Net.Sockets;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Which addresses a webhook may reach when private networks are not allowed: only public unicast ones. Checked on
/// the addresses a connection is actually made to, so a name that resolves differently later (DNS rebinding) is caught.
/// </summary>
internal static class NetworkAddressRules
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] is 0 or 10 or 127 or >= 224                 // "this network", private, loopback, multicast and reserved
        || (b[0] == 100 && b[1] is >= 64 and <= 127)     // carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata services
        || (b[0] == 172 && b[1] is >= 16 and <= 31)      // private
        || (b[0] == 192 && b[1] == 168)                  // private
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)  // IETF protocol assignments, documentation
        || (b[0] == 198 && b[1] is 18 or 19)             // benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // documentation
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));   // documentation

    private static bool IsPublicV6(IPAddress address)
    {
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return false;
        }
        var b = address.GetAddressBytes();
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address: judge that one.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            return IsPublicV4(b[12..]);
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]);
        }
        // Only global unicast (2000::/3) is public; documentation (2001:db8::/32) is not.
        return (b[0] & 0xE0) == 0x20 && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
    }
}
