using System.CommandLine;
using Provisio.AspNetCore.Auth;
using Provisio.Server.Admin;

namespace Provisio.Server.Cli;

/// <summary>
/// <c>provisio tokens create|list|revoke|rotate</c>, on the local database or with <c>--server</c> on a remote
/// server's admin API. A token is printed once, when it is created or rotated.
/// </summary>
internal static class TokenCommands
{
    private const int MaxExpiryDays = ScimTokenEndpoints.MaxExpiryDays;

    public static Command Create(TextWriter output, AdminTarget target)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant the token is for.", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. 'okta-production'.", Required = true };
        var days = ExpiryOption();
        var create = new Command("create", "Create a SCIM token; it is printed once and only its hash is stored.") { tenant, name, days };
        AdminTarget.AddOptions(create);
        AdminTarget.AddJsonOption(create);
        create.SetAction(async (parse, cancellationToken) =>
        {
            if (await BadExpiryAsync(output, parse.GetValue(days)))
            {
                return 1;
            }
            return await target.RunAsync(parse, output, async admin =>
            {
                var issued = await admin.CreateTokenAsync(parse.GetValue(tenant)!, parse.GetValue(name)!, parse.GetValue(days), cancellationToken);
                await WriteIssuedAsync(output, parse, issued, $"Token {issued.Summary.Id} for tenant '{issued.Summary.Tenant}'"
                    + (issued.Summary.Expires is { } e ? $", expires {e:u}" : ", no expiry") + ":");
            }, cancellationToken);
        });

        var listTenant = new Option<string?>("--tenant") { Description = "Only this tenant's tokens." };
        var list = new Command("list", "List tokens (never their secrets).") { listTenant };
        AdminTarget.AddOptions(list);
        AdminTarget.AddJsonOption(list);
        list.SetAction((parse, cancellationToken) => target.RunAsync(parse, output, async admin =>
        {
            var tokens = await admin.ListTokensAsync(parse.GetValue(listTenant), cancellationToken);
            await (AdminTarget.Json(parse)
                ? TenantOutput.WriteJsonAsync(output, new System.Text.Json.Nodes.JsonArray([.. tokens.Select(TenantOutput.TokenJson)]))
                : TenantOutput.WriteTokensAsync(output, tokens, TimeProvider.System.GetUtcNow()));
        }, cancellationToken));

        var id = new Argument<string>("id") { Description = "The token's id (its visible prefix, scim_…)." };
        var revokeTenant = new Option<string?>("--tenant") { Description = "The token's tenant (required with --server)." };
        var revoke = new Command("revoke", "Revoke a token; every running server refuses it within a second.") { id, revokeTenant };
        AdminTarget.AddOptions(revoke);
        revoke.SetAction((parse, cancellationToken) => target.RunAsync(parse, output, async admin =>
        {
            await admin.RevokeTokenAsync(parse.GetValue(revokeTenant), parse.GetValue(id)!, cancellationToken);
            await output.WriteLineAsync($"Revoked {parse.GetValue(id)}.");
        }, cancellationToken));

        var rotateId = new Argument<string>("id") { Description = "The token to replace (its id, scim_…)." };
        var rotateTenant = new Option<string?>("--tenant") { Description = "The token's tenant (required with --server)." };
        var overlap = new Option<int?>("--overlap-days")
        {
            Description = $"Days the old token keeps working, 0 (stop now) to {ScimTokenEndpoints.MaxOverlapDays} (default: 7).",
        };
        var rotateDays = ExpiryOption(" (default: as long as the old token was issued for)");
        var rotate = new Command("rotate", "Create a successor with the same name, printed once; the old token stops after the overlap.")
        {
            rotateId, rotateTenant, overlap, rotateDays,
        };
        AdminTarget.AddOptions(rotate);
        AdminTarget.AddJsonOption(rotate);
        rotate.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(overlap) is < 0 or > ScimTokenEndpoints.MaxOverlapDays)
            {
                await output.WriteLineAsync($"--overlap-days must be a whole number of days from 0 to {ScimTokenEndpoints.MaxOverlapDays}.");
                return 1;
            }
            if (await BadExpiryAsync(output, parse.GetValue(rotateDays)))
            {
                return 1;
            }
            return await target.RunAsync(parse, output, async admin =>
            {
                var rotated = await admin.RotateTokenAsync(parse.GetValue(rotateTenant), parse.GetValue(rotateId)!, parse.GetValue(overlap), parse.GetValue(rotateDays), cancellationToken);
                var until = rotated.PredecessorExpires is { } e ? $"{parse.GetValue(rotateId)} keeps working until {e:u}" : $"{parse.GetValue(rotateId)} keeps working";
                await WriteIssuedAsync(output, parse, rotated.Successor, $"Token {rotated.Successor.Summary.Id} replaces it for tenant '{rotated.Successor.Summary.Tenant}'; {until}:");
            }, cancellationToken);
        });
        return new Command("tokens", "Manage SCIM bearer tokens.") { create, list, revoke, rotate };
    }

    private static Option<int?> ExpiryOption(string suffix = " (default: never)") =>
        new("--expires-in-days") { Description = $"Days until the token expires, 1 to {MaxExpiryDays:N0}{suffix}." };

    private static async Task<bool> BadExpiryAsync(TextWriter output, int? days)
    {
        if (days is not (< 1 or > MaxExpiryDays))
        {
            return false;
        }
        await output.WriteLineAsync($"--expires-in-days must be a whole number of days from 1 to {MaxExpiryDays:N0}; leave it out for a token that never expires.");
        return true;
    }

    private static async Task WriteIssuedAsync(TextWriter output, ParseResult parse, IssuedToken issued, string heading)
    {
        if (AdminTarget.Json(parse))
        {
            await TenantOutput.WriteJsonAsync(output, TenantOutput.IssuedJson(issued));
            return;
        }
        await output.WriteLineAsync(heading);
        await output.WriteLineAsync(issued.Token);
        await output.WriteLineAsync("Store it now: it cannot be shown again.");
    }
}
