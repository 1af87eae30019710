using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// JSON text for fuzz bodies, with three things System.Text.Json will not write: lone surrogate escapes, duplicate
/// property names and nesting deeper than its writer allows. Generators put ASCII markers in the tree; here they
/// become those constructs in the text.
/// </summary>
internal static partial class FuzzJson
{
    private const string DuplicatePrefix = "~~dup~~";

    public static string LoneSurrogateMarker(int codeUnit) => $"~~lone:{codeUnit:x4}~~";

    /// <summary>A property name that is written as <paramref name="name"/> again, beside the original.</summary>
    public static string DuplicateName(string name) => DuplicatePrefix + name;

    /// <summary>A value written as <paramref name="depth"/> nested arrays or objects.</summary>
    public static JsonNode DeepMarker(int depth, bool objects) => JsonValue.Create($"~~deep:{depth}:{(objects ? 'o' : 'a')}~~");

    public static string Serialize(JsonNode? node) => ResolveMarkers(node?.ToJsonString() ?? "null");

    /// <summary>JSON text with the markers turned into what they stand for.</summary>
    public static string ResolveMarkers(string text)
    {
        if (!text.Contains("~~", StringComparison.Ordinal))
        {
            return text;
        }
        text = LoneMarker().Replace(text, m => KnownBugs.GenerateLoneSurrogatesInJson ? "\\u" + m.Groups[1].Value : "\\ufffd");
        text = text.Replace("\"" + DuplicatePrefix, "\"", StringComparison.Ordinal);
        return DeepMarkerText().Replace(text, m => Nest(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value == "o"));
    }

    /// <summary>The text with lone surrogate markers turned into the (invalid UTF-16) code units themselves.</summary>
    public static string ResolveLoneSurrogates(string text) => text.Contains("~~lone:", StringComparison.Ordinal)
        ? LoneMarker().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
        : text;

    private static string Nest(int depth, bool objects)
    {
        var text = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++)
        {
            text.Append(objects ? "{\"a\":" : "[");
        }
        text.Append('1');
        for (var i = 0; i < depth; i++)
        {
            text.Append(objects ? '}' : ']');
        }
        return text.ToString();
    }

    [GeneratedRegex("~~lone:([0-9a-f]{4})~~")]
    private static partial Regex LoneMarker();

    [GeneratedRegex("\"~~deep:([0-9]+):([ao])~~\"")]
    private static partial Regex DeepMarkerText();
}
