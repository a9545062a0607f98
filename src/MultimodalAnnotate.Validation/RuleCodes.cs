using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation;

/// <summary>One rule: its stable code, the finding type, its default severity and a one-line title (docs/validation-rules.md).</summary>
public sealed record RuleInfo(string Code, FindingType Type, Severity DefaultSeverity, string Title);

/// <summary>The stable rule codes of every finding the engine produces. Codes never change meaning once released.</summary>
public static class RuleCodes
{
    /// <summary>Mentions of one entity in two modalities are out of step by more than the pair's tolerance.</summary>
    public const string MentionsOutOfStep = "TMP-001";
    /// <summary>A geometry on a video (or sweep sequence) sits at a time with no frame.</summary>
    public const string BetweenFrames = "TMP-002";
    /// <summary>An annotation lies before the start or past the end of its stream or text.</summary>
    public const string OutsideStream = "TMP-003";
    /// <summary>A label on a dialogue turn does not fall inside that turn.</summary>
    public const string OutsideTurn = "TMP-004";
    /// <summary>A span in a dialogue crosses a turn boundary (two speakers).</summary>
    public const string CrossesTurns = "TMP-005";
    /// <summary>A cuboid projected into a camera does not match its linked 2D box.</summary>
    public const string ProjectionMismatch = "TMP-006";
    /// <summary>A time segment or text span ends before it starts.</summary>
    public const string ReversedRange = "TMP-007";
    /// <summary>Two intervals linked one to one (a speech segment and its transcript turn) do not start and end together.</summary>
    public const string BoundariesOutOfStep = "TMP-008";

    /// <summary>Mentions of one entity are labelled with an ancestor/descendant (or overlapping) class.</summary>
    public const string BroaderNarrower = "SEM-001";
    /// <summary>Mentions of one entity carry disjoint classes.</summary>
    public const string DisjointClasses = "SEM-002";
    /// <summary>Mentions of one entity carry unrelated classes.</summary>
    public const string UnrelatedClasses = "SEM-003";
    /// <summary>A text span's label disagrees with its own wording.</summary>
    public const string LabelVersusWording = "SEM-004";
    /// <summary>A text span's wording disagrees with the entity's other mentions.</summary>
    public const string WordingVersusMentions = "SEM-005";
    /// <summary>Colour attributes of one entity are neighbouring but different colours.</summary>
    public const string ColourNear = "SEM-006";
    /// <summary>Colour attributes of one entity are different colours.</summary>
    public const string ColourConflict = "SEM-007";
    /// <summary>A label is not a class of the ontology.</summary>
    public const string UnknownLabel = "SEM-008";
    /// <summary>A colour attribute value is neither a colour term nor #rrggbb.</summary>
    public const string UnknownColour = "SEM-009";
    /// <summary>An enumeration or boolean attribute differs between mentions of one entity.</summary>
    public const string AttributeMismatch = "SEM-010";
    /// <summary>An attribute value does not fit the ontology's definition of the attribute (enumeration, number, boolean).</summary>
    public const string InvalidAttributeValue = "SEM-011";

    /// <summary>An image object of a required class is not mentioned in the text.</summary>
    public const string NotMentionedInText = "REF-001";
    /// <summary>A cuboid visible in a camera has no 2D box there.</summary>
    public const string VisibleCuboidWithoutBox = "REF-002";
    /// <summary>A 2D box is linked to a cuboid that is not visible in that camera.</summary>
    public const string BoxForHiddenCuboid = "REF-003";
    /// <summary>An audio event with a visible source has no visual mention.</summary>
    public const string SoundWithoutVisual = "REF-004";
    /// <summary>A count stated in the text disagrees with the number of image objects.</summary>
    public const string TextCountMismatch = "REF-005";
    /// <summary>Per-class object counts differ between a camera and a LiDAR sweep.</summary>
    public const string SensorCountMismatch = "REF-006";

    /// <summary>An annotation lacks the counterpart on another modality that the policy's RequiredLinks demand.</summary>
    public const string RequiredLinkMissing = "REF-007";

    /// <summary>Linked mentions have a granularity pair the policy forbids.</summary>
    public const string ForbiddenGranularityLink = "GRN-001";
    /// <summary>Linked mentions on a modality pair that must match have different granularities.</summary>
    public const string GranularityMustMatch = "GRN-002";

    /// <summary>Every rule, in code order.</summary>
    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        new(MentionsOutOfStep, FindingType.Temporal, Severity.Error, "Mentions of one entity are out of step in time"),
        new(BetweenFrames, FindingType.Temporal, Severity.Error, "Annotation sits between video frames"),
        new(OutsideStream, FindingType.Temporal, Severity.Error, "Annotation lies outside its stream"),
        new(OutsideTurn, FindingType.Temporal, Severity.Error, "Turn label falls outside its dialogue turn"),
        new(CrossesTurns, FindingType.Temporal, Severity.Warning, "Span crosses a dialogue turn boundary"),
        new(ProjectionMismatch, FindingType.Temporal, Severity.Error, "Cuboid does not project onto its 2D box"),
        new(ReversedRange, FindingType.Temporal, Severity.Error, "Segment or span ends before it starts"),
        new(BoundariesOutOfStep, FindingType.Temporal, Severity.Warning, "One-to-one linked intervals do not start and end together"),
        new(BroaderNarrower, FindingType.Semantic, Severity.Warning, "Broader and narrower classes on one entity"),
        new(DisjointClasses, FindingType.Semantic, Severity.Error, "Disjoint classes on one entity"),
        new(UnrelatedClasses, FindingType.Semantic, Severity.Error, "Unrelated classes on one entity"),
        new(LabelVersusWording, FindingType.Semantic, Severity.Error, "Text span label disagrees with its wording"),
        new(WordingVersusMentions, FindingType.Semantic, Severity.Error, "Text wording disagrees with the other mentions"),
        new(ColourNear, FindingType.Semantic, Severity.Warning, "Neighbouring colours on one entity"),
        new(ColourConflict, FindingType.Semantic, Severity.Error, "Different colours on one entity"),
        new(UnknownLabel, FindingType.Semantic, Severity.Warning, "Label is not in the ontology"),
        new(UnknownColour, FindingType.Semantic, Severity.Warning, "Unknown colour value"),
        new(AttributeMismatch, FindingType.Semantic, Severity.Warning, "Attribute differs between mentions"),
        new(InvalidAttributeValue, FindingType.Semantic, Severity.Warning, "Attribute value not allowed by the ontology"),
        new(NotMentionedInText, FindingType.MissingReference, Severity.Error, "Image object not mentioned in the text"),
        new(VisibleCuboidWithoutBox, FindingType.MissingReference, Severity.Error, "Visible cuboid has no 2D box"),
        new(BoxForHiddenCuboid, FindingType.MissingReference, Severity.Error, "2D box linked to a cuboid the camera cannot see"),
        new(SoundWithoutVisual, FindingType.MissingReference, Severity.Error, "Sound with a visible source has no visual mention"),
        new(TextCountMismatch, FindingType.MissingReference, Severity.Warning, "Count in the text disagrees with the image"),
        new(SensorCountMismatch, FindingType.MissingReference, Severity.Warning, "Camera and LiDAR counts differ"),
        new(RequiredLinkMissing, FindingType.MissingReference, Severity.Error, "Required counterpart on another modality is missing"),
        new(ForbiddenGranularityLink, FindingType.Granularity, Severity.Error, "Forbidden granularity pair linked"),
        new(GranularityMustMatch, FindingType.Granularity, Severity.Error, "Granularities must match on this modality pair"),
    ];
}
