namespace MultimodalAnnotate.Validation.Model;

/// <summary>The kind of sensor or channel an asset comes from.</summary>
public enum Modality
{
    /// <summary>A still camera image.</summary>
    Image,
    /// <summary>A video stream (frames with their own presentation timestamps).</summary>
    Video,
    /// <summary>An audio stream.</summary>
    Audio,
    /// <summary>A text: document, caption list or dialogue transcript.</summary>
    Text,
    /// <summary>A 3D point cloud, e.g. one LiDAR sweep.</summary>
    PointCloud,
}

/// <summary>How fine-grained an annotation is (DESIGN.md §2), from finest to coarsest.</summary>
public enum Granularity
{
    /// <summary>Per-pixel (masks).</summary>
    Pixel,
    /// <summary>One object or region (boxes, polygons, keypoints, cuboids, tracks).</summary>
    Region,
    /// <summary>One whole frame, image or sweep.</summary>
    Frame,
    /// <summary>A time segment of a stream.</summary>
    Segment,
    /// <summary>A whole clip or stream.</summary>
    Clip,
    /// <summary>A token or span inside a text.</summary>
    Span,
    /// <summary>A whole sentence, caption cue or dialogue turn.</summary>
    Sentence,
    /// <summary>A whole document.</summary>
    Document,
}

/// <summary>How serious a finding is.</summary>
public enum Severity
{
    /// <summary>Worth knowing; never blocks.</summary>
    Info,
    /// <summary>Probably wrong; a reviewer should look.</summary>
    Warning,
    /// <summary>Wrong; counts towards the sync-error rate.</summary>
    Error,
}

/// <summary>The four kinds of sync error (DESIGN.md §1).</summary>
public enum FindingType
{
    /// <summary>Mentions disagree in time, or a 3D/2D pair disagrees in space.</summary>
    Temporal,
    /// <summary>Labels or attributes disagree under the ontology.</summary>
    Semantic,
    /// <summary>A required counterpart in another modality is missing.</summary>
    MissingReference,
    /// <summary>Linked annotations have incompatible granularities.</summary>
    Granularity,
}
