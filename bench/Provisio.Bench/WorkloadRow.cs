namespace Provisio.Bench;

/// <summary>What a <c>sync</c> row measures, so Provisio's rows can be set against the baselines' rows of the same kind.</summary>
internal enum WorkloadKind
{
    Sync,
    Lookup,
    Patch,
    Paging,
    Membership,
}

/// <summary>One measured workload: on a baseline (<c>Limit</c> set) or on Provisio (peak RSS set).</summary>
internal sealed record WorkloadRow(string Name, WorkloadKind Kind, Throughput Result, string? Limit = null, double? PeakRssMb = null);
