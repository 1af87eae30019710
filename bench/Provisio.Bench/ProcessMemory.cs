using System.Globalization;

namespace Provisio.Bench;

/// <summary>
/// A process's resident memory from Linux's /proc: what the operator pays for, unlike the managed heap, which leaves
/// out the runtime, native SQLite and the GC's reserve.
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now, in MB (VmRSS).</summary>
    public static double RssMb(int pid) => ReadMb(pid, "VmRSS:");

    /// <summary>Peak resident set size since start or the last <see cref="ResetPeak"/>, in MB (VmHWM).</summary>
    public static double PeakRssMb(int pid) => ReadMb(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current RSS, so the next peak belongs to the next workload (proc(5), clear_refs 5).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static double ReadMb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:	  123456 kB"
                var kilobytes = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }
}
