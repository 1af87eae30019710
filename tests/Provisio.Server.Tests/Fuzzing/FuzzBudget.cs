using System.Globalization;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// The seed and the bounds of one fuzz run. The suite uses a fixed seed, so a change is never failed by a finding it did
/// not cause; <c>PROVISIO_FUZZ_SEED=random</c> explores (the seed is printed, so a failing run can be replayed with
/// <c>PROVISIO_FUZZ_SEED=&lt;seed&gt;</c>). A run stops after <c>PROVISIO_FUZZ_REQUESTS</c> requests or <c>PROVISIO_FUZZ_SECONDS</c>
/// seconds, whichever comes first, so that CI stays fast.
/// </summary>
internal sealed record FuzzBudget(int Seed, int MaxRequests, TimeSpan MaxDuration)
{
#if POSTGRES
    private const int DefaultSeconds = 20;
#else
    private const int DefaultSeconds = 40;
#endif

    private const int SuiteSeed = 20_261_129;

    public static FuzzBudget FromEnvironment() => new(
        Environment.GetEnvironmentVariable("PROVISIO_FUZZ_SEED") == "random" ? Random.Shared.Next() : Read("PROVISIO_FUZZ_SEED") ?? SuiteSeed,
        Read("PROVISIO_FUZZ_REQUESTS") ?? 3_000,
        TimeSpan.FromSeconds(Read("PROVISIO_FUZZ_SECONDS") ?? DefaultSeconds));

    public override string ToString() =>
        $"fuzz seed {Seed} (replay: PROVISIO_FUZZ_SEED={Seed}), at most {MaxRequests} requests or {MaxDuration.TotalSeconds:0} s";

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
