using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Settings;

/// <summary>The calls of <c>/api/tenants/{tenant}/settings</c> the tests repeat.</summary>
internal static class SettingsApi
{
    public static string Path(string tenant) => $"/api/tenants/{tenant}/settings";

    /// <summary>Changes settings by merge patch and returns every setting; fails the test unless it was a 200.</summary>
    public static async Task<JsonObject> SetAsync(this AdminClient admin, string tenant, string patch)
    {
        var response = await admin.PatchAsync(Path(tenant), patch);
        Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        return response.Json;
    }

    public static async Task<JsonObject> SettingsAsync(this AdminClient admin, string tenant)
    {
        var response = await admin.GetAsync(Path(tenant));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json;
    }
}
