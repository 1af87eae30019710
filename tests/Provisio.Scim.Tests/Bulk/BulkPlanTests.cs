using System.Text.Json.Nodes;
using Provisio.Scim.Bulk;

namespace Provisio.Scim.Tests.Bulk;

public sealed class BulkPlanTests
{
    private static BulkOperation Post(int index, string bulkId, params string[] references) =>
        new(index, "POST", "/Groups", bulkId, null, new JsonObject
        {
            ["displayName"] = bulkId,
            ["members"] = new JsonArray([.. references.Select(r => (JsonNode)new JsonObject { ["value"] = "bulkId:" + r })]),
        });

    private static IReadOnlyList<BulkStep> Order(params BulkOperation[] operations) => BulkPlan.Order(operations);

    [Fact]
    public void Operations_without_references_keep_request_order()
    {
        var steps = Order(Post(0, "a"), Post(1, "b"), Post(2, "c"));

        Assert.Equal([0, 1, 2], steps.Select(s => s.Operation.Index));
        Assert.All(steps, s => Assert.Null(s.Refusal));
    }

    [Fact]
    public void An_operation_runs_after_the_ones_it_refers_to_even_when_listed_first()
    {
        var steps = Order(Post(0, "group", "x", "y"), Post(1, "x"), Post(2, "y", "x"));

        Assert.Equal([1, 2, 0], steps.Select(s => s.Operation.Index));
        Assert.Equal(["x", "y"], steps[2].References);
    }

    [Fact]
    public void A_reference_in_the_path_is_a_dependency()
    {
        var patch = new BulkOperation(0, "PATCH", "/Groups/bulkId:g", null, null, new JsonObject());

        var steps = Order(patch, Post(1, "g"));

        Assert.Equal([1, 0], steps.Select(s => s.Operation.Index));
    }

    [Fact]
    public void A_cycle_is_refused_with_409_naming_it_and_the_rest_still_runs()
    {
        var steps = Order(Post(0, "a", "b"), Post(1, "b", "c"), Post(2, "c", "a"), Post(3, "free"), Post(4, "waits", "a"));

        Assert.Null(steps.Single(s => s.Operation.Index == 3).Refusal);
        var refused = steps.Where(s => s.Refusal is not null).ToList();
        Assert.Equal([0, 1, 2, 4], refused.Select(s => s.Operation.Index).Order());
        Assert.All(refused, s => Assert.Equal(409, s.Refusal!.Status));
        Assert.Contains("a → b → c → a", steps.Single(s => s.Operation.Index == 0).Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_reference_is_a_cycle()
    {
        var step = Order(Post(0, "me", "me")).Single();

        Assert.Equal(409, step.Refusal!.Status);
        Assert.Contains("me → me", step.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_nobody_defines_is_400_invalid_value()
    {
        var step = Order(Post(0, "a", "ghost")).Single();

        Assert.Equal(400, step.Refusal!.Status);
        Assert.Equal("invalidValue", step.Refusal.ScimType);
        Assert.Contains("bulkId:ghost", step.Refusal.Message, StringComparison.Ordinal);
    }
}
