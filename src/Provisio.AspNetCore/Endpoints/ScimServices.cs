using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Paging;
using Provisio.Scim.Projection;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>What every SCIM resource handler uses, resolved once from DI.</summary>
internal sealed class ScimServices(
    IResourceStore store, ResourceCommands commands, SchemaRegistry registry, ResourceRenderer renderer, CursorCodec cursors, ITenantSettingsStore settings, IAuditLog audit, TimeProvider time, IOptions<ProvisioOptions> options)
{
    public ResourceCommands Commands { get; } = commands;

    public CursorCodec Cursors { get; } = cursors;

    public IResourceStore Store { get; } = store;

    public SchemaRegistry Registry { get; } = registry;

    public ResourceRenderer Renderer { get; } = renderer;

    /// <summary>Writes resources shown with no projection straight to the response.</summary>
    public DefaultViewWriter DefaultView { get; } = new(registry);

    public ProvisioOptions Options { get; } = options.Value;

    /// <summary>What one list may cost, from <see cref="ProvisioOptions.Queries"/>.</summary>
    public QueryBudget QueryBudget { get; } = options.Value.Queries.ToBudget();

    public ITenantSettingsStore Settings { get; } = settings;

    public IAuditLog Audit { get; } = audit;

    public TimeProvider Time { get; } = time;

    /// <summary>Who is writing, for the events and the audit row of the request's writes.</summary>
    public async Task<WriteContext> WriteContextAsync(HttpContext context) =>
        ScimWriteContext.For(context, await Settings.GetAsync(context.TenantId(), context.RequestAborted));

    public Task<JsonObject> ReadBodyAsync(HttpContext context) =>
        ScimRequestReader.ReadObjectAsync(context.Request, Options.MaxPayloadBytes, context.RequestAborted);
}
