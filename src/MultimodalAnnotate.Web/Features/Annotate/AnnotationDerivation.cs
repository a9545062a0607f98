using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Derives an annotation's time extent on the shared timeline and its granularity when it is saved.</summary>
internal static class AnnotationDerivation
{
    public static (double? Start, double? End, Granularity Granularity) Derive(Asset asset, Geometry geometry)
    {
        var offset = asset.TimeBase.Offset;
        var duration = GeometryCheck.Duration(asset);
        var granularity = GranularityOf(asset, geometry);
        var (start, end) = geometry switch
        {
            TimeSegment s => ((double?)(offset + s.Start), (double?)(offset + s.End)),
            Track t when t.Keyframes.Count > 0 => (offset + t.Keyframes.Min(k => k.At), offset + t.Keyframes.Max(k => k.At)),
            TextSpan s when asset.TimeBase is TimedSegments ts => SpanTime(ts, s),
            { Time: { } at } => (offset + at, offset + at),
            _ when asset.TimeBase is CaptureTime => (offset, offset),
            Classification when duration is { } d => (offset, offset + d),
            _ => (null, null),
        };
        return (start, end, granularity);
    }

    private static (double?, double?) SpanTime(TimedSegments ts, TextSpan span)
    {
        var touched = span.SegmentIndex is { } i && i >= 0 && i < ts.Segments.Count
            ? [ts.Segments[i]]
            : ts.Segments.Where(s => s.CharStart < span.End && span.Start < s.CharEnd).ToList();
        return touched.Count == 0
            ? (null, null)
            : (ts.Offset + touched.Min(s => s.Start), ts.Offset + touched.Max(s => s.End));
    }

    public static Granularity GranularityOf(Asset asset, Geometry geometry) => geometry switch
    {
        Mask => Granularity.Pixel,
        Box2D or Polygon or Keypoints or Cuboid or Track => Granularity.Region,
        TimeSegment => Granularity.Segment,
        TextSpan s when s.SegmentIndex is not null || CoversSegment(asset, s) => Granularity.Sentence,
        TextSpan => Granularity.Span,
        Classification c => asset.Modality switch
        {
            Modality.Text => Granularity.Document,
            Modality.Video or Modality.Audio => c.Time is null ? Granularity.Clip : Granularity.Frame,
            _ => Granularity.Frame,
        },
        _ => Granularity.Region,
    };

    private static bool CoversSegment(Asset asset, TextSpan s) =>
        asset.TimeBase is TimedSegments ts && ts.Segments.Any(seg => seg.CharStart == s.Start && seg.CharEnd == s.End);
}
