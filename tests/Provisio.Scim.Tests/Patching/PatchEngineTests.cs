using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Patching;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Patching;

/// <summary>
/// PATCH on a User as a table: the stored attributes before, the PatchOp operations, and either the attributes after
/// (compared with member and array order aside) or the scimType of the 400.
/// </summary>
public sealed class PatchEngineTests
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    public static TheoryData<string, string, string, string> Changes => new()
    {
        {
            "op name in capitals",
            """{ "userName": "bjensen" }""",
            """[{ "op": "ADD", "path": "nickName", "value": "Babs" }]""",
            """{ "userName": "bjensen", "nickName": "Babs" }"""
        },
        {
            "add creates a missing attribute",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "title", "value": "Tour Guide" }]""",
            """{ "userName": "bjensen", "title": "Tour Guide" }"""
        },
        {
            "add appends to a multi-valued attribute",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "add", "path": "emails", "value": [{ "value": "b@home.example", "type": "home" }] }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }"""
        },
        {
            "add of a single object to a multi-valued attribute appends it",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "add", "path": "emails", "value": { "value": "b@home.example", "type": "home" } }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }"""
        },
        {
            "add of an identical value does not duplicate it",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "primary": true }] }""",
            """[{ "op": "add", "path": "emails", "value": [{ "type": "work", "primary": true, "value": "b@work.example" }] }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "primary": true }] }"""
        },
        {
            "add on a complex attribute merges its sub-attributes",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen" } }""",
            """[{ "op": "add", "path": "name", "value": { "middleName": "Jane" } }]""",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "middleName": "Jane", "familyName": "Jensen" } }"""
        },
        {
            "add of an undeclared plain attribute keeps it as sent",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "favouriteColour", "value": "teal" }]""",
            """{ "userName": "bjensen", "favouriteColour": "teal" }"""
        },
        {
            "replace of a multi-valued attribute without a filter replaces the set",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails", "value": [{ "value": "new@work.example", "type": "work" }] }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "new@work.example", "type": "work" }] }"""
        },
        {
            "replace of a complex attribute keeps the sub-attributes it does not name",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen" } }""",
            """[{ "op": "replace", "path": "name", "value": { "familyName": "Jensen-Smith" } }]""",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen-Smith" } }"""
        },
        {
            "replace of a sub-attribute (Entra, capitalised op)",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen" } }""",
            """[{ "op": "Replace", "path": "name.familyName", "value": "updatedFamilyName" }]""",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "updatedFamilyName" } }"""
        },
        {
            "replace through a value filter changes only the matching values",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@work.example" }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "new@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }"""
        },
        {
            "replace through a value filter with an object merges it into the matching value",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails[type eq \"home\"]", "value": { "display": "Home" } }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home", "display": "Home" }] }"""
        },
        {
            "replace through an equality filter that matches nothing creates the value (Entra)",
            """{ "userName": "bjensen", "emails": [{ "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "b@work.example" }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@home.example", "type": "home" }, { "value": "b@work.example", "type": "work" }] }"""
        },
        {
            "replace through an equality filter on a user with no emails creates the first one",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\"].value", "value": "b@work.example" }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }"""
        },
        {
            "add through an equality filter that matches nothing creates the address (Entra)",
            """{ "userName": "bjensen", "addresses": [{ "type": "home", "locality": "Hollywood" }] }""",
            """[{ "op": "Add", "path": "addresses[type eq \"work\"].formatted", "value": "18/2111" }]""",
            """{ "userName": "bjensen", "addresses": [{ "type": "home", "locality": "Hollywood" }, { "type": "work", "formatted": "18/2111" }] }"""
        },
        {
            "successive adds through the same filter fill one created value",
            """{ "userName": "bjensen" }""",
            """
            [
              { "op": "Add", "path": "addresses[type eq \"work\"].streetAddress", "value": "100 Universal City Plaza" },
              { "op": "Add", "path": "addresses[type eq \"work\"].locality", "value": "Hollywood" },
              { "op": "Add", "path": "addresses[type eq \"work\"].country", "value": "US" }
            ]
            """,
            """{ "userName": "bjensen", "addresses": [{ "type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "country": "US" }] }"""
        },
        {
            "remove through a value filter removes only the matching values",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "remove", "path": "emails[type eq \"home\"]" }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }"""
        },
        {
            "remove through a value filter of a sub-attribute removes it from the matching values only",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "display": "W" }, { "value": "b@home.example", "type": "home", "display": "H" }] }""",
            """[{ "op": "remove", "path": "emails[type eq \"work\"].display" }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }, { "value": "b@home.example", "type": "home", "display": "H" }] }"""
        },
        {
            "remove through a value filter that matches nothing changes nothing",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "remove", "path": "emails[type eq \"other\"]" }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }"""
        },
        {
            "remove of the last value drops the attribute",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "remove", "path": "emails[value eq \"b@work.example\"]" }]""",
            """{ "userName": "bjensen" }"""
        },
        {
            "remove of a whole attribute",
            """{ "userName": "bjensen", "title": "Tour Guide", "nickName": "Babs" }""",
            """[{ "op": "remove", "path": "title" }]""",
            """{ "userName": "bjensen", "nickName": "Babs" }"""
        },
        {
            "replace with null unassigns the attribute",
            """{ "userName": "bjensen", "title": "Tour Guide" }""",
            """[{ "op": "replace", "path": "title", "value": null }]""",
            """{ "userName": "bjensen" }"""
        },
        {
            "read-only keys in a pathless value are ignored",
            """{ "displayName": "Babs", "userName": "bjensen" }""",
            """[{ "op": "replace", "value": { "id": "forged", "meta": { "version": "W/\"99\"" }, "schemas": ["x"], "groups": [{ "value": "g1" }], "displayName": "Barbara" } }]""",
            """{ "displayName": "Barbara", "userName": "bjensen" }"""
        },
        {
            "the string False disables a user (Entra)",
            """{ "userName": "bjensen", "active": true }""",
            """[{ "op": "Replace", "path": "active", "value": "False" }]""",
            """{ "userName": "bjensen", "active": false }"""
        },
        {
            "the string True enables a user",
            """{ "userName": "bjensen", "active": false }""",
            """[{ "op": "replace", "path": "active", "value": "True" }]""",
            """{ "userName": "bjensen", "active": true }"""
        },
        {
            "a pathless replace of active (Okta deactivation)",
            """{ "userName": "bjensen", "active": true }""",
            """[{ "op": "replace", "value": { "active": false } }]""",
            """{ "userName": "bjensen", "active": false }"""
        },
        {
            "a pathless replace with dotted and URN-qualified keys (Entra aadOptscim062020)",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen", "middleName": "Jane" }, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Tour Operations" } }""",
            """
            [{
              "op": "replace",
              "value": {
                "displayName": "Bjfe",
                "name.givenName": "Kkom",
                "name.familyName": "Unua",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq"
              }
            }]
            """,
            """{ "userName": "bjensen", "displayName": "Bjfe", "name": { "givenName": "Kkom", "familyName": "Unua", "middleName": "Jane" }, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Tour Operations", "employeeNumber": "Aklq" } }"""
        },
        {
            "a pathless replace with the whole enterprise object sets the attributes it names",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } }""",
            """[{ "op": "replace", "value": { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Tour Operations", "manager": "26118915" } } }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations", "manager": { "value": "26118915" } } }"""
        },
        {
            "add with the enterprise URN as path ignores the schemas its value repeats",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": { "schemas": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "employeeNumber": "1" } }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "1" } }"""
        },
        {
            "a pathless add with the whole enterprise object ignores the schemas it repeats",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "value": { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "schemas": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "employeeNumber": "1" } } }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "1" } }"""
        },
        {
            "a pathless value with core-URN-qualified names sets the plain ones and never stores a password",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "value": { "urn:ietf:params:scim:schemas:core:2.0:User:nickName": "Babs", "urn:ietf:params:scim:schemas:core:2.0:User:password": "S3cret!", "urn:ietf:params:scim:schemas:core:2.0:User:id": "forged" } }]""",
            """{ "userName": "bjensen", "nickName": "Babs" }"""
        },
        {
            "the core schema URN as path stands for the resource itself",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User", "value": { "nickName": "Babs", "password": "S3cret!" } }]""",
            """{ "userName": "bjensen", "nickName": "Babs" }"""
        },
        {
            "a pathless value with the core schema URN as key holds core attributes",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "value": { "urn:ietf:params:scim:schemas:core:2.0:User": { "nickName": "Babs", "password": "S3cret!" } } }]""",
            """{ "userName": "bjensen", "nickName": "Babs" }"""
        },
        {
            "an add of a duplicate type and value merges into the existing value",
            """{ "userName": "bjensen", "emails": [{ "value": "b@example.com", "type": "work" }] }""",
            """[{ "op": "add", "path": "emails", "value": [{ "value": "B@example.com", "type": "work", "primary": true }] }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@example.com", "type": "work", "primary": true }] }"""
        },
        {
            "replace through a canonical type filter on phone numbers creates the value (Entra)",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "phoneNumbers[type eq \"mobile\"].value", "value": "555" }]""",
            """{ "userName": "bjensen", "phoneNumbers": [{ "value": "555", "type": "mobile" }] }"""
        },
        {
            "add with the enterprise URN as path creates the extension",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": { "employeeNumber": "701984", "department": "Tour Operations" } }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations" } }"""
        },
        {
            "add with the enterprise URN as path merges into the extension",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } }""",
            """[{ "op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": { "department": "Tour Operations" } }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations" } }"""
        },
        {
            "replace with the enterprise URN as path sets the attributes it names",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": { "costCenter": "4130", "manager": "26118915" } }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "costCenter": "4130", "manager": { "value": "26118915" } } }"""
        },
        {
            "remove with the enterprise URN as path removes the extension",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations" } }""",
            """[{ "op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" }]""",
            """{ "userName": "bjensen" }"""
        },
        {
            "add of an enterprise attribute by its full path (Entra)",
            """{ "userName": "bjensen" }""",
            """[{ "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Retail" }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Retail" } }"""
        },
        {
            "a manager given as a bare id is stored as manager.value (Entra)",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } }""",
            """[{ "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "26118915" }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "manager": { "value": "26118915" } } }"""
        },
        {
            "a value-less remove of the manager removes it and keeps the rest of the extension (Entra)",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "manager": { "value": "26118915" } } }""",
            """[{ "op": "Remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager" }]""",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } }"""
        },
        {
            "a value-less remove of the only enterprise attribute leaves no extension",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "26118915" } } }""",
            """[{ "op": "Remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager" }]""",
            """{ "userName": "bjensen" }"""
        },
        {
            "an added primary email makes the others non-primary",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "primary": true }] }""",
            """[{ "op": "add", "path": "emails", "value": [{ "value": "b@home.example", "type": "home", "primary": true }] }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "primary": false }, { "value": "b@home.example", "type": "home", "primary": true }] }"""
        },
        {
            "making one email primary through a filter makes the others non-primary",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "primary": true }, { "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails[type eq \"home\"].primary", "value": true }]""",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work", "primary": false }, { "value": "b@home.example", "type": "home", "primary": true }] }"""
        },
        {
            "several operations apply in order",
            """{ "userName": "bjensen", "title": "Tour Guide" }""",
            """
            [
              { "op": "remove", "path": "title" },
              { "op": "add", "path": "title", "value": "Senior Tour Guide" },
              { "op": "replace", "path": "userName", "value": "barbara" }
            ]
            """,
            """{ "userName": "barbara", "title": "Senior Tour Guide" }"""
        },
        {
            "attribute names in a path are case-insensitive",
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen" }, "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """
            [
              { "op": "replace", "path": "NAME.FAMILYNAME", "value": "Jensen-Smith" },
              { "op": "replace", "path": "Emails[Type eq \"work\"].Value", "value": "new@work.example" }
            ]
            """,
            """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen-Smith" }, "emails": [{ "value": "new@work.example", "type": "work" }] }"""
        },
        {
            "keys of a pathless value are case-insensitive",
            """{ "userName": "bjensen", "active": true }""",
            """[{ "op": "replace", "value": { "Active": false, "ID": "forged", "Groups": [] } }]""",
            """{ "userName": "bjensen", "active": false }"""
        },
        {
            "no operations change nothing",
            """{ "userName": "bjensen", "title": "Tour Guide" }""",
            """[]""",
            """{ "userName": "bjensen", "title": "Tour Guide" }"""
        },
    };

    public static TheoryData<string, string, string, string> Failures => new()
    {
        {
            "replace through a filter that is not a conjunction of equalities and matches nothing",
            """{ "userName": "bjensen", "emails": [{ "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails[value sw \"nobody\"].type", "value": "work" }]""",
            ScimErrorType.NoTarget
        },
        {
            "replace through an or filter that matches nothing",
            """{ "userName": "bjensen", "emails": [{ "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\" or type eq \"other\"].value", "value": "x@example.com" }]""",
            ScimErrorType.NoTarget
        },
        {
            "replace through a filter on a value that matches nothing",
            """{ "userName": "bjensen", "emails": [{ "value": "b@home.example", "type": "home" }] }""",
            """[{ "op": "replace", "path": "emails[value eq \"b@work.example\"].type", "value": "work" }]""",
            ScimErrorType.NoTarget
        },
        {
            "add through a filter on a type that is not canonical and matches nothing",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "emails[type eq \"pager\"].value", "value": "b@example.com" }]""",
            ScimErrorType.NoTarget
        },
        {
            "replace through a filter on a canonical type and more that matches nothing",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\" and primary eq true].value", "value": "b@example.com" }]""",
            ScimErrorType.NoTarget
        },
        {
            "a pathless value naming one attribute plainly and URN-qualified",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "value": { "nickName": "a", "urn:ietf:params:scim:schemas:core:2.0:User:nickName": "b" } }]""",
            ScimErrorType.InvalidSyntax
        },
        {
            "a pathless value naming an extension attribute in its object and URN-qualified",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "value": { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "a" }, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "b" } }]""",
            ScimErrorType.InvalidSyntax
        },
        {
            "a pathless value with the core schema URN as key and a value that is not an object",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "value": { "urn:ietf:params:scim:schemas:core:2.0:User": "Babs" } }]""",
            ScimErrorType.InvalidValue
        },
        {
            "remove without a path",
            """{ "userName": "bjensen", "title": "Tour Guide" }""",
            """[{ "op": "remove" }]""",
            ScimErrorType.NoTarget
        },
        {
            "remove of the required userName",
            """{ "userName": "bjensen" }""",
            """[{ "op": "remove", "path": "userName" }]""",
            ScimErrorType.Mutability
        },
        {
            "replace of id by path",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "id", "value": "forged" }]""",
            ScimErrorType.Mutability
        },
        {
            "replace of meta by path",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "meta", "value": { "version": "W/\"9\"" } }]""",
            ScimErrorType.Mutability
        },
        {
            "replace of a meta sub-attribute by path",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "meta.lastModified", "value": "2020-01-01T00:00:00Z" }]""",
            ScimErrorType.Mutability
        },
        {
            "add to a user's groups by path",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "groups", "value": [{ "value": "g1" }] }]""",
            ScimErrorType.Mutability
        },
        {
            "a filter without a closing bracket",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\".value", "value": "x@example.com" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "an empty path segment",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "name..givenName", "value": "x" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "a filter that does not parse",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "emails[type eq]", "value": "x" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "text after a filter that is not a sub-attribute",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\"]value", "value": "x" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "a filter on an attribute that is not complex",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "userName[value eq \"x\"]", "value": "x" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "an unknown attribute under the core schema URN",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:User:shoeSize", "value": "42" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "an unknown sub-attribute of a core attribute",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "name.nickname", "value": "Babs" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "an unknown attribute under the enterprise URN",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize", "value": "42" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "a boolean that is not one",
            """{ "userName": "bjensen", "active": true }""",
            """[{ "op": "replace", "path": "active", "value": "banana" }]""",
            ScimErrorType.InvalidValue
        },
        {
            "a number for a boolean",
            """{ "userName": "bjensen", "active": true }""",
            """[{ "op": "replace", "value": { "active": 0 } }]""",
            ScimErrorType.InvalidValue
        },
        {
            "an object for a string",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "title", "value": { "text": "Tour Guide" } }]""",
            ScimErrorType.InvalidValue
        },
        {
            "a pathless add whose value is not an object",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "value": "Babs" }]""",
            ScimErrorType.InvalidValue
        },
        {
            "a whole extension given as a string",
            """{ "userName": "bjensen" }""",
            """[{ "op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": "Retail" }]""",
            ScimErrorType.InvalidValue
        },
        {
            "an unknown attribute inside a value filter",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "replace", "path": "emails[kind eq \"work\"].value", "value": "x@example.com" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "an unknown sub-attribute after a value filter",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\"].address", "value": "x@example.com" }]""",
            ScimErrorType.InvalidPath
        },
        {
            "replace of the read-only manager display name by path",
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "26118915" } } }""",
            """[{ "op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName", "value": "John Smith" }]""",
            ScimErrorType.Mutability
        },
        {
            "a string for a complex attribute",
            """{ "userName": "bjensen" }""",
            """[{ "op": "replace", "path": "name", "value": "Barbara Jensen" }]""",
            ScimErrorType.InvalidValue
        },
        {
            "an object for a value through a sub-attribute-less filter path",
            """{ "userName": "bjensen", "emails": [{ "value": "b@work.example", "type": "work" }] }""",
            """[{ "op": "replace", "path": "emails[type eq \"work\"]", "value": "x@example.com" }]""",
            ScimErrorType.InvalidValue
        },
        {
            "a second operation that fails fails the request",
            """{ "userName": "bjensen", "title": "Tour Guide" }""",
            """
            [
              { "op": "replace", "path": "title", "value": "Senior Tour Guide" },
              { "op": "replace", "path": "active", "value": "banana" }
            ]
            """,
            ScimErrorType.InvalidValue
        },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_patch_gives_the_expected_attributes(string description, string before, string operations, string after)
    {
        var result = Patch(Registry.User, before, operations);

        UnorderedJson.Equal(after, result.Attributes, description);
        Assert.Empty(result.Membership);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_patch_that_cannot_apply_fails_with_the_expected_scimType(string description, string before, string operations, string scimType)
    {
        var exception = Record.Exception(() => Patch(Registry.User, before, operations));

        var error = Assert.IsType<ScimException>(exception);
        Assert.True(
            error.Status == 400 && error.ScimType == scimType,
            $"{description}: expected 400 {scimType}, got {error.Status} {error.ScimType} ({error.Message})");
    }

    [Fact]
    public void Replace_with_the_enterprise_urn_as_path_keeps_the_extension_attributes_it_does_not_name()
    {
        // RFC 7644 §3.5.2.3: replacing a complex target leaves the sub-attributes the value does not name unchanged,
        // as a replace of `name`, or a pathless replace with the enterprise object, already does here.
        var result = Patch(
            Registry.User,
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "costCenter": "4130" } }""",
            """[{ "op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": { "department": "Tour Operations" } }]""");

        UnorderedJson.Equal(
            """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "costCenter": "4130", "department": "Tour Operations" } }""",
            result.Attributes);
    }

    [Fact]
    public void An_add_without_a_value_is_invalidValue_and_does_not_remove_the_attribute()
    {
        // RFC 7644 §3.5.2.1: add "MUST contain a value"; adding members without one is already refused.
        var error = Record.Exception(() => Patch(Registry.User, """{ "userName": "bjensen", "title": "Tour Guide" }""", """[{ "op": "add", "path": "title" }]"""));

        Assert.Equal(ScimErrorType.InvalidValue, Assert.IsType<ScimException>(error).ScimType);
    }

    [Fact]
    public void A_failed_patch_leaves_the_stored_attributes_untouched()
    {
        const string before = """{ "userName": "bjensen", "title": "Tour Guide", "emails": [{ "value": "b@work.example", "type": "work" }] }""";
        var resource = User(before);

        Assert.Throws<ScimException>(() => PatchEngine.Apply(resource, Operations("""
            [
              { "op": "replace", "path": "title", "value": "Senior Tour Guide" },
              { "op": "add", "path": "emails", "value": [{ "value": "b@home.example", "type": "home" }] },
              { "op": "remove", "path": "userName" }
            ]
            """), Registry.User));

        UnorderedJson.Equal(before, resource.Attributes);
    }

    [Fact]
    public void A_successful_patch_returns_a_new_document_and_leaves_the_input_untouched()
    {
        const string before = """{ "userName": "bjensen", "name": { "givenName": "Barbara" } }""";
        var resource = User(before);

        var result = PatchEngine.Apply(resource, Operations("""[{ "op": "replace", "path": "name.givenName", "value": "Babs" }]"""), Registry.User);

        UnorderedJson.Equal(before, resource.Attributes);
        Assert.Equal("Babs", (string?)result.Attributes["name"]?["givenName"]);
    }

    internal static PatchResult Patch(ResourceTypeDefinition type, string before, string operations) =>
        PatchEngine.Apply(Resource(type, before), Operations(operations), type);

    internal static IReadOnlyList<PatchOperation> Operations(string operations) =>
        PatchRequestReader.Read(
            new JsonObject { ["schemas"] = new JsonArray(ScimSchemas.PatchOp), ["Operations"] = JsonNode.Parse(operations) },
            maxOperations: 100);

    private static ScimResource User(string attributes) => Resource(Registry.User, attributes);

    private static ScimResource Resource(ResourceTypeDefinition type, string attributes) =>
        new("2819c223-7f76-453a-919d-413861904646", type.Name, JsonNode.Parse(attributes)!.AsObject(), new ResourceMeta(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1));
}
