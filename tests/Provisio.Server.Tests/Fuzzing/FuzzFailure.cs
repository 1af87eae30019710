using System.Text;
using System.Text.RegularExpressions;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>A response that broke a rule, with the request that caused it.</summary>
internal sealed partial record FuzzFailure(int Index, FuzzRequest Request, int? Status, string Response, IReadOnlyList<string> Problems)
{
    public override string ToString() =>
        $"#{Index} [{Request.Kind}] {string.Join("; ", Problems)}\n  {Request.Describe()}\n  -> {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response"} {FuzzRequest.Cut(Response, 600)}";

    /// <summary>All failures, grouped by problem so one bug does not hide the others; the first few of each in full.</summary>
    public static string Report(IReadOnlyList<FuzzFailure> failures, FuzzBudget budget)
    {
        var report = new StringBuilder().Append(failures.Count).Append(" fuzz failures, ").Append(budget).AppendLine();
        foreach (var group in failures.GroupBy(f => $"{f.Status} {string.Join("; ", f.Problems.Select(Shape))}").OrderByDescending(g => g.Count()))
        {
            report.AppendLine().Append("== ").Append(group.Count()).Append(" x ").AppendLine(group.Key);
            foreach (var failure in group.Take(3))
            {
                report.AppendLine(failure.ToString());
            }
        }
        return report.ToString();
    }

    /// <summary>A problem without its particulars (the text of an exception message after '(').</summary>
    private static string Shape(string problem) => Particulars().Replace(problem.Split(" (", 2)[0], "…");

    /// <summary>The parts of an exception message that name the input: the key, the byte, the code unit.</summary>
    [GeneratedRegex(@"Key: \S+|'0x[0-9A-Fa-f]+'|\[[0-9A-F ]+\] at index \d+|line \d+")]
    private static partial Regex Particulars();
}
