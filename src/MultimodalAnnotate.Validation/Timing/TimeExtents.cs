using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;
using Shape = MultimodalAnnotate.Validation.Model.Geometry;

namespace MultimodalAnnotate.Validation.Timing;

/// <summary>Derives time extents of assets and annotations on the item's shared timeline.</summary>
public static class TimeExtents
{
    /// <summary>
    /// The media-time range an asset has samples in: a video from its first presentation timestamp to its duration;
    /// audio from 0 to sample count / rate; a timed text from its first segment start to its last segment end; an
    /// instant capture at 0. Null for untimed text (or a video without duration).
    /// </summary>
    public static TimeExtent? MediaRange(TimeBase timeBase)
    {
        switch (timeBase)
        {
            case CaptureTime:
                return TimeExtent.At(0);
            case FrameTimes f:
                var pts = f.PresentationTimes;
                if (pts.Count == 0)
                {
                    return f.Duration > 0 ? new TimeExtent(0, f.Duration) : null;
                }

                return new TimeExtent(pts[0], Math.Max(f.Duration, pts[^1]));
            case SampleClock s:
                return s.SampleRate > 0 ? new TimeExtent(0, (double)s.SampleCount / s.SampleRate) : null;
            case TimedSegments t:
                if (t.Segments.Count == 0)
                {
                    return null;
                }

                var range = new TimeExtent(t.Segments[0].Start, t.Segments[0].End);
                for (var i = 1; i < t.Segments.Count; i++)
                {
                    range = range.Union(new TimeExtent(t.Segments[i].Start, t.Segments[i].End));
                }

                return range;
            default:
                return null;
        }
    }

    /// <summary>The asset's range on the shared timeline (<see cref="MediaRange"/> + offset).</summary>
    public static TimeExtent? SharedRange(AssetSnapshot asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return MediaRange(asset.TimeBase) is { } r ? new TimeExtent(r.Start + asset.TimeBase.Offset, r.End + asset.TimeBase.Offset) : null;
    }

    /// <summary>
    /// The annotation's extent on the shared timeline: image/sweep geometry → its capture instant; geometry with a
    /// <see cref="Shape.Time"/> on a stream → that instant; a time segment → its range; a track → first..last keyframe
    /// (ending at an <see cref="TrackKeyframe.Outside"/> keyframe); a classification without time on a stream → the whole
    /// stream; a text span in timed text → the union of the segments it overlaps (or its <see cref="TextSpan.SegmentIndex"/>);
    /// untimed text → null. Null as well for a stream geometry with no time (its frame is unknown).
    /// </summary>
    public static TimeExtent? Of(Shape geometry, AssetSnapshot asset) => Of(geometry, asset, null);

    /// <summary>As <see cref="Of(Shape, AssetSnapshot)"/>, with a prepared lookup over a timed text's segments.</summary>
    internal static TimeExtent? Of(Shape geometry, AssetSnapshot asset, SegmentLookup? lookup)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(asset);
        var offset = asset.TimeBase.Offset;
        switch (asset.TimeBase)
        {
            case Untimed:
                return null;
            case CaptureTime:
                return TimeExtent.At(offset);
            case TimedSegments timed:
                return OfTimedText(geometry, timed, offset, lookup);
        }

        switch (geometry)
        {
            case TimeSegment s:
                return new TimeExtent(offset + Math.Min(s.Start, s.End), offset + Math.Max(s.Start, s.End));
            case Track t:
                return TrackRange(t) is { } r ? new TimeExtent(offset + r.Start, offset + r.End) : null;
            case { Time: { } time }:
                return TimeExtent.At(offset + time);
            case Classification:
                return SharedRange(asset);
            default:
                return null;
        }
    }

    /// <summary>First keyframe to last visible keyframe (an Outside keyframe ends the range), in media time.</summary>
    public static TimeExtent? TrackRange(Track track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var keys = track.Keyframes;
        if (keys.Count == 0)
        {
            return null;
        }

        var start = keys[0].At;
        var end = start;
        for (var i = 0; i < keys.Count; i++)
        {
            start = Math.Min(start, keys[i].At);
            end = Math.Max(end, keys[i].At);
        }

        return new TimeExtent(start, end);
    }

    private static TimeExtent? OfTimedText(Shape geometry, TimedSegments timed, double offset, SegmentLookup? lookup)
    {
        var segments = timed.Segments;
        switch (geometry)
        {
            case TextSpan { SegmentIndex: { } index }:
                return index >= 0 && index < segments.Count
                    ? new TimeExtent(offset + segments[index].Start, offset + segments[index].End)
                    : null;
            case TextSpan span:
                var extent = (lookup ?? new SegmentLookup(segments)).TimeOf(span.Start, span.End);
                return extent is { } e ? new TimeExtent(offset + e.Start, offset + e.End) : null;
            case TimeSegment s:
                return new TimeExtent(offset + Math.Min(s.Start, s.End), offset + Math.Max(s.Start, s.End));
            case Classification:
                return MediaRange(timed) is { } r ? new TimeExtent(offset + r.Start, offset + r.End) : null;
            default:
                return null;
        }
    }

    /// <summary>Whether a track's keyframe shapes are 2D (for granularity and box lookups).</summary>
    internal static bool IsBoxTrack(Track track) =>
        track.Keyframes.Count > 0 && ShapeBounds.TryGetBounds(track.Keyframes[0].Shape, out _);
}
