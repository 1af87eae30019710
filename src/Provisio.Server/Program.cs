using Provisio.Server.Cli;

// `provisio` serves SCIM; `provisio tenants …` and `provisio tokens …` manage the same database.
return await ProvisioCommandLine.Create(args).Parse(args).InvokeAsync();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
