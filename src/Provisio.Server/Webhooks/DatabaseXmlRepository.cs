using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Data Protection's key ring kept in the database, so every instance (and the CLI) protects and unprotects webhook
/// secrets and SCIM cursors with the same keys, whatever machine or container it runs in.
/// </summary>
internal sealed class DatabaseXmlRepository(IDataProtectionKeyStore keys, TimeProvider time) : IXmlRepository
{
    // IXmlRepository is synchronous, so these calls block on the database. That is acceptable here: Data Protection
    // reads the ring once at start and then about once a day (it caches it and refreshes it in the background), and
    // writes only when it creates or revokes a key, never on a request's hot path.

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. keys.ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // The name is the row's key; Data Protection always gives a unique one (key-GUID, revocation-…), but be safe.
        var name = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        keys.StoreAsync(name, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow(), CancellationToken.None)
            .GetAwaiter().GetResult();
    }
}
