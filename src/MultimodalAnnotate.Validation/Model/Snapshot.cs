namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// One asset of an item as the engine sees it. <paramref name="Content"/> is the text of a text asset;
/// <paramref name="Width"/>/<paramref name="Height"/> are the pixel size of images and video frames.
/// </summary>
public sealed record AssetSnapshot(
    Guid Id,
    Modality Modality,
    string Sensor,
    TimeBase TimeBase,
    Calibration? Calibration = null,
    int? Width = null,
    int? Height = null,
    string? Content = null);

/// <summary>
/// One annotation: a label (an ontology class name) and attributes with one geometry on one asset. Readers build the
/// attributes as an <see cref="AttributeDictionary"/> and share labels (<see cref="StringPool"/>); any read-only dictionary
/// with ordinal keys is accepted.
/// </summary>
public sealed record AnnotationSnapshot(
    Guid Id,
    Guid AssetId,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(SharedStringJsonConverter))]
    string Label,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(AttributeDictionaryJsonConverter))]
    IReadOnlyDictionary<string, string> Attributes,
    Geometry Geometry,
    string? Author = null);

/// <summary>One real-world object or event within the item; its mentions are annotations in any modality.</summary>
public sealed record EntitySnapshot(Guid Id, string? Name, IReadOnlyList<Guid> Mentions);

/// <summary>A typed relation between two annotations (describes, speaks, causes…).</summary>
public sealed record RelationSnapshot(Guid Id, string Type, Guid FromAnnotationId, Guid ToAnnotationId);

/// <summary>An immutable snapshot of one item: everything validation needs, nothing else.</summary>
public sealed record ItemSnapshot(
    Guid Id,
    IReadOnlyList<AssetSnapshot> Assets,
    IReadOnlyList<AnnotationSnapshot> Annotations,
    IReadOnlyList<EntitySnapshot> Entities,
    IReadOnlyList<RelationSnapshot> Relations);
