using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Domain;

/// <summary>The review workflow of an item (DESIGN.md §2).</summary>
public enum ItemStatus
{
    Annotating,
    Submitted,
    Flagged,
    Clean,
    InReview,
    Approved,
    Returned,
    QaSampled,
    Accepted,
}

/// <summary>One multimodal data point: its assets share one timeline.</summary>
public class Item
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public Guid BatchId { get; set; }
    public string Name { get; set; } = "";
    public ItemStatus Status { get; set; } = ItemStatus.Annotating;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Cross-modal units in scope (entities plus annotations the policy says must be linked).</summary>
    public int UnitsInScope { get; set; }

    /// <summary>Units with at least one open error-severity finding.</summary>
    public int UnitsWithError { get; set; }

    /// <summary>UnitsWithError / UnitsInScope, or null before the first validation.</summary>
    public double? SyncErrorRate { get; set; }
    public DateTimeOffset? ValidatedAt { get; set; }

    /// <summary>The project's rules version the stored findings were computed with.</summary>
    public int ValidatedRulesVersion { get; set; }

    /// <summary>
    /// Identifies the validation inputs (assets, annotations, entities, relations, findings) as the last on-save
    /// validation saw them; null once anything else changed them. An in-memory snapshot is reused only while its
    /// stamp equals this one (ADR-008).
    /// </summary>
    public Guid? SnapshotStamp { get; set; }

    /// <summary>Optimistic concurrency for workflow transitions.</summary>
    public int Version { get; set; } = 1;

    public List<Asset> Assets { get; set; } = [];
    public List<ItemAssignment> Assignments { get; set; } = [];
}

/// <summary>Who labels an item: the primary annotator, or one of several blind overlap annotators.</summary>
public class ItemAssignment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }
    public string UserId { get; set; } = "";
    public bool IsOverlap { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
}

/// <summary>Where an asset is in the media pipeline.</summary>
public enum AssetStatus
{
    Pending,
    Processing,
    Ready,
    Failed,
}

/// <summary>
/// One sensor/channel of an item. Its <see cref="TimeBase"/> places it on the item's shared timeline;
/// cameras and LiDARs carry <see cref="Calibration"/>.
/// </summary>
public class Asset
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }
    public Modality Modality { get; set; }

    /// <summary>Sensor or channel name, unique within the item (e.g. "cam_front", "lidar_top", "caption").</summary>
    public string Sensor { get; set; } = "";

    /// <summary>Key of the media file in the media store (generated, never from the user); null for inline text.</summary>
    public string? MediaKey { get; set; }
    public string? OriginalFileName { get; set; }
    public string? ContentType { get; set; }
    public long SizeBytes { get; set; }
    public TimeBase TimeBase { get; set; } = new Untimed();
    public Calibration? Calibration { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }

    /// <summary>Stream duration in seconds (video, audio), or null.</summary>
    public double? Duration { get; set; }

    /// <summary>The text of a text asset (document, captions joined, dialogue turns joined).</summary>
    public string? TextContent { get; set; }
    public AssetStatus Status { get; set; } = AssetStatus.Ready;
    public string? FailureReason { get; set; }

    /// <summary>Probe results and derived media keys (thumbnails, peaks, projections) as JSON.</summary>
    public string? MediaInfoJson { get; set; }
    public int SortOrder { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
