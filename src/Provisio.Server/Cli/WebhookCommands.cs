using System.CommandLine;
using Provisio.Server.Webhooks;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Cli;

/// <summary>
/// <c>provisio webhooks add|list|enable|disable|remove|rotate-secret</c>, and the delivery verbs of
/// <see cref="WebhookDeliveryCommands"/>: a tenant's signed webhook endpoints, as the admin API manages them.
/// </summary>
internal static class WebhookCommands
{
    public static Command Create(TextWriter output)
    {
        var webhooks = new Command("webhooks", "Manage a tenant's signed webhook endpoints and their deliveries.")
        {
            Add(output), List(output), Enable(output, "enable", true), Enable(output, "disable", false), Remove(output), RotateSecret(output),
        };
        foreach (var command in WebhookDeliveryCommands.Create(output))
        {
            webhooks.Subcommands.Add(command);
        }
        return webhooks;
    }

    public static Option<string> TenantOption() => new("--tenant") { Description = "The tenant the endpoint belongs to.", Required = true };

    public static Argument<string> IdArgument() => new("id") { Description = "The endpoint's id (wh_…)." };

    /// <summary>The server's services and the tenant's endpoint, or null (after saying so) when either does not exist.</summary>
    public static async Task<(IServiceProvider Services, WebhookEndpoint Endpoint)?> EndpointAsync(
        ParseResult parse, string tenantId, string endpointId, TextWriter output, CancellationToken cancellationToken)
    {
        if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
        {
            return null;
        }
        if (await services.GetRequiredService<IWebhookStore>().FindAsync(tenantId, endpointId, cancellationToken) is not { } endpoint)
        {
            await NoSuchEndpointAsync(output, tenantId, endpointId);
            return null;
        }
        return (services, endpoint);
    }

    public static Task NoSuchEndpointAsync(TextWriter output, string tenantId, string id) =>
        output.WriteLineAsync($"Tenant '{tenantId}' has no webhook endpoint '{id}'.");

    private static Command Add(TextWriter output)
    {
        var tenant = TenantOption();
        var url = new Option<string>("--url") { Description = "The https URL that receives the events.", Required = true };
        var events = new Option<string?>("--events")
        {
            Description = $"Comma-separated event types to send (default: every type): {string.Join(", ", EventTypes.All)}.",
        };
        var description = new Option<string?>("--description") { Description = "What the endpoint is for." };
        var add = new Command("add", "Add an endpoint; its signing secret is printed once.") { tenant, url, events, description };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            var request = new WebhookChanges
            {
                Url = parse.GetValue(url),
                Events = parse.GetValue(events)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Description = parse.GetValue(description),
            };
            try
            {
                var (endpoint, secret) = await services.GetRequiredService<WebhookRegistry>().AddAsync(tenantId, request, cancellationToken);
                await output.WriteLineAsync($"Webhook endpoint {endpoint.Id} for tenant '{tenantId}' -> {endpoint.Url.AbsoluteUri}");
                await output.WriteLineAsync($"Signing secret: {secret}");
                await output.WriteLineAsync("Store it now: it will not be shown again (rotate-secret makes a new one).");
                return 0;
            }
            catch (WebhookRequestException exception)
            {
                await output.WriteLineAsync(exception.Message);
                return 1;
            }
        });
        return add;
    }

    private static Command List(TextWriter output)
    {
        var tenant = TenantOption();
        var list = new Command("list", "List the tenant's endpoints (never their secrets).") { tenant };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            await output.WriteLineAsync(string.Join('\t', "ID", "STATE", "URL", "EVENTS", "CREATED", "DESCRIPTION"));
            foreach (var endpoint in await services.GetRequiredService<IWebhookStore>().ListAsync(tenantId, cancellationToken))
            {
                await output.WriteLineAsync(string.Join('\t', endpoint.Id, endpoint.Enabled ? "enabled" : "disabled", endpoint.Url.AbsoluteUri,
                    endpoint.EventTypes is { } types ? string.Join(',', types) : "all", $"{endpoint.Created:u}", endpoint.Description ?? "-"));
            }
            return 0;
        });
        return list;
    }

    private static Command Enable(TextWriter output, string verb, bool enabled)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var command = new Command(verb, enabled
            ? "Enable an endpoint; the events written while it was disabled are sent."
            : "Disable an endpoint; it keeps its place and receives the events written meanwhile once enabled.") { tenant, id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (tenantId, endpointId) = (parse.GetValue(tenant)!, parse.GetValue(id)!);
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            var changed = await services.GetRequiredService<WebhookRegistry>()
                .UpdateAsync(tenantId, endpointId, new WebhookChanges { Enabled = enabled }, cancellationToken);
            if (changed is null)
            {
                await NoSuchEndpointAsync(output, tenantId, endpointId);
                return 1;
            }
            await output.WriteLineAsync($"{(enabled ? "Enabled" : "Disabled")} {endpointId}.");
            return 0;
        });
        return command;
    }

    private static Command Remove(TextWriter output)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var remove = new Command("remove", "Remove an endpoint with its queued and dead deliveries and its delivery log.") { tenant, id };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            var (tenantId, endpointId) = (parse.GetValue(tenant)!, parse.GetValue(id)!);
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            if (!await services.GetRequiredService<IWebhookStore>().RemoveAsync(tenantId, endpointId, cancellationToken))
            {
                await NoSuchEndpointAsync(output, tenantId, endpointId);
                return 1;
            }
            await output.WriteLineAsync($"Removed {endpointId}.");
            return 0;
        });
        return remove;
    }

    private static Command RotateSecret(TextWriter output)
    {
        var tenant = TenantOption();
        var id = IdArgument();
        var rotate = new Command("rotate-secret", "Give an endpoint a new signing secret, printed once; the old one signs too for a while.") { tenant, id };
        rotate.SetAction(async (parse, cancellationToken) =>
        {
            var (tenantId, endpointId) = (parse.GetValue(tenant)!, parse.GetValue(id)!);
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            if (await services.GetRequiredService<WebhookRegistry>().RotateSecretAsync(tenantId, endpointId, cancellationToken) is not var (endpoint, secret))
            {
                await NoSuchEndpointAsync(output, tenantId, endpointId);
                return 1;
            }
            await output.WriteLineAsync($"New signing secret of {endpointId}: {secret}");
            await output.WriteLineAsync("Store it now: it will not be shown again.");
            await output.WriteLineAsync($"The previous secret keeps signing deliveries (beside the new one) until {endpoint.PreviousSecretExpires:u}.");
            return 0;
        });
        return rotate;
    }
}
