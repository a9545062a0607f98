using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Items;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>One annotation's extent on a timeline track (shared-timeline seconds).</summary>
public sealed record TimelineItem(double S, double E, string C, Guid Id);

/// <summary>One pane's row on the timeline.</summary>
public sealed record TimelineTrack(string Name, IReadOnlyList<TimelineItem> Items);

/// <summary>An open finding on the timeline; severity 0 info, 1 warning, 2 error.</summary>
public sealed record TimelineMarker(double T, int Severity, Guid Id);

/// <summary>
/// What the shared timeline shows: its range, the real frame times used for frame stepping, one track per asset and the
/// open findings. Sent to the browser clock when the item changes (not per frame).
/// </summary>
public sealed record TimelineModel(double Start, double End, IReadOnlyList<double> Frames, IReadOnlyList<TimelineTrack> Tracks, IReadOnlyList<TimelineMarker> Markers)
{
    public static TimelineModel Build(ItemQueries.ItemDetail item)
    {
        var ends = new List<double>();
        var starts = new List<double> { 0 };
        foreach (var asset in item.Assets)
        {
            var offset = asset.TimeBase.Offset;
            if (EndOf(asset) is { } end)
            {
                starts.Add(offset);
                ends.Add(end);
            }
        }
        ends.AddRange(item.Annotations.Select(a => a.Annotation.TimeEnd ?? a.Annotation.TimeStart).OfType<double>());
        var markers = item.Findings
            .Where(f => f.Status == FindingStatus.Open)
            .Select(f => (Finding: f, Time: f.Time ?? item.Annotations.Where(a => f.AnnotationIds.Contains(a.Annotation.Id)).Select(a => a.Annotation.TimeStart).Min()))
            .Where(x => x.Time is not null)
            .Select(x => new TimelineMarker(x.Time!.Value, (int)x.Finding.Severity, x.Finding.Id))
            .ToList();
        ends.AddRange(markers.Select(m => m.T));
        var start = starts.Min();
        var endOfAll = ends.Count == 0 ? start + 1 : Math.Max(ends.Max(), start + 1);
        var frames = item.Assets
            .Where(a => a.TimeBase is FrameTimes)
            .SelectMany(a => ((FrameTimes)a.TimeBase).PresentationTimes.Select(t => a.TimeBase.Offset + t))
            .Distinct()
            .Order()
            .ToList();
        var tracks = item.Assets
            .Select(a => new TimelineTrack(a.Sensor, [.. item.Annotations
                .Where(x => x.Annotation.AssetId == a.Id && x.Annotation.TimeStart is not null)
                .Select(x => Item(x))]))
            .ToList();
        return new TimelineModel(start, endOfAll, frames, tracks, markers);
    }

    private static TimelineItem Item(ItemQueries.LabelledAnnotation x) =>
        new(x.Annotation.TimeStart!.Value, x.Annotation.TimeEnd ?? x.Annotation.TimeStart!.Value, x.Colour, x.Annotation.Id);

    /// <summary>Where an asset ends on the shared timeline, or null for an untimed asset.</summary>
    public static double? EndOf(ItemQueries.AssetView asset) => asset.TimeBase switch
    {
        CaptureTime c => c.Offset,
        FrameTimes f => f.Offset + f.Duration,
        SampleClock s when s.SampleRate > 0 => s.Offset + ((double)s.SampleCount / s.SampleRate),
        TimedSegments ts when ts.Segments.Count > 0 => ts.Offset + ts.Segments.Max(s => s.End),
        _ => asset.Duration is { } d ? asset.TimeBase.Offset + d : null,
    };
}
