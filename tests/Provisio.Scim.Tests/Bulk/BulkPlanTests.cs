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

    [Fact]
    public void A_post_without_a_bulk_id_is_400_for_that_operation_alone()
    {
        var anonymous = new BulkOperation(0, "POST", "/Users", null, null, new JsonObject { ["userName"] = "x" });

        var steps = Order(anonymous, Post(1, "named"));

        Assert.Equal(400, steps.Single(s => s.Operation.Index == 0).Refusal!.Status);
        Assert.Equal("invalidValue", steps.Single(s => s.Operation.Index == 0).Refusal!.ScimType);
        Assert.Null(steps.Single(s => s.Operation.Index == 1).Refusal);
    }

    [Fact]
    public void A_ring_of_a_thousand_long_bulk_ids_gets_errors_of_bounded_size()
    {
        static string Name(int i) => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 431);
        var ring = Enumerable.Range(0, 1000).Select(i => Post(i, Name(i), Name((i + 1) % 1000))).ToArray();

        var steps = Order(ring);

        Assert.Equal(1000, steps.Count);
        Assert.All(steps, s => Assert.Equal(409, s.Refusal!.Status));
        Assert.All(steps, s => Assert.InRange(s.Refusal!.Message.Length, 1, 512));
        Assert.Contains("1000 operations", steps[0].Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_chain_listed_backwards_runs_in_dependency_order()
    {
        var chain = Enumerable.Range(0, 1000).Select(i => i == 999 ? Post(i, "n999") : Post(i, $"n{i}", $"n{i + 1}")).ToArray();

        var steps = Order(chain);

        Assert.Equal(Enumerable.Range(0, 1000).Reverse(), steps.Select(s => s.Operation.Index));
        Assert.All(steps, s => Assert.Null(s.Refusal));
    }
}
