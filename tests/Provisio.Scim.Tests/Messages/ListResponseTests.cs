using System.Text.Json.Nodes;
using Provisio.Scim.Messages;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Messages;

public sealed class ListResponseTests
{
    [Fact]
    public void An_empty_list_still_carries_every_member()
    {
        var json = ListResponse.ToJson([], totalResults: 0, startIndex: 1);

        JsonAssert.Equal(
            $$"""
            {
              "schemas": ["{{ScimSchemas.ListResponse}}"],
              "totalResults": 0,
              "startIndex": 1,
              "itemsPerPage": 0,
              "Resources": []
            }
            """,
            json);
    }

    [Fact]
    public void A_page_reports_the_total_its_start_and_its_own_size()
    {
        JsonObject[] page = [new() { ["id"] = "a" }, new() { ["id"] = "b" }];

        var json = ListResponse.ToJson(page, totalResults: 12, startIndex: 3);

        JsonAssert.Equal(
            $$"""
            {
              "schemas": ["{{ScimSchemas.ListResponse}}"],
              "totalResults": 12,
              "startIndex": 3,
              "itemsPerPage": 2,
              "Resources": [{ "id": "a" }, { "id": "b" }]
            }
            """,
            json);
    }
}
