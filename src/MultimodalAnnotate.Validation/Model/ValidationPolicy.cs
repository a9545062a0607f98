namespace MultimodalAnnotate.Validation.Model;

/// <summary>How the perceptual distance between two colours is measured (both in CIE Lab, D65).</summary>
public enum ColourDistanceFormula
{
    /// <summary>CIEDE2000 (ΔE00): perceptually uniform; the default.</summary>
    Ciede2000,
    /// <summary>CIE76: Euclidean distance in Lab; larger numbers than ΔE00 for the same pair.</summary>
    Cie76,
}

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
    /// (e.g. "Video:Frame|Audio:Clip"). Either side may use <c>*</c> for any modality or granularity.
    /// </summary>
    public IReadOnlyList<string> ForbiddenGranularityLinks { get; init; } =
        ["Video:Frame|Audio:Clip", "Image:Pixel|Text:Document", "Image:Pixel|Text:Sentence"];

    /// <summary>Minimum Cohen's/Fleiss' kappa before an annotator is flagged for recalibration.</summary>
    public double MinAnnotatorKappa { get; init; } = 0.75;

    /// <summary>
    /// How far (seconds) a geometry's <see cref="Geometry.Time"/> may be from a real presentation timestamp
    /// of its video (or a stream boundary) and still count as sitting on that frame.
    /// </summary>
    public double FrameTimeEpsilon { get; init; } = 0.002;

    /// <summary>
    /// Modality pairs ("Audio-Text") whose time intervals, when linked one to one, describe the same interval and must
    /// start and end together within the pair's <see cref="TemporalTolerance"/> (TMP-008): a speech segment and its
    /// transcript turn. Only whole intervals take part: time segments on a stream and whole turns or cues of a timed
    /// text; an interval linked to several on the other modality (one turn, two utterances) is only checked for
    /// containment (TMP-001).
    /// </summary>
    public IReadOnlyList<string> AlignedBoundaries { get; init; } = ["Audio-Text"];

    /// <summary>
    /// Modality pairs ("Video|Audio") whose linked mentions must have the same granularity (empty: none).
    /// </summary>
    public IReadOnlyList<string> GranularityMustMatch { get; init; } = [];

    /// <summary>
    /// Fastest plausible object speed in m/s: a projection offset between a cuboid and its 2D box is said to be
    /// explained by the sweep↔frame time difference when covering it needs no more than this speed.
    /// </summary>
    public double MaxObjectSpeed { get; init; } = 40.0;

    /// <summary>Camera near plane in metres: cuboid parts closer than this (or behind the camera) are clipped away.</summary>
    public double CameraNearPlane { get; init; } = 0.1;

    /// <summary>
    /// A cuboid whose projected box has at least this fraction of its area inside the image (and is in front of
    /// the camera) is visible there and needs a 2D box.
    /// </summary>
    public double CuboidVisibleFraction { get; init; } = 0.5;

    /// <summary>A cuboid whose projected box has less than this fraction inside the image is not visible: a 2D box linked to it there is flagged.</summary>
    public double CuboidHiddenFraction { get; init; } = 0.05;

    /// <summary>Smallest projected box area (pixels²) for which a visible cuboid needs a 2D box (far-away objects are exempt).</summary>
    public double MinProjectedBoxArea { get; init; } = 25.0;

    /// <summary>
    /// When true, an image object counts as mentioned in the text only if its entity links a text annotation;
    /// when false (default), finding its class (or a synonym, ancestor or descendant) in the text through the lexicon is enough.
    /// </summary>
    public bool TextMentionMustBeLinked { get; init; }

    /// <summary>Classes whose sound sources are visible: audio events of these classes (or descendants) need a visual mention in their entity.</summary>
    public IReadOnlyList<string> VisualSourceClasses { get; init; } = [];

    /// <summary>
    /// Required counterparts, as "Modality:class->Modality" (class may be <c>*</c>): every annotation of that class (or a
    /// subclass) on the first modality must share an entity with a mention on the second, e.g. "Text:speech->Audio"
    /// (every transcript utterance has a speaker turn) or "Image:*->Text".
    /// </summary>
    public IReadOnlyList<string> RequiredLinks { get; init; } = [];

    /// <summary>Attribute that marks an image object as a crowd (COCO <c>iscrowd</c>): counts of its class become lower bounds.</summary>
    public string CrowdAttribute { get; init; } = "iscrowd";

    /// <summary>Formula for the perceptual colour distance.</summary>
    public ColourDistanceFormula ColourDistance { get; init; } = ColourDistanceFormula.Ciede2000;

    /// <summary>Colours closer than this (in <see cref="ColourDistance"/> units) are the same colour whatever their names.</summary>
    public double ColourSameMaxDistance { get; init; } = 10.0;

    /// <summary>Unrelated colour terms at least this far apart are an error; closer ones are a warning (e.g. teal vs blue ≈ 39 ΔE00, red vs blue ≈ 53 ΔE00).</summary>
    public double ColourErrorMinDistance { get; init; } = 45.0;

    /// <summary>Enumeration/boolean attributes that describe one modality's view (occlusion, truncation…) and need not agree across mentions.</summary>
    public IReadOnlyList<string> ModalitySpecificAttributes { get; init; } =
        ["occluded", "occlusion", "truncated", "truncation", "visible", "visibility", "iscrowd"];

    /// <summary>
    /// Guideline sections the rules cite, rule code → section anchor of the project's guidelines (e.g. "TMP-001" →
    /// "timing", the anchor of a "## Timing" heading). Reviewers see the cited section next to the rule's findings;
    /// the engine itself does not use it.
    /// </summary>
    public IReadOnlyDictionary<string, string> GuidelineSections { get; init; } = new Dictionary<string, string>();

    /// <summary>The default policy.</summary>
    public static ValidationPolicy Default { get; } = new();
}
