using System.Text.Json;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>An annotation as the UI and the API see it (label by name, derived facts included).</summary>
public sealed record AnnotationView(
    Guid Id,
    Guid ItemId,
    Guid AssetId,
    string Label,
    IReadOnlyDictionary<string, string> Attributes,
    Geometry Geometry,
    Guid? EntityId,
    double? TimeStart,
    double? TimeEnd,
    Granularity Granularity,
    string AuthorId,
    int Version,
    DateTimeOffset UpdatedAt)
{
    public static AnnotationView From(Annotation a, string label) => new(
        a.Id, a.ItemId, a.AssetId, label, a.Attributes, a.Geometry, a.EntityId,
        a.TimeStart, a.TimeEnd, a.Granularity, a.AuthorId, a.Version, a.UpdatedAt);

    /// <summary>The JSON recorded in history rows (before/after).</summary>
    public string ToHistoryJson() => JsonSerializer.Serialize(this, ModelJson.Options);
}

/// <summary>An entity and its mentions.</summary>
public sealed record EntityView(Guid Id, Guid ItemId, string Name, IReadOnlyList<Guid> Mentions, int Version)
{
    public string ToHistoryJson() => JsonSerializer.Serialize(this, ModelJson.Options);
}
