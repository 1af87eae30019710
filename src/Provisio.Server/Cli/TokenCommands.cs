using System.CommandLine;
using Provisio.AspNetCore.Auth;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary><c>provisio tokens create|list|revoke</c>.</summary>
internal static class TokenCommands
{
    /// <summary>A hundred years: longer is "never", which is what leaving the option out says.</summary>
    private const int MaxExpiryDays = 36_500;

    public static Command Create(TextWriter output)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant the token is for.", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. 'okta-production'.", Required = true };
        var days = new Option<int?>("--expires-in-days") { Description = $"Days until the token expires, 1 to {MaxExpiryDays:N0} (default: never)." };
        var create = new Command("create", "Create a SCIM token; it is printed once and only its hash is stored.") { tenant, name, days };
        create.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(days) is < 1 or > MaxExpiryDays)
            {
                await output.WriteLineAsync($"--expires-in-days must be a whole number of days from 1 to {MaxExpiryDays:N0}; leave it out for a token that never expires.");
                return 1;
            }
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            var tenantId = parse.GetValue(tenant)!;
            if (await services.GetRequiredService<ITenantStore>().FindTenantAsync(tenantId, cancellationToken) is null)
            {
                await output.WriteLineAsync($"No tenant '{tenantId}'. Create it first: provisio tenants create {tenantId}");
                return 1;
            }
            var lifetime = parse.GetValue(days) is { } d ? TimeSpan.FromDays(d) : (TimeSpan?)null;
            var (record, token) = await services.GetRequiredService<ScimTokenIssuer>()
                .IssueAsync(tenantId, parse.GetValue(name)!, lifetime, cancellationToken);
            await output.WriteLineAsync($"Token {record.Id} for tenant '{tenantId}'" + (record.Expires is { } e ? $", expires {e:u}" : ", no expiry") + ":");
            await output.WriteLineAsync(token);
            await output.WriteLineAsync("Store it now: it cannot be shown again.");
            return 0;
        });

        var listTenant = new Option<string?>("--tenant") { Description = "Only this tenant's tokens." };
        var list = new Command("list", "List tokens (never their secrets).") { listTenant };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var token in await services.GetRequiredService<ITenantStore>().ListTokensAsync(parse.GetValue(listTenant), cancellationToken))
            {
                var state = token.Revoked is not null ? "revoked" : token.IsValidAt(now) ? "active" : "expired";
                await output.WriteLineAsync(string.Join('\t', token.Id, token.TenantId, token.Name, state,
                    $"created {token.Created:u}", token.Expires is { } e ? $"expires {e:u}" : "no expiry",
                    token.LastUsed is { } u ? $"last used {u:u}" : "never used"));
            }
            return 0;
        });

        var id = new Argument<string>("id") { Description = "The token's id (its visible prefix, scim_…)." };
        var revoke = new Command("revoke", "Revoke a token; every running server refuses it within a second.") { id };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!await services.GetRequiredService<ITenantStore>().RevokeTokenAsync(parse.GetValue(id)!, now, cancellationToken))
            {
                await output.WriteLineAsync($"No active token '{parse.GetValue(id)}'.");
                return 1;
            }
            await output.WriteLineAsync($"Revoked {parse.GetValue(id)}.");
            return 0;
        });
        return new Command("tokens", "Manage SCIM bearer tokens.") { create, list, revoke };
    }
}
