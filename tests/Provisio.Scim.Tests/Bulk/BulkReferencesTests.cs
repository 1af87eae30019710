using System.Text.Json.Nodes;
using Provisio.Scim.Bulk;

namespace Provisio.Scim.Tests.Bulk;

public sealed class BulkReferencesTests
{
    [Fact]
    public void References_are_found_anywhere_in_the_data_and_in_the_path()
    {
        var data = JsonNode.Parse("""
            {"members":[{"value":"bulkId:u1"},{"value":"plain"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulkId:boss"}},
             "note":"bulkId:", "other":"xbulkId:u9"}
            """)!.AsObject();

        var found = BulkReferences.In(new BulkOperation(0, "PUT", "/Users/bulkId:target", null, null, data));

        Assert.Equal(["target", "u1", "boss"], found);
    }

    [Fact]
    public void Resolving_replaces_references_and_leaves_the_original_untouched()
    {
        var data = JsonNode.Parse("""{"members":[{"value":"bulkId:u1"},{"value":"keep"}],"n":1}""")!.AsObject();
        var ids = new Dictionary<string, string> { ["u1"] = "id-1", ["g"] = "id-g" };

        var resolved = BulkReferences.Resolve(data, ids)!;

        Assert.Equal("""{"members":[{"value":"id-1"},{"value":"keep"}],"n":1}""", resolved.ToJsonString());
        Assert.Equal("bulkId:u1", (string)data["members"]![0]!["value"]!);
        Assert.Equal("/Groups/id-g", BulkReferences.Resolve("/Groups/bulkId:g", ids));
        Assert.Equal("/Groups/plain", BulkReferences.Resolve("/Groups/plain", ids));
    }
}
