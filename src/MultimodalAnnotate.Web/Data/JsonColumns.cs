using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Data;

/// <summary>
/// Value objects (geometry, time base, calibration, policy, attribute maps) are stored as JSON documents:
/// <c>jsonb</c> on PostgreSQL, TEXT on SQLite. They are polymorphic records, which EF's complex JSON
/// mapping cannot express, so a converter with the model's own <see cref="ModelJson"/> options is used (ADR-004).
/// </summary>
internal static class JsonColumns
{
    public static void Apply(ModelBuilder builder, bool postgres)
    {
        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property.FindAnnotation(MarkerAnnotation) is null)
                {
                    continue;
                }
                property.SetColumnType(postgres ? "jsonb" : "TEXT");
            }
        }
    }

    public const string MarkerAnnotation = "MultimodalAnnotate:Json";

    /// <summary>
    /// True when two values serialise to the same document. EF asks this for every tracked JSON property on every
    /// change detection (three times per save), so the cheap exact answers come first: the same instance; lists and
    /// attribute maps entry by entry in order (as they serialise); a record equal by value (its lists, if any, are the
    /// same instances). Only a record that differs by value, or holds lists that are other instances, is serialised.
    /// </summary>
    internal static bool SameDocument<T>(T a, T b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null)
        {
            return false;
        }
        return (a, b) switch
        {
            (Dictionary<string, string> x, Dictionary<string, string> y) => SameEntries(x, y),
            (List<string> x, List<string> y) => x.SequenceEqual(y, StringComparer.Ordinal),
            (List<Guid> x, List<Guid> y) => x.SequenceEqual(y),
            _ => a.Equals(b) || JsonSerializer.Serialize(a, ModelJson.Options) == JsonSerializer.Serialize(b, ModelJson.Options),
        };
    }

    /// <summary>The same keys and values in the same order (ordinal), as they would serialise.</summary>
    private static bool SameEntries(Dictionary<string, string> x, Dictionary<string, string> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }
        using var other = y.GetEnumerator();
        foreach (var (key, value) in x)
        {
            if (!other.MoveNext() || !string.Equals(key, other.Current.Key, StringComparison.Ordinal) || !string.Equals(value, other.Current.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Maps a property as a JSON document compared by its serialised form.</summary>
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
    {
        var converter = new ValueConverter<T, string>(
            v => JsonSerializer.Serialize(v, ModelJson.Options),
            s => JsonSerializer.Deserialize<T>(s, ModelJson.Options)!);
        var comparer = new ValueComparer<T>(
            (a, b) => SameDocument(a, b),
            v => JsonSerializer.Serialize(v, ModelJson.Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, ModelJson.Options), ModelJson.Options)!);
        property.HasConversion(converter, comparer);
        property.HasAnnotation(MarkerAnnotation, true);
        return property;
    }
}
