namespace Provisio.Server.Tests.Webhooks.Docs;

/// <summary>
/// A page of the repository's docs/ folder, read from the working tree (not copied to the output), so a test always
/// sees the text a reader sees. A block is found by the <c>&lt;!-- snippet: name --&gt;</c> comment above its fence.
/// </summary>
public sealed class DocsPage
{
    private readonly string[] lines;

    private DocsPage(string path, string text)
    {
        Path = path;
        lines = text.ReplaceLineEndings("\n").Split('\n');
    }

    public string Path { get; }

    public static DocsPage Read(string name)
    {
        var path = System.IO.Path.Combine(RepositoryRoot(), "docs", name);
        return new DocsPage(path, File.ReadAllText(path));
    }

    /// <summary>The text inside the fenced block that follows <c>&lt;!-- snippet: name --&gt;</c>, ending with a newline.</summary>
    public string Snippet(string name)
    {
        var marker = Array.IndexOf(lines, $"<!-- snippet: {name} -->");
        Assert.True(marker >= 0, $"{Path} has no '<!-- snippet: {name} -->'.");
        var open = marker + 1;
        Assert.True(open < lines.Length && lines[open].StartsWith("```", StringComparison.Ordinal),
            $"The snippet '{name}' of {Path} is not followed by a fenced block on the next line.");
        var close = Array.IndexOf(lines, "```", open + 1);
        Assert.True(close > open, $"The block of snippet '{name}' in {Path} is never closed.");
        return string.Join('\n', lines[(open + 1)..close]) + "\n";
    }

    /// <summary>The rows of the first Markdown table whose header row is <paramref name="header"/>, as cells.</summary>
    public IReadOnlyList<string[]> Table(string header)
    {
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"{Path} has no table headed '{header}'.");
        return lines.Skip(start + 2)
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray())
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Provisio.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Provisio.slnx above {AppContext.BaseDirectory}: the docs are not there.");
    }
}
