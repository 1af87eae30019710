using System.Text;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Strings that are hard on a parser: unicode from every plane, control characters, lone surrogates, quotes and
/// backslashes, very long runs. A lone surrogate cannot pass through System.Text.Json's writer, so it is written as a
/// marker that <see cref="FuzzJson.Serialize"/> turns into a <c>\uD800</c>-style escape in the JSON text.
/// </summary>
internal sealed class RandomText(Random random)
{
    private static readonly string[] Specials =
    [
        "", " ", "\"", "\\", "\\\"", "'", "\0", "\n", "\r\n", "\t", "\u001f", "\u007f", "\u0085", "\u00a0", "\u200b",
        "\u200e", "\u202e", "\u2028", "\ufeff", "\uffff", "\ufffd", "é", "É", "ß", "İ", "ı", "Σ", "ς", "ﬃ", "日本語",
        "😀", "👩‍👩‍👧", "𝔘", "null", "true", "0", "-1", "NaN", "Infinity", "1e309", "%00", "%", "%zz", "+", "&", "=",
        "?", "#", "/", "..", "../..", "'; DROP TABLE resources; --", "' OR '1'='1", "%' OR 1=1 --", "_", "*", "[", "]",
        "(", ")", "{", "}", "$ref", "__proto__", "constructor", "eq", "or", "and", "not",
    ];

    public Random Random { get; } = random;

    /// <summary>A marker for one lone surrogate (high or low), replaced by an escape when serialized.</summary>
    public string LoneSurrogate() => FuzzJson.LoneSurrogateMarker(Random.Next(2) == 0 ? Random.Next(0xD800, 0xDC00) : Random.Next(0xDC00, 0xE000));

    /// <summary>A short-to-medium string from a random mix of sources.</summary>
    public string Next()
    {
        var next = Any();
        return KnownBugs.GenerateNulInStrings ? next : next.Replace("\0", "", StringComparison.Ordinal);
    }

    private string Any()
    {
        return Random.Next(12) switch
        {
            0 => Specials[Random.Next(Specials.Length)],
            1 => Long(Random.Next(3) == 0 ? 70_000 : Random.Next(256, 5_000)),
            2 => Unicode(Random.Next(1, 40)),
            3 => Controls(Random.Next(1, 10)),
            4 => Ascii(Random.Next(1, 30)) + LoneSurrogate() + Ascii(Random.Next(0, 5)),
            5 => string.Concat(Enumerable.Range(0, Random.Next(2, 6)).Select(_ => Specials[Random.Next(Specials.Length)])),
            6 => Random.Next(-1_000_000, 1_000_000).ToString(),
            7 => $"{Ascii(Random.Next(1, 12))}@{Ascii(Random.Next(1, 8))}.example",
            _ => Ascii(Random.Next(0, 24)),
        };
    }

    public string Ascii(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@+ ";
        return string.Create(length, Random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    /// <summary>Valid scalar values from the BMP and the astral planes (no lone surrogates).</summary>
    public string Unicode(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var scalar = Random.Next(4) switch
            {
                0 => Random.Next(0x80, 0x800),
                1 => Random.Next(0x800, 0xD800),
                2 => Random.Next(0xE000, 0x10000),
                _ => Random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(scalar));
        }
        return text.ToString();
    }

    public string Controls(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => (char)Random.Next(0, 0x20)));

    public string Long(int length) => LongUpTo(KnownBugs.GenerateLongStrings ? length : Math.Min(length, 800));

    private string LongUpTo(int length) => Random.Next(3) switch
    {
        0 => new string('a', length),
        // Cut where no surrogate pair is split: lone surrogates come only from LoneSurrogate().
        1 => string.Concat(Enumerable.Repeat("é😀\"\\", (length / 5) + 1))[..length].TrimEnd('\ud83d'),
        _ => Ascii(length),
    };

    /// <summary>Flips the case of some letters, as IdPs send <c>Replace</c> for <c>replace</c> and worse.</summary>
    public string FlipCase(string text) => string.Create(text.Length, (text, Random), (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            var c = state.text[i];
            span[i] = state.Random.Next(2) == 0 ? c : char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
        }
    });

    /// <summary>A well-formed id that (almost surely) names nothing, drawn from the seeded generator.</summary>
    public string Guid()
    {
        var bytes = new byte[16];
        Random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(int percent) => Random.Next(100) < percent;
}
