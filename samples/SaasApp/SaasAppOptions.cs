using System.ComponentModel.DataAnnotations;

namespace SaasApp;

/// <summary>The sample's settings (top-level keys of appsettings.json, or <c>--Mode=Webhooks</c> on the command line).</summary>
public sealed class SaasAppOptions
{
    /// <summary>How the app learns of directory changes.</summary>
    public ConnectionMode Mode { get; set; } = ConnectionMode.Embedded;

    /// <summary>
    /// Holds <c>app.db</c> and, in embedded mode, Provisio's <c>provisio.db</c>; relative to the working directory, which
    /// <c>dotnet run</c> sets to the project folder.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}
