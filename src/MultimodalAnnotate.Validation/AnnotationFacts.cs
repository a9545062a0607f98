using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation;

/// <summary>
/// What the engine derives about one annotation, for storing next to it: the modality of its asset, its granularity
/// and its time extent on the item's shared timeline (null when it has none, e.g. on an untimed text).
/// </summary>
public readonly record struct AnnotationFacts(Guid AnnotationId, Modality Modality, Granularity Granularity, TimeExtent? Extent)
{
    /// <summary>Derives the facts of one annotation on its asset.</summary>
    public static AnnotationFacts Derive(AnnotationSnapshot annotation, AssetSnapshot asset)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        ArgumentNullException.ThrowIfNull(asset);
        return new AnnotationFacts(
            annotation.Id, asset.Modality, GranularityOf(annotation.Geometry, asset), TimeExtents.Of(annotation.Geometry, asset));
    }

    /// <summary>Derives the facts of every annotation of an item whose asset exists, in annotation order.</summary>
    public static IReadOnlyList<AnnotationFacts> DeriveAll(ItemSnapshot item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var result = new List<AnnotationFacts>(item.Annotations.Count);
        foreach (var annotation in item.Annotations)
        {
            foreach (var asset in item.Assets)
            {
                if (asset.Id == annotation.AssetId)
                {
                    result.Add(Derive(annotation, asset));
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The granularity of a geometry on an asset: mask → pixel; box, polygon, keypoints, cuboid, track → region;
    /// classification → frame on an image, a point cloud or one video frame (with time), clip on a whole video or audio
    /// stream, document on a text; time segment → segment; text span → sentence when it names a segment
    /// (<see cref="TextSpan.SegmentIndex"/>) or covers a whole one, else span.
    /// </summary>
    public static Granularity GranularityOf(Model.Geometry geometry, AssetSnapshot asset) => GranularityOf(geometry, asset, null);

    /// <summary>As <see cref="GranularityOf(Model.Geometry, AssetSnapshot)"/>, with a prepared lookup over a timed text's segments.</summary>
    internal static Granularity GranularityOf(Model.Geometry geometry, AssetSnapshot asset, SegmentLookup? lookup)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(asset);
        return geometry switch
        {
            Mask => Granularity.Pixel,
            Box2D or Polygon or Keypoints or Cuboid or Track => Granularity.Region,
            TimeSegment => Granularity.Segment,
            TextSpan span => SpanGranularity(span, asset, lookup),
            Classification c => asset.Modality switch
            {
                Modality.Text => Granularity.Document,
                Modality.Image or Modality.PointCloud => Granularity.Frame,
                _ => c.Time is null ? Granularity.Clip : Granularity.Frame,
            },
            _ => Granularity.Region,
        };
    }

    private static Granularity SpanGranularity(TextSpan span, AssetSnapshot asset, SegmentLookup? lookup)
    {
        if (span.SegmentIndex is not null)
        {
            return Granularity.Sentence;
        }

        if (asset.TimeBase is TimedSegments timed && timed.Segments.Count > 0)
        {
            var (first, last) = (lookup ?? new SegmentLookup(timed.Segments)).Overlapping(span.Start, span.End);
            return SpanGranularity(span, asset.Content, timed.Segments, first, last);
        }

        return Granularity.Span;
    }

    /// <summary>
    /// The granularity of a span without a segment index on a timed text, given the segments it overlaps
    /// (<see cref="SegmentLookup.Overlapping"/>): a span that stays inside one segment and covers all of its non-blank
    /// text is a whole sentence (cue/turn), anything else a span.
    /// </summary>
    internal static Granularity SpanGranularity(TextSpan span, string? content, IReadOnlyList<TextSegment> segments, int first, int last)
    {
        if (first >= 0 && first == last)
        {
            var segment = segments[first];
            var (start, end) = Trimmed(content, segment.CharStart, segment.CharEnd);
            if (span.Start <= start && span.End >= end && span.Start >= segment.CharStart && span.End <= segment.CharEnd)
            {
                return Granularity.Sentence;
            }
        }

        return Granularity.Span;
    }

    private static (int Start, int End) Trimmed(string? content, int start, int end)
    {
        if (content is null)
        {
            return (start, end);
        }

        start = Math.Clamp(start, 0, content.Length);
        end = Math.Clamp(end, start, content.Length);
        while (start < end && char.IsWhiteSpace(content[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(content[end - 1]))
        {
            end--;
        }

        return (start, end);
    }
}
