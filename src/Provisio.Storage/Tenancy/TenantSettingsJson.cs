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

    public static string Write(TenantSettings settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>The settings in <paramref name="json"/>; defaults for what it leaves out, and for null.</summary>
    public static TenantSettings Read(string? json) =>
        string.IsNullOrEmpty(json) ? TenantSettings.Default : JsonSerializer.Deserialize<TenantSettings>(json, Options) ?? TenantSettings.Default;
}
