namespace Provisio.Server.Webhooks;

/// <summary>
/// A request to add or change an endpoint that cannot be carried out as given (a refused URL, an unknown event type):
/// a 400 problem from the admin API, a message and exit code 1 from the CLI. <see cref="Exception.Message"/> says what to fix.
/// </summary>
internal sealed class WebhookRequestException(string message) : Exception(message);
