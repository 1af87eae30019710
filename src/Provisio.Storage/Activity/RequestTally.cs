namespace Provisio.Storage.Activity;

/// <summary>
/// What one instance counted of a tenant's SCIM requests since it last wrote them: how many per five-minute period and
/// status, and the first and last request's times.
/// </summary>
public sealed record RequestTally(
    string TenantId,
    DateTimeOffset First,
    DateTimeOffset Last,
    IReadOnlyDictionary<(DateTimeOffset Period, int Status), long> Counts);
