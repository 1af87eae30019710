using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisio.Server.Tests.Support;
using Provisio.Server.Webhooks;

namespace Provisio.Server.Tests.Webhooks.Docs;

/// <summary>
/// docs/webhooks.md as code: its C#, Node and Python verifiers, taken from the page itself, must accept exactly the
/// genuine deliveries that Provisio signs; its test vector, payload and settings table must be what the product does.
/// </summary>
public sealed partial class WebhookDocsTests
{
    private const string NodeDriver = """
        const fs = require("node:fs");
        const { verify } = require("./verify.js");
        const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
        console.log(JSON.stringify(cases.map((c) => verify(Buffer.from(c.body, "base64"), c.header ?? undefined, c.secret, c.now))));
        """;

    private const string PythonDriver = """
        import base64
        import json
        import sys

        from verify import verify

        with open(sys.argv[1], encoding="utf-8") as file:
            cases = json.load(file)
        print(json.dumps([verify(base64.b64decode(c["body"]), c["header"], c["secret"], c["now"]) for c in cases]))
        """;

    private static readonly DocsPage Page = DocsPage.Read("webhooks.md");

    [Fact]
    public void CSharp_block_of_the_doc_is_the_verifier_these_tests_run()
    {
        var file = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Page.Path)!, "..",
            "tests", "Provisio.Server.Tests", "Webhooks", "Docs", "WebhookVerifier.cs"));
        // The test copy only adds its namespace and a comment at the margin saying where it comes from.
        var code = string.Join('\n', file.ReplaceLineEndings("\n").Split('\n')
            .Where(line => !line.StartsWith("namespace ", StringComparison.Ordinal) && !line.StartsWith("// ", StringComparison.Ordinal)));

        Assert.Equal(Normalised(Page.Snippet("verify-csharp")), Normalised(code));
    }

    [Theory]
    [MemberData(nameof(SignatureCases.Names), MemberType = typeof(SignatureCases))]
    public void CSharp_verifier_accepts_only_genuine_deliveries(string name)
    {
        var delivery = SignatureCases.Get(name);

        Assert.Equal(delivery.Accepted, WebhookVerifier.Verify(delivery.Body, delivery.Header, delivery.Secret, delivery.Now));
    }

    [InterpreterFact("node")]
    public async Task Node_verifier_of_the_doc_accepts_only_genuine_deliveries() =>
        await RunSnippet("node", "verify-node", "verify.js", NodeDriver, "driver.js");

    [InterpreterFact("python3")]
    public async Task Python_verifier_of_the_doc_accepts_only_genuine_deliveries() =>
        await RunSnippet("python3", "verify-python", "verify.py", PythonDriver, "driver.py");

    [Fact]
    public void Test_vector_of_the_doc_is_what_Provisio_signs()
    {
        var vector = Page.Snippet("vector").TrimEnd('\n').Split('\n')
            .Select(line => VectorLine().Match(line))
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value);
        var at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(vector["t"], CultureInfo.InvariantCulture));
        var body = Encoding.UTF8.GetBytes(vector["body"]);

        Assert.Equal($"{vector["t"]}.{vector["body"]}", vector["signed"]);
        Assert.Equal(vector["header"], WebhookSignature.Create(at, body, [vector["secret"]]));
        Assert.True(WebhookVerifier.Verify(body, vector["header"], vector["secret"], at));
    }

    [Fact]
    public void Payload_example_of_the_doc_is_what_the_event_JSON_writer_produces()
    {
        var doc = PayloadExample.FromDoc();
        var written = JsonNode.Parse(PayloadExample.Body())!.AsObject();

        Assert.Equal(doc.Select(property => property.Key), written.Select(property => property.Key));
        Assert.True(JsonNode.DeepEquals(doc, written), $"The doc shows\n{doc}\nbut the writer produces\n{written}");
    }

    [Fact]
    public void Settings_table_of_the_doc_lists_every_webhook_option_with_its_default()
    {
        var defaults = new WebhookOptions();
        var expected = typeof(WebhookOptions).GetProperties()
            .Select(property => (property.Name, Value: Format(property.GetValue(defaults))))
            .OrderBy(setting => setting.Name, StringComparer.Ordinal);
        var documented = Page.Table("| setting | default | meaning |")
            .Select(cells => (Name: cells[0].Trim('`'), Value: cells[1].Trim('`')))
            .OrderBy(setting => setting.Name, StringComparer.Ordinal);

        Assert.Equal(expected, documented);
    }

    private static async Task RunSnippet(string interpreter, string snippet, string module, string driver, string script)
    {
        var directory = Directory.CreateTempSubdirectory("provisio-webhook-docs-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, module), Page.Snippet(snippet));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, script), driver + "\n");
            var cases = Path.Combine(directory.FullName, "cases.json");
            await File.WriteAllTextAsync(cases, JsonSerializer.Serialize(SignatureCases.All.Select(c => new
            {
                body = Convert.ToBase64String(c.Body),
                header = c.Header,
                secret = c.Secret,
                now = c.Now.ToUnixTimeSeconds(),
            })));

            var output = await Interpreters.RunAsync(interpreter, Path.Combine(directory.FullName, script), cases);

            var answers = JsonSerializer.Deserialize<bool[]>(output)!;
            Assert.Equal(SignatureCases.All.Count, answers.Length);
            var wrong = SignatureCases.All.Zip(answers)
                .Where(pair => pair.First.Accepted != pair.Second)
                .Select(pair => $"{pair.First.Name}: {(pair.Second ? "accepted" : "refused")}")
                .ToList();
            Assert.True(wrong.Count == 0, $"The {interpreter} snippet of {Page.Path} got these wrong:\n" + string.Join('\n', wrong));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Normalised(string code) => Whitespace().Replace(code, " ").Trim();

    private static string Format(object? value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => $"{value}",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?<name>\S+) +(?<value>.*)$")]
    private static partial Regex VectorLine();
}
