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

    /// <summary>Maps a property as a JSON document compared by its serialised form.</summary>
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
    {
        var converter = new ValueConverter<T, string>(
            v => JsonSerializer.Serialize(v, ModelJson.Options),
            s => JsonSerializer.Deserialize<T>(s, ModelJson.Options)!);
        var comparer = new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, ModelJson.Options) == JsonSerializer.Serialize(b, ModelJson.Options),
            v => JsonSerializer.Serialize(v, ModelJson.Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, ModelJson.Options), ModelJson.Options)!);
        property.HasConversion(converter, comparer);
        property.HasAnnotation(MarkerAnnotation, true);
        return property;
    }
}
