using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>One annotator's independent (blind) work: their annotations and, optionally, the assets they were assigned.</summary>
/// <param name="Annotator">A unique name or id of the annotator.</param>
/// <param name="Annotations">Everything the annotator drew or labelled on the compared assets.</param>
/// <param name="AssignedAssets">
/// Assets the annotator was given; null means every asset of the report. An assigned asset with no
/// annotation of theirs means "nothing there" (it counts as <see cref="AgreementReport.NoneLabel"/>), an
/// unassigned one is missing data.
/// </param>
public sealed record AnnotatorWork(string Annotator, IReadOnlyList<AnnotationSnapshot> Annotations, IReadOnlyCollection<Guid>? AssignedAssets = null)
{
    /// <summary>Whether the annotator was assigned the asset.</summary>
    public bool IsAssigned(Guid assetId) => AssignedAssets is null || AssignedAssets.Contains(assetId);
}

/// <summary>Thresholds of the agreement report. Defaults: IoU 0.5 for every kind, kappa from <see cref="ValidationPolicy"/>.</summary>
public sealed record AgreementOptions
{
    /// <summary>Minimum IoU for two 2D regions (boxes, polygons, masks, keypoint extents) to be the same object.</summary>
    public double MinRegionIoU { get; init; } = 0.5;

    /// <summary>Minimum 3D IoU for two cuboids to be the same object.</summary>
    public double MinCuboidIoU { get; init; } = 0.5;

    /// <summary>Minimum temporal IoU for two time segments (or two tracks' spans) to be the same event.</summary>
    public double MinTemporalIoU { get; init; } = 0.5;

    /// <summary>Minimum character-overlap IoU for two text spans to be the same mention.</summary>
    public double MinTextOverlap { get; init; } = 0.5;

    /// <summary>Annotators whose kappa is below this are flagged for recalibration.</summary>
    public double MinAnnotatorKappa { get; init; } = ValidationPolicy.Default.MinAnnotatorKappa;

    /// <summary>The defaults.</summary>
    public static AgreementOptions Default { get; } = new();

    /// <summary>The defaults with the project's kappa threshold (<see cref="ValidationPolicy.MinAnnotatorKappa"/>).</summary>
    public static AgreementOptions FromPolicy(ValidationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new AgreementOptions { MinAnnotatorKappa = policy.MinAnnotatorKappa };
    }

    /// <summary>The matching threshold for a geometry's kind (0 for whole-asset classifications: they always match).</summary>
    public double MinOverlapFor(Model.Geometry geometry) => geometry switch
    {
        Cuboid => MinCuboidIoU,
        TimeSegment or Track => MinTemporalIoU,
        TextSpan => MinTextOverlap,
        Classification => 0,
        _ => MinRegionIoU,
    };
}
