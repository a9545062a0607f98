using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Timing;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Derives an annotation's time extent on the shared timeline and its granularity when it is saved — by asking
/// the engine (<see cref="AnnotationFacts"/>), so the stored columns and the rules never disagree.
/// </summary>
internal static class AnnotationDerivation
{
    public static AssetSnapshot ToSnapshot(Asset a) =>
        new(a.Id, a.Modality, a.Sensor, a.TimeBase, a.Calibration, a.Width, a.Height, a.TextContent);

    public static (double? Start, double? End, Granularity Granularity) Derive(Asset asset, Geometry geometry)
    {
        var snapshot = ToSnapshot(asset);
        var extent = TimeExtents.Of(geometry, snapshot);
        return (extent?.Start, extent?.End, AnnotationFacts.GranularityOf(geometry, snapshot));
    }
}
