using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// An annotation's attributes as the snapshot keeps them: an immutable map from attribute name to value, compared
/// ordinally (case-sensitive), enumerated in insertion order. Its entries are one array of name/value pairs beside
/// the map itself (two objects, ≈ 80 bytes for two attributes) where a <see cref="Dictionary{TKey, TValue}"/> takes
/// three objects and ≈ 220 bytes: a batch of snapshots is read from memory once per validation, and attribute maps were
/// the largest share of what it reads. The store's snapshot builder and the JSON reader (<see cref="ModelJson"/>)
/// produce this type, with names and short values shared (<see cref="StringPool"/>); any other
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/> is accepted by the engine as well.
/// A value may be null (a JSON <c>null</c>).
/// </summary>
public sealed class AttributeDictionary : IReadOnlyDictionary<string, string>
{
    /// <summary>Above this many entries, lookups go through a hash index built on first use instead of a scan.</summary>
    private const int ScanLimit = 8;

    private readonly string?[] _pairs;
    private Dictionary<string, int>? _index;

    private AttributeDictionary(string?[] pairs) => _pairs = pairs;

    /// <summary>The map without attributes.</summary>
    public static AttributeDictionary Empty { get; } = new([]);

    /// <summary>The number of attributes.</summary>
    public int Count => _pairs.Length >> 1;

    /// <summary>The name of the attribute at <paramref name="index"/> (insertion order).</summary>
    public string KeyAt(int index) => _pairs[2 * index]!;

    /// <summary>The value of the attribute at <paramref name="index"/> (insertion order); null for a JSON null.</summary>
    public string? ValueAt(int index) => _pairs[(2 * index) + 1];

    /// <summary>
    /// A map of <paramref name="source"/>'s entries in their order; a later entry with the name of an earlier one
    /// replaces its value in place (as a dictionary's indexer would). Returns <paramref name="source"/> itself when it
    /// already is a map.
    /// </summary>
    public static AttributeDictionary From(IEnumerable<KeyValuePair<string, string>>? source)
    {
        switch (source)
        {
            case null:
                return Empty;
            case AttributeDictionary map:
                return map;
            case IReadOnlyCollection<KeyValuePair<string, string>> { Count: 0 }:
                return Empty;
        }

        var builder = new Builder(source is IReadOnlyCollection<KeyValuePair<string, string>> c ? c.Count : 4);
        foreach (var (key, value) in source)
        {
            builder.Set(key, value);
        }

        return builder.Build();
    }

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The attribute '{key}' is not set.");

    /// <inheritdoc />
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _pairs.Length; i += 2)
            {
                yield return _pairs[i]!;
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> Values
    {
        get
        {
            for (var i = 1; i < _pairs.Length; i += 2)
            {
                yield return _pairs[i]!;
            }
        }
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _pairs[(2 * index) + 1]! : null;
        return index >= 0;
    }

    /// <summary>The position of attribute <paramref name="key"/> (-1 when it is not set).</summary>
    public int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var pairs = _pairs;
        if (pairs.Length <= 2 * ScanLimit)
        {
            for (var i = 0; i < pairs.Length; i += 2)
            {
                if (string.Equals(pairs[i], key, StringComparison.Ordinal))
                {
                    return i >> 1;
                }
            }

            return -1;
        }

        return (_index ??= BuildIndex()).TryGetValue(key, out var found) ? found : -1;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            index[KeyAt(i)] = i;
        }

        return index;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            yield return new KeyValuePair<string, string>(_pairs[i]!, _pairs[i + 1]!);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Builds a map entry by entry (used by <see cref="From"/> and the JSON reader).</summary>
    internal struct Builder(int capacity)
    {
        private string?[] _pairs = new string?[2 * Math.Max(capacity, 1)];
        private int _count;

        /// <summary>
        /// Adds <paramref name="key"/>, or replaces its value when it was added before. Names and short values are kept
        /// as their shared instances (<see cref="StringPool"/>).
        /// </summary>
        public void Set(string key, string? value)
        {
            ArgumentNullException.ThrowIfNull(key);
            key = StringPool.Share(key);
            value = value is null ? null : StringPool.Share(value);
            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_pairs[2 * i], key, StringComparison.Ordinal))
                {
                    _pairs[(2 * i) + 1] = value;
                    return;
                }
            }

            if (2 * (_count + 1) > _pairs.Length)
            {
                Array.Resize(ref _pairs, _pairs.Length * 2);
            }

            _pairs[2 * _count] = key;
            _pairs[(2 * _count) + 1] = value;
            _count++;
        }

        public readonly AttributeDictionary Build() =>
            _count == 0 ? Empty : new AttributeDictionary(2 * _count == _pairs.Length ? _pairs : _pairs[..(2 * _count)]);
    }
}

/// <summary>
/// Reads an attribute map from a JSON object of string values (or nulls) and writes it back in order. Used wherever
/// an annotation's attributes are read from JSON (<see cref="AnnotationSnapshot.Attributes"/>).
/// </summary>
public sealed class AttributeDictionaryJsonConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(IReadOnlyDictionary<string, string>) || typeToConvert == typeof(AttributeDictionary);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Attributes must be a JSON object of names to string values, not {Describe(reader.TokenType)}.");
        }

        var builder = new AttributeDictionary.Builder(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = StringPool.ReadString(ref reader);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    builder.Set(key, StringPool.ReadString(ref reader));
                    break;
                case JsonTokenType.Null:
                    builder.Set(key, null);
                    break;
                default:
                    throw new JsonException($"The value of attribute '{key}' must be a string, not {Describe(reader.TokenType)}.");
            }
        }

        return builder.Build();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            if (text is null)
            {
                writer.WriteNull(key);
            }
            else
            {
                writer.WriteString(key, text);
            }
        }

        writer.WriteEndObject();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => token.ToString(),
    };
}
