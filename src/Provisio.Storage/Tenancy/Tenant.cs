namespace Provisio.Storage.Tenancy;

/// <summary>A workspace with its own SCIM base URL (<c>/scim/v2/{Id}</c>), tokens and resources.</summary>
public sealed record Tenant(string Id, string DisplayName, DateTimeOffset Created);
