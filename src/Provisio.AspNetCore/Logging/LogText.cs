using System.Text;

namespace Provisio.AspNetCore.Logging;

/// <summary>
/// Makes request text safe to log: control characters (CR, LF, ESC…) and Unicode line separators become <c>\uXXXX</c>,
/// so nobody can start a forged log line or recolour a terminal through a URL.
/// </summary>
public static class LogText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsEscape))
        {
            return text ?? "";
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                escaped.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
