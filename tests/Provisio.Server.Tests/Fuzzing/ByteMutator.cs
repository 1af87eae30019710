using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Byte-level damage to a request body: truncation, flipped, inserted or deleted bytes, invalid UTF-8, a BOM, NULs,
/// or nothing but random bytes.
/// </summary>
internal sealed class ByteMutator(Random random)
{
    private static readonly byte[][] Poison =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00],
        [0xEF, 0xBB, 0xBF], [0x22], [0x5C], [0x7B], [0x5D], [0x2C],
    ];

    public byte[] Mutate(byte[] body)
    {
        var bytes = new List<byte>(body);
        var mutations = random.Next(1, 4);
        for (var i = 0; i < mutations; i++)
        {
            MutateOnce(bytes);
        }
        var mutated = bytes.ToArray();
        if (!KnownBugs.GenerateInvalidUtf8InWellFormedJson && !Utf8.IsValid(mutated) && IsWellFormedJson(mutated))
        {
            // Cut before the first invalid byte: still damaged, no longer the known bug.
            return mutated[..FirstInvalidByte(mutated)];
        }
        if (!KnownBugs.GenerateLoneSurrogatesInJson && Utf8.IsValid(mutated) && IsWellFormedJson(mutated) && HasLoneSurrogate(mutated))
        {
            // A cut through "\uD83D\uDE00" leaves a lone surrogate escape: cut the body in half instead.
            return mutated[..(mutated.Length / 2)];
        }
        return mutated;
    }

    private static bool IsWellFormedJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasLoneSurrogate(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return HasLoneSurrogate(document.RootElement);
    }

    private static bool HasLoneSurrogate(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString() is null,
                JsonValueKind.Array => element.EnumerateArray().Any(HasLoneSurrogate),
                JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name is null || HasLoneSurrogate(p.Value)),
                _ => false,
            };
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static int FirstInvalidByte(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return at;
            }
            at += consumed;
        }
        return at;
    }

    public byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private void MutateOnce(List<byte> bytes)
    {
        var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
        switch (random.Next(8))
        {
            case 0 or 1:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 2 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 3:
                bytes.InsertRange(at, Poison[random.Next(Poison.Length)]);
                break;
            case 4 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                break;
            case 5:
                bytes.InsertRange(0, [0xEF, 0xBB, 0xBF]);
                break;
            case 6:
                bytes.InsertRange(at, RandomBytes(random.Next(1, 32)));
                break;
            default:
                if (bytes.Count > 0)
                {
                    bytes[at] = (byte)random.Next(256);
                }
                break;
        }
    }
}
