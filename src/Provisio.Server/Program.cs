using Provisio.Server.Cli;

// `provisio` serves SCIM and the admin API; `provisio tenants|tokens|admin-keys|audit|webhooks …` use the same database.
return await ProvisioCommandLine.Create(args).Parse(args).InvokeAsync();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
