namespace Provisio.Storage.Webhooks;

/// <summary>
/// The Data Protection key ring in the database (<c>data_protection_keys</c>), so every instance on it protects and
/// unprotects with the same keys: each key is an XML element stored as text under a unique name.
/// </summary>
public interface IDataProtectionKeyStore
{
    /// <summary>Every stored key element, oldest first.</summary>
    Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Stores a key element under <paramref name="name"/>; a name already stored keeps its element.</summary>
    Task StoreAsync(string name, string xml, DateTimeOffset created, CancellationToken cancellationToken);
}
