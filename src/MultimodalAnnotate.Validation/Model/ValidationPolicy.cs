namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// A project's validation policy: every threshold of the four rules, with the documented defaults
/// (docs/validation-rules.md). Stored per project as a JSON document; properties missing from a stored
/// document take these defaults.
/// </summary>
public sealed record ValidationPolicy
{
    /// <summary>Temporal tolerance in seconds per modality pair, keyed "modalityA-modalityB" in enum order (e.g. "Video-Audio").</summary>
    public IReadOnlyDictionary<string, double> TemporalTolerance { get; init; } = new Dictionary<string, double>
    {
        ["Video-Audio"] = 0.100,
        ["Image-PointCloud"] = 0.050,
        ["Video-PointCloud"] = 0.050,
        ["Video-Text"] = 0.500,
        ["Audio-Text"] = 0.500,
        ["Image-Video"] = 0.050,
    };

    /// <summary>Tolerance used for a modality pair not listed in <see cref="TemporalTolerance"/>, in seconds.</summary>
    public double DefaultTemporalTolerance { get; init; } = 0.100;

    /// <summary>Minimum IoU between a cuboid projected into a camera and its linked 2D box.</summary>
    public double MinProjectionIoU { get; init; } = 0.5;

    /// <summary>Classes whose image objects must be mentioned in the item's text (empty: none required).</summary>
    public IReadOnlyList<string> RequiredTextMentionClasses { get; init; } = [];

    /// <summary>Whether every cuboid visible in a camera must have a 2D box there (and only those).</summary>
    public bool RequireBoxForVisibleCuboid { get; init; } = true;

    /// <summary>Whether per-class counts must agree across modalities.</summary>
    public bool RequireCountAgreement { get; init; } = true;

    /// <summary>
    /// Granularity pairs that may NOT be linked, per modality pair, as "Modality:Granularity|Modality:Granularity"
    /// (e.g. "Video:Frame|Audio:Clip").
    /// </summary>
    public IReadOnlyList<string> ForbiddenGranularityLinks { get; init; } =
        ["Video:Frame|Audio:Clip", "Image:Pixel|Text:Document", "Image:Pixel|Text:Sentence"];

    /// <summary>Minimum Cohen's/Fleiss' kappa before an annotator is flagged for recalibration.</summary>
    public double MinAnnotatorKappa { get; init; } = 0.75;

    /// <summary>The default policy.</summary>
    public static ValidationPolicy Default { get; } = new();
}
