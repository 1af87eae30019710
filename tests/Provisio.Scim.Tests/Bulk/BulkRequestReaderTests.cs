using System.Text.Json.Nodes;
using Provisio.Scim.Bulk;
using Provisio.Scim.Errors;

namespace Provisio.Scim.Tests.Bulk;

public sealed class BulkRequestReaderTests
{
    private static BulkRequest Read(string json, int maxOperations = 10) => BulkRequestReader.Read(JsonNode.Parse(json)!.AsObject(), maxOperations);

    [Fact]
    public void The_rfc_example_is_read_with_methods_upper_cased()
    {
        var request = Read("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":1,
             "Operations":[
               {"method":"post","path":"/Users","bulkId":"qwerty","data":{"userName":"Alice"}},
               {"method":"PUT","path":"/Users/b7c1","version":"W/\"3694e05e9dff591\"","data":{"userName":"Bob"}},
               {"method":"DELETE","path":"/Users/e9e3"}]}
            """);

        Assert.Equal(1, request.FailOnErrors);
        Assert.Equal(["POST", "PUT", "DELETE"], request.Operations.Select(o => o.Method));
        Assert.Equal("qwerty", request.Operations[0].BulkId);
        Assert.Equal("W/\"3694e05e9dff591\"", request.Operations[1].Version);
        Assert.Null(request.Operations[2].Data);
    }

    [Fact]
    public void More_operations_than_allowed_is_413()
    {
        var error = Assert.Throws<ScimException>(() => Read("""{"Operations":[{"method":"DELETE","path":"/Users/1"},{"method":"DELETE","path":"/Users/2"}]}""", maxOperations: 1));

        Assert.Equal(413, error.Status);
        Assert.Null(error.ScimType);
    }

    [Theory]
    [InlineData("""{"Operations":{}}""", "invalidSyntax")]
    [InlineData("""{"Operations":[{"method":"POST","path":"/Users","data":[]}]}""", "invalidSyntax")]
    [InlineData("""{"Operations":[{"method":"DELETE","path":7}]}""", "invalidSyntax")]
    [InlineData("""{"Operations":[{"method":"DELETE","path":" "}]}""", "invalidPath")]
    [InlineData("""{"Operations":[{"method":"DELETE","path":"/Users/1","bulkId":""}]}""", "invalidValue")]
    [InlineData("""{"failOnErrors":"1","Operations":[]}""", "invalidValue")]
    [InlineData("""{"failOnErrors":1.5,"Operations":[]}""", "invalidValue")]
    public void A_malformed_request_is_400(string json, string scimType)
    {
        var error = Assert.Throws<ScimException>(() => Read(json));

        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
    }
}
