using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// Shares one instance of each short string that repeats across snapshots: labels, attribute names and short attribute
/// values ("car", "colour", "red", "true"). A reader that makes a new string per annotation spreads thousands of
/// copies of a few words over the heap, and validation reads every one of them; shared, they stay in the CPU caches
/// (15 % of a batch validation, measured with the readers' fresh strings against shared ones). A fixed-size table of
/// recent strings, safe from any thread: a lookup returns a string equal to the one asked for, the shared instance when
/// the table holds it. Strings longer than <see cref="MaxLength"/> characters are not shared.
/// </summary>
public static class StringPool
{
    /// <summary>The longest string shared (in UTF-16 code units).</summary>
    public const int MaxLength = 32;

    private const int Slots = 4096;
    private static readonly string?[] s_slots = new string?[Slots];

    /// <summary>The shared instance equal to <paramref name="value"/> (itself when it is long or seen first).</summary>
    public static string Share(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxLength)
        {
            return value;
        }

        ref var slot = ref s_slots[string.GetHashCode(value.AsSpan(), StringComparison.Ordinal) & (Slots - 1)];
        var held = Volatile.Read(ref slot);
        if (held is not null && string.Equals(held, value, StringComparison.Ordinal))
        {
            return held;
        }

        Volatile.Write(ref slot, value);
        return value;
    }

    /// <summary>The shared string of <paramref name="chars"/>, made only when the table does not hold it.</summary>
    public static string Share(ReadOnlySpan<char> chars)
    {
        if (chars.Length > MaxLength)
        {
            return new string(chars);
        }

        ref var slot = ref s_slots[string.GetHashCode(chars, StringComparison.Ordinal) & (Slots - 1)];
        var held = Volatile.Read(ref slot);
        if (held is not null && chars.SequenceEqual(held))
        {
            return held;
        }

        var made = new string(chars);
        Volatile.Write(ref slot, made);
        return made;
    }

    /// <summary>
    /// The current JSON string token as a shared string (as <see cref="Utf8JsonReader.GetString"/> would read it, without
    /// making a new string when the table holds it).
    /// </summary>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return reader.GetString()!;
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxLength)
        {
            // Escapes, values split across buffers and long values: read as usual, then shared when short.
            return Share(reader.GetString()!);
        }

        // Unescaped UTF-8 of at most MaxLength bytes decodes to at most MaxLength UTF-16 code units; invalid UTF-8 is
        // left to the reader, which rejects it as it always does.
        Span<char> chars = stackalloc char[MaxLength];
        return Utf8.ToUtf16(reader.ValueSpan, chars, out _, out var count, replaceInvalidSequences: false) == OperationStatus.Done
            ? Share(chars[..count])
            : reader.GetString()!;
    }
}

/// <summary>Reads a JSON string as a shared string (<see cref="StringPool"/>); writes it as usual. Used for labels.</summary>
public sealed class SharedStringJsonConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? StringPool.ReadString(ref reader)
            : throw new JsonException($"A string is expected, not {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
