using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Domain;

/// <summary>
/// A label from the ontology with attributes and one geometry on one asset. Time extent and granularity
/// are derived from the geometry and the asset's time base when it is saved.
/// </summary>
public class Annotation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }
    public Guid AssetId { get; set; }
    public Guid ClassId { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = [];
    public Geometry Geometry { get; set; } = new Classification();

    /// <summary>The geometry's kind (box2d, cuboid…), kept as a column for queries.</summary>
    public string GeometryKind { get; set; } = "classification";

    /// <summary>Derived: start of the time extent on the shared timeline (seconds), or null when timeless.</summary>
    public double? TimeStart { get; set; }

    /// <summary>Derived: end of the time extent on the shared timeline (seconds), or null when timeless.</summary>
    public double? TimeEnd { get; set; }

    /// <summary>Derived from modality and geometry.</summary>
    public Granularity Granularity { get; set; }

    /// <summary>The entity this annotation is a mention of, if linked.</summary>
    public Guid? EntityId { get; set; }

    /// <summary>For overlap (consensus) work, the annotator's own assignment; null for the item's main set.</summary>
    public Guid? AssignmentId { get; set; }

    public string AuthorId { get; set; } = "";
    public string? UpdatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: incremented on every change; a write carrying an older version is a conflict.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>One real-world object or event within an item; its mentions are annotations across modalities.</summary>
public class Entity
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }
    public string Name { get; set; } = "";
    public Guid? AssignmentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency, incremented when mentions are linked or unlinked or the entity is renamed.</summary>
    public int Version { get; set; } = 1;
}

/// <summary>A typed pairwise relation between annotations (describes, speaks, causes…).</summary>
public class Relation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }
    public string Type { get; set; } = "";
    public Guid FromAnnotationId { get; set; }
    public Guid ToAnnotationId { get; set; }
    public string AuthorId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
