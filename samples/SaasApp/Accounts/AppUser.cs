namespace SaasApp.Accounts;

/// <summary>A user of the app, as the IdP provisioned it; <see cref="Id"/> is the SCIM id.</summary>
public sealed record AppUser(string Id, string UserName, string DisplayName, bool Active);
