using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisio.Server.Tests.Support;
using Provisio.Server.Webhooks;
using Provisio.Storage.Sql;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>Data Protection's keys live in the database, so every server on it reads what another protected.</summary>
public sealed class DataProtectionKeyRingTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Another_server_on_the_same_database_reads_the_secret_with_the_keys_stored_there()
    {
        var scim = await factory.CreateTenantAsync();
        var created = await (await AdminClient.CreateAsync(factory)).AddAsync(scim.TenantId!);

        // A fresh process on the same database, with no key ring of its own: the keys come from data_protection_keys.
        using var other = new ProvisioFactory(factory.DataDirectory);
        var endpoint = await other.Services.GetRequiredService<IWebhookStore>().FindAsync(scim.TenantId!, (string)created["id"]!, CancellationToken.None);

        Assert.Equal([(string)created["secret"]!], other.Services.GetRequiredService<WebhookSecrets>().SigningSecrets(endpoint!, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task A_server_on_a_new_database_migrates_before_data_protection_loads_its_keys_and_stores_them_there()
    {
        var logs = new CapturedLogs();
        using var fresh = new ProvisioFactory { Logs = logs };

        _ = fresh.Services; // starts the host: migrations, then Data Protection's key ring

        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
        await using var connection = await fresh.Services.GetRequiredService<ISqlDialect>().OpenConnectionAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM data_protection_keys";
        Assert.True(Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}
