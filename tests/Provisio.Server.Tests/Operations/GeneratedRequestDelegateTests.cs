using System.CodeDom.Compiler;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Operations;

/// <summary>
/// Every route handler of Provisio's own binds its request with code the Request Delegate Generator wrote at compile
/// time, not with expression trees compiled at the first request: a fresh server then JIT-compiles about 1,200 methods
/// fewer while it takes its first load (issue #15). A handler the generator cannot take falls back to the runtime
/// factory silently; this test is what notices.
/// </summary>
public sealed class GeneratedRequestDelegateTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    /// <summary>The generator names itself by assembly: name, then version.</summary>
    private const string Generator = "Microsoft.AspNetCore.Http.RequestDelegateGenerator,";

    [Fact]
    public void Every_scim_and_admin_handler_has_a_request_delegate_generated_at_compile_time()
    {
        var handlers = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.OfType<MethodInfo>().Any(IsProvisios))
            .ToList();

        var notGenerated = handlers
            .Where(endpoint => !endpoint.Metadata.OfType<GeneratedCodeAttribute>().Any(code => code.Tool?.StartsWith(Generator, StringComparison.Ordinal) == true))
            .Select(endpoint => endpoint.DisplayName)
            .ToList();

        Assert.Contains(handlers, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/scim/v2/{tenant}/Users", StringComparison.Ordinal));
        Assert.Contains(handlers, endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Empty(notGenerated);
    }

    private static bool IsProvisios(MethodInfo handler) =>
        handler.DeclaringType?.Assembly.GetName().Name is { } assembly
        && assembly.StartsWith("Provisio", StringComparison.OrdinalIgnoreCase);
}
