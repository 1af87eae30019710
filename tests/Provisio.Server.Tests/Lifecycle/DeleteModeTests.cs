using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Lifecycle;

/// <summary>DELETE of a user is soft by default, hard when the tenant says so; either way it answers as if gone.</summary>
public sealed class DeleteModeTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_soft_deleted_user_answers_404_is_not_listed_nor_counted_and_its_user_name_can_be_provisioned_again()
    {
        var scim = await factory.CreateTenantAsync();
        var leaver = (string)(await scim.CreateUserAsync("leaver@example.com", u => u["externalId"] = "ext-1"))["id"]!;
        await scim.CreateUserAsync("stayer@example.com");
        var group = (string)(await scim.CreateGroupAsync("Team", leaver))["id"]!;
        var before = (await factory.EventsAsync(scim.TenantId!)).Count;

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{leaver}")).Status);

        (await scim.GetAsync($"/Users/{leaver}")).AssertError(HttpStatusCode.NotFound);
        (await scim.DeleteAsync($"/Users/{leaver}")).AssertError(HttpStatusCode.NotFound);
        var list = await scim.GetAsync("/Users");
        Assert.Equal(1, (int)list.Json["totalResults"]!);
        Assert.Equal(0, (int)(await scim.GetAsync("/Users?filter=externalId%20eq%20%22ext-1%22")).Json["totalResults"]!);
        Assert.Null((await scim.GetAsync($"/Groups/{group}")).Json["members"]);
        var events = (await factory.EventsAsync(scim.TenantId!)).Skip(before).ToList();
        Assert.Equal([EventTypes.UserDeleted, EventTypes.GroupUserRemoved], events.Select(e => e.Type));
        Assert.Equal("leaver@example.com", (string)events[0].Data()["userName"]!);
        Assert.Equal((group, leaver), (events[1].ResourceId, (string)events[1].Data()["member"]!["id"]!));

        var again = await scim.CreateUserAsync("leaver@example.com", u => u["externalId"] = "ext-1");
        Assert.NotEqual(leaver, (string)again["id"]!);
        Assert.Contains("leaver@example.com", await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hard_delete_tenant_purges_at_once_and_emits_user_purged_after_user_deleted()
    {
        var scim = await factory.CreateTenantAsync();
        await factory.SetSettingsAsync(scim.TenantId!, new TenantSettings { DeleteMode = DeleteMode.Hard });
        var id = (string)(await scim.CreateUserAsync("gone@example.com"))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{id}")).Status);

        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeleted, EventTypes.UserPurged], await factory.TypesAsync(scim.TenantId!));
        (await scim.GetAsync($"/Users/{id}")).AssertError(HttpStatusCode.NotFound);
        Assert.Equal(0, await factory.TombstonesAsync(scim.TenantId!));
    }

    [Fact]
    public async Task Purging_soft_deleted_users_emits_user_purged_once_and_removes_their_rows()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("grace@example.com"))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{id}")).Status);
        Assert.Equal(1, await factory.TombstonesAsync(scim.TenantId!));
        var store = factory.Services.GetRequiredService<Storage.IResourceStore>();

        Assert.Equal(0, await store.PurgeDeletedAsync(scim.TenantId!, TimeProvider.System.GetUtcNow().AddDays(-1), 100, CancellationToken.None));
        Assert.Equal(1, await store.PurgeDeletedAsync(scim.TenantId!, TimeProvider.System.GetUtcNow().AddMinutes(1), 100, CancellationToken.None));
        Assert.Equal(0, await store.PurgeDeletedAsync(scim.TenantId!, TimeProvider.System.GetUtcNow().AddMinutes(1), 100, CancellationToken.None));

        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeleted, EventTypes.UserPurged], await factory.TypesAsync(scim.TenantId!));
        Assert.Equal(0, await factory.TombstonesAsync(scim.TenantId!));
    }
}
