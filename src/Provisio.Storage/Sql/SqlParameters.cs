namespace Provisio.Storage.Sql;

/// <summary>The parameters of one SQL statement: every value is bound, never spliced into the text.</summary>
public sealed class SqlParameters
{
    private readonly List<KeyValuePair<string, object?>> values = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Values => values;

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Bind(object? value)
    {
        var name = $"@p{values.Count}";
        values.Add(new(name, value));
        return name;
    }
}
