using System.Globalization;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// The seed and the bounds of one fuzz run: a new seed each run unless <c>PROVISIO_FUZZ_SEED</c> fixes one (printed, so a
/// failing run can be replayed), and a stop after <c>PROVISIO_FUZZ_REQUESTS</c> requests or <c>PROVISIO_FUZZ_SECONDS</c>
/// seconds, whichever comes first, so that CI stays fast.
/// </summary>
internal sealed record FuzzBudget(int Seed, int MaxRequests, TimeSpan MaxDuration)
{
#if POSTGRES
    private const int DefaultSeconds = 20;
#else
    private const int DefaultSeconds = 40;
#endif

    public static FuzzBudget FromEnvironment() => new(
        Read("PROVISIO_FUZZ_SEED") ?? Random.Shared.Next(),
        Read("PROVISIO_FUZZ_REQUESTS") ?? 3_000,
        TimeSpan.FromSeconds(Read("PROVISIO_FUZZ_SECONDS") ?? DefaultSeconds));

    public override string ToString() =>
        $"fuzz seed {Seed} (replay: PROVISIO_FUZZ_SEED={Seed}), at most {MaxRequests} requests or {MaxDuration.TotalSeconds:0} s";

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}
