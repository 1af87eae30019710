using System.Globalization;

namespace Provisio.Server.Tests.Operations;

/// <summary>A Prometheus text exposition, read line by line: enough to find a series by name and labels.</summary>
public sealed class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>The value of the series <paramref name="name"/> whose labels include all of <paramref name="labels"/>, or null.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        foreach (var line in Text.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                continue;
            }
            var close = line.LastIndexOf('}');
            var labelText = line[(name.Length + 1)..close];
            if (labels.All(l => labelText.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                var value = line[(close + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
