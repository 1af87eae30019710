namespace SaasApp.Embedded;

/// <summary>Where the first start prints the SCIM token (the console, unless a test captures it).</summary>
public sealed class ScimSetupOptions
{
    public TextWriter Output { get; set; } = Console.Out;
}
