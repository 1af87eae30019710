using System.CommandLine;
using Microsoft.Extensions.Options;
using Provisio.Server.Admin;
using Provisio.Server.Webhooks;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Cli;

/// <summary><c>provisio webhooks test|deliveries|requeue</c>: an endpoint's deliveries.</summary>
internal static class WebhookDeliveryCommands
{
    public static IEnumerable<Command> Create(TextWriter output) => [Test(output), Deliveries(output), Requeue(output)];

    private static Command Test(TextWriter output)
    {
        var tenant = WebhookCommands.TenantOption();
        var id = WebhookCommands.IdArgument();
        var test = new Command("test", "Send a signed webhook.test event to the endpoint now and print how it answered.") { tenant, id };
        test.SetAction(async (parse, cancellationToken) =>
        {
            var (tenantId, endpointId) = (parse.GetValue(tenant)!, parse.GetValue(id)!);
            if (await WebhookCommands.EndpointAsync(parse, tenantId, endpointId, output, cancellationToken) is not var (services, endpoint))
            {
                return 1;
            }
            var result = await WebhookTestDelivery.SendAsync(services.GetRequiredService<IWebhookSender>(), services.GetRequiredService<IWebhookAttemptLog>(),
                endpoint, services.GetRequiredService<TimeProvider>().GetUtcNow(), services.GetRequiredService<IOptions<WebhookOptions>>().Value.LogSize,
                cancellationToken);
            var latency = WebhookTestDelivery.Milliseconds(result.Latency);
            await output.WriteLineAsync(result.Delivered
                ? $"Delivered: {endpoint.Url.AbsoluteUri} answered {result.StatusCode} in {latency} ms."
                : $"Not delivered: {(result.StatusCode is { } status ? $"{endpoint.Url.AbsoluteUri} answered {status}" : "no response")} after {latency} ms"
                    + (result.Error is { } error ? $": {error}" : "."));
            return result.Delivered ? 0 : 1;
        });
        return test;
    }

    private static Command Deliveries(TextWriter output)
    {
        var tenant = WebhookCommands.TenantOption();
        var id = WebhookCommands.IdArgument();
        var dead = new Option<bool>("--dead") { Description = "List the dead deliveries (given up after the last attempt) instead of the log." };
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many rows, 1 to {WebhookDeliveryEndpoints.MaxLogLimit} (default {WebhookDeliveryEndpoints.DefaultLogLimit}).",
            DefaultValueFactory = _ => WebhookDeliveryEndpoints.DefaultLogLimit,
        };
        var deliveries = new Command("deliveries", "Print the endpoint's latest delivery attempts, newest first, or its dead deliveries.") { tenant, id, dead, limit };
        deliveries.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) is < 1 or > WebhookDeliveryEndpoints.MaxLogLimit)
            {
                await output.WriteLineAsync($"--limit must be a whole number from 1 to {WebhookDeliveryEndpoints.MaxLogLimit}.");
                return 1;
            }
            var (tenantId, endpointId) = (parse.GetValue(tenant)!, parse.GetValue(id)!);
            if (await WebhookCommands.EndpointAsync(parse, tenantId, endpointId, output, cancellationToken) is not var (services, endpoint))
            {
                return 1;
            }
            if (parse.GetValue(dead))
            {
                await output.WriteLineAsync(string.Join('\t', "SEQUENCE", "EVENT", "TYPE", "RESOURCE", "ATTEMPTS", "DIED", "LAST-ERROR"));
                foreach (var letter in await services.GetRequiredService<IEventConsumerStore>()
                    .ReadDeadLettersAsync(endpoint.Consumer, tenantId, parse.GetValue(limit), cancellationToken))
                {
                    await output.WriteLineAsync(string.Join('\t', letter.Sequence, letter.EventId, letter.EventType, letter.ResourceId,
                        letter.Attempts, $"{letter.Died:u}", letter.LastError ?? "-"));
                }
                return 0;
            }
            await output.WriteLineAsync(string.Join('\t', "AT", "OUTCOME", "STATUS", "MS", "TYPE", "SEQUENCE", "ATTEMPT", "EVENT", "ERROR"));
            foreach (var attempt in await services.GetRequiredService<IWebhookAttemptLog>().ListAsync(tenantId, endpointId, parse.GetValue(limit), cancellationToken))
            {
                await output.WriteLineAsync(string.Join('\t', $"{attempt.At:u}", SqlWebhookAttemptLog.OutcomeName(attempt.Outcome),
                    attempt.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", attempt.LatencyMilliseconds, attempt.EventType,
                    attempt.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", attempt.Attempt, attempt.EventId, attempt.Error ?? "-"));
            }
            return 0;
        });
        return deliveries;
    }

    private static Command Requeue(TextWriter output)
    {
        var tenant = WebhookCommands.TenantOption();
        var id = WebhookCommands.IdArgument();
        var sequence = new Option<long?>("--sequence") { Description = "The sequence of the one dead delivery to send again." };
        var all = new Option<bool>("--all") { Description = "Send every dead delivery of the endpoint again." };
        var requeue = new Command("requeue", "Send dead deliveries again, with a fresh count of attempts.") { tenant, id, sequence, all };
        requeue.SetAction(async (parse, cancellationToken) =>
        {
            var one = parse.GetValue(sequence);
            if (one is null == !parse.GetValue(all))
            {
                await output.WriteLineAsync("Give either --sequence N (one dead delivery) or --all.");
                return 1;
            }
            var (tenantId, endpointId) = (parse.GetValue(tenant)!, parse.GetValue(id)!);
            if (await WebhookCommands.EndpointAsync(parse, tenantId, endpointId, output, cancellationToken) is not var (services, endpoint))
            {
                return 1;
            }
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var requeued = await services.GetRequiredService<IEventConsumerStore>()
                .RequeueDeadLettersAsync(endpoint.Consumer, tenantId, one, now, cancellationToken);
            if (one is { } missing && requeued == 0)
            {
                await output.WriteLineAsync($"Event {missing} is not a dead delivery of {endpointId}.");
                return 1;
            }
            await output.WriteLineAsync($"Re-queued {requeued} dead deliver{(requeued == 1 ? "y" : "ies")} of {endpointId}; a running server sends them at its next poll.");
            return 0;
        });
        return requeue;
    }
}
