
namespace Provisio.Server.Tests.Cli;

/// <summary>A CLI verb reads <c>--Section:Key=value</c> settings as the server does, so it applies the same rules.</summary>
public sealed class CommandSettingsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-settings-").FullName;

    [Fact]
    public async Task A_setting_on_the_command_line_applies_to_the_verb()
    {
        Assert.Equal(0, (await RunAsync("tenants", "create", "acme")).Code);
        string[] add = ["webhooks", "add", "--tenant", "acme", "--url", "http://127.0.0.1:9/hook"];

        var refused = await RunAsync(add);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("AllowPrivateNetworks", refused.Output, StringComparison.Ordinal);

        var added = await RunAsync([.. add, "--Provisio:Webhooks:AllowPrivateNetworks=true"]);
        Assert.Equal(0, added.Code);
        Assert.Contains("Signing secret: whsec_", added.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<(int Code, string Output)> RunAsync(params string[] args) => CommandRunner.RunAsync(folder, args);
}
