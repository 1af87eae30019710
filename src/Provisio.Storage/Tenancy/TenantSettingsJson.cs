using System.Text.Json;
using System.Text.Json.Serialization;

namespace Provisio.Storage.Tenancy;

/// <summary>How <see cref="TenantSettings"/> are kept in <c>tenants.settings</c>: camelCase JSON, enums as names.</summary>
public static class TenantSettingsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = false,
    };

    /// <summary>
    /// For settings a person sent (the admin API): the same shape, but a number is a JSON number, an enum a name, and
    /// a member that is no setting is an error rather than ignored.
    /// </summary>
    public static JsonSerializerOptions Strict { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    public static string Write(TenantSettings settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>The settings in <paramref name="json"/>; defaults for what it leaves out, and for null.</summary>
    public static TenantSettings Read(string? json) =>
        string.IsNullOrEmpty(json) ? TenantSettings.Default : JsonSerializer.Deserialize<TenantSettings>(json, Options) ?? TenantSettings.Default;
}
