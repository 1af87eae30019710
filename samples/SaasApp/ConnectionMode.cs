namespace SaasApp;

/// <summary>The two ways the app and Provisio can be connected.</summary>
public enum ConnectionMode
{
    /// <summary>The app hosts Provisio's SCIM endpoints itself and receives events in-process.</summary>
    Embedded,

    /// <summary>Provisio runs as its own service and POSTs signed events to <c>/webhooks/provisio</c>.</summary>
    Webhooks,
}
