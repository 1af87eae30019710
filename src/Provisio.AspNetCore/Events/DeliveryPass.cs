namespace Provisio.AspNetCore.Events;

/// <summary>How one pass over a tenant's events ended.</summary>
internal enum DeliveryPass
{
    /// <summary>Nothing was due.</summary>
    Idle,

    /// <summary>Events were delivered or queued; more may wait, so look again at once.</summary>
    Progress,

    /// <summary>Another instance (or pass) holds the tenant: it delivers, this one waits for the next poll.</summary>
    Busy,
}
