using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Events;

/// <summary>A handler that keeps failing: after the last attempt the event is given up with an error, and its resource goes on.</summary>
public sealed class GivenUpEventTests : IDisposable
{
    private readonly CapturedLogs logs = new();
    private readonly HandlerFactory server;

    public GivenUpEventTests()
    {
        server = new HandlerFactory { Logs = logs };
        server.Settings["Provisio:Events:MaxAttempts"] = "3";
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_given_up_with_an_error_naming_it_but_not_its_data()
    {
        var client = await server.CreateTenantAsync();
        server.Recorder.Fail = e => e.Type == EventTypes.UserCreated;
        var id = (string)(await client.CreateUserAsync("hopeless@example.com"))["id"]!;
        await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate);

        // The resource's next event waited behind the failing one, and is delivered once it was given up.
        await Eventually.HoldsAsync(() => server.Recorder.Delivered.Any(e => e.ResourceId == id), "the later event delivered");
        var created = server.Recorder.Attempts.Where(a => a.Event.ResourceId == id && a.Event.Type == EventTypes.UserCreated).ToList();
        Assert.Equal(3, created.Count);
        Assert.Equal(EventTypes.UserDeactivated, Assert.Single(server.Recorder.Delivered, e => e.ResourceId == id).Type);

        var errors = logs.Lines.Where(l => l.Level == LogLevel.Error).Select(l => l.Message).ToList();
        var givenUp = Assert.Single(errors, m => m.Contains(created[0].Event.Id, StringComparison.Ordinal));
        Assert.Contains(EventTypes.UserCreated, givenUp, StringComparison.Ordinal);
        Assert.Contains(id, givenUp, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("hopeless", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains(created[0].Event.Id, StringComparison.Ordinal)));

        // Given up is not forgotten: the event stays as a dead letter of the handlers, with its last error.
        var consumers = server.Services.GetRequiredService<IEventConsumerStore>();
        var dead = Assert.Single(await consumers.ReadDeadLettersAsync("handlers", client.TenantId!, 10, CancellationToken.None));
        Assert.Equal((created[0].Event.Id, EventTypes.UserCreated, id, 3), (dead.EventId, dead.EventType, dead.ResourceId, dead.Attempts));
        Assert.False(string.IsNullOrEmpty(dead.LastError));
    }

    public void Dispose() => server.Dispose();
}
