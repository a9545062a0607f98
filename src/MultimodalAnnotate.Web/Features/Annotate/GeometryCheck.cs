using System.Globalization;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Hard input checks on a geometry before it is stored: the kind fits the asset's modality, numbers are finite,
/// shapes lie inside the asset, times lie inside the stream. Soft problems (a time between two frames,
/// disagreement with other modalities) are not errors here: validation reports them as findings.
/// </summary>
internal static class GeometryCheck
{
    private const double PixelTolerance = 0.5;
    private const double TimeTolerance = 1e-3;

    /// <summary>Returns a message naming the offending value, or null when the geometry is acceptable.</summary>
    public static string? Check(Asset asset, Geometry geometry)
    {
        if (!Allowed(asset.Modality, geometry))
        {
            return $"a {KindOf(geometry)} cannot be drawn on a {asset.Modality.ToString().ToLowerInvariant()} asset";
        }
        if (geometry.Time is { } t && CheckTime(asset, t, "time") is { } timeError)
        {
            return timeError;
        }
        return geometry switch
        {
            Box2D b => CheckBox(asset, b),
            Polygon p => p.Points.Count < 3 ? "a polygon needs at least 3 points"
                : p.Points.Select(pt => CheckPoint(asset, pt.X, pt.Y)).FirstOrDefault(e => e is not null),
            Mask m => CheckMask(asset, m),
            Keypoints k => k.Points.Count == 0 ? "keypoints are empty"
                : k.Points.Where(pt => pt.Visible).Select(pt => CheckPoint(asset, pt.X, pt.Y)).FirstOrDefault(e => e is not null),
            Cuboid c => CheckCuboid(c),
            TimeSegment s => CheckSegment(asset, s),
            TextSpan s => CheckSpan(asset, s),
            Track tr => CheckTrack(asset, tr),
            Classification => null,
            _ => "unknown geometry kind",
        };
    }

    public static string KindOf(Geometry geometry) => geometry switch
    {
        Box2D => "box2d",
        Polygon => "polygon",
        Mask => "mask",
        Keypoints => "keypoints",
        Cuboid => "cuboid",
        TimeSegment => "segment",
        TextSpan => "span",
        Track => "track",
        _ => "classification",
    };

    private static bool Allowed(Modality modality, Geometry g) => (modality, g) switch
    {
        (_, Classification) => true,
        (Modality.Image, Box2D or Polygon or Mask or Keypoints) => true,
        (Modality.Video, Box2D or Polygon or Mask or Keypoints or Track or TimeSegment) => true,
        (Modality.Audio, TimeSegment) => true,
        (Modality.Text, TextSpan) => true,
        (Modality.PointCloud, Cuboid or Track) => true,
        _ => false,
    };

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string? CheckBox(Asset asset, Box2D b)
    {
        if (!AllFinite(b.X, b.Y, b.Width, b.Height))
        {
            return "box coordinates must be finite numbers";
        }
        if (b.Width <= 0 || b.Height <= 0)
        {
            return $"box width and height must be positive (got {F(b.Width)} × {F(b.Height)})";
        }
        return CheckPoint(asset, b.X, b.Y) ?? CheckPoint(asset, b.X + b.Width, b.Y + b.Height);
    }

    private static string? CheckPoint(Asset asset, double x, double y)
    {
        if (!AllFinite(x, y))
        {
            return "coordinates must be finite numbers";
        }
        if (asset.Width is not { } w || asset.Height is not { } h)
        {
            return null;
        }
        return x < -PixelTolerance || y < -PixelTolerance || x > w + PixelTolerance || y > h + PixelTolerance
            ? $"point ({F(x)}, {F(y)}) lies outside the {w}×{h} image"
            : null;
    }

    private static string? CheckMask(Asset asset, Mask m)
    {
        if (asset.Width is { } w && asset.Height is { } h && (m.Width != w || m.Height != h))
        {
            return $"mask is {m.Width}×{m.Height} but the image is {w}×{h}";
        }
        if (m.Counts.Any(c => c < 0))
        {
            return "mask run lengths must not be negative";
        }
        var total = m.Counts.Sum(c => (long)c);
        return total != (long)m.Width * m.Height
            ? $"mask run lengths add up to {total}, expected {(long)m.Width * m.Height} ({m.Width}×{m.Height})"
            : null;
    }

    private static string? CheckCuboid(Cuboid c)
    {
        if (!AllFinite(c.Center.X, c.Center.Y, c.Center.Z, c.Size.X, c.Size.Y, c.Size.Z, c.Yaw))
        {
            return "cuboid values must be finite numbers";
        }
        return c.Size.X <= 0 || c.Size.Y <= 0 || c.Size.Z <= 0
            ? $"cuboid size must be positive (got {F(c.Size.X)} × {F(c.Size.Y)} × {F(c.Size.Z)} m)"
            : null;
    }

    private static string? CheckSegment(Asset asset, TimeSegment s)
    {
        if (!AllFinite(s.Start, s.End))
        {
            return "segment times must be finite numbers";
        }
        if (s.End <= s.Start)
        {
            return $"segment end {F(s.End)} s must be after its start {F(s.Start)} s";
        }
        return CheckTime(asset, s.Start, "segment start") ?? CheckTime(asset, s.End, "segment end");
    }

    private static string? CheckSpan(Asset asset, TextSpan s)
    {
        var length = asset.TextContent?.Length ?? 0;
        if (s.Start < 0 || s.End > length || s.End <= s.Start)
        {
            return $"text span [{s.Start}, {s.End}) is outside the text (length {length})";
        }
        if (s.SegmentIndex is { } index)
        {
            var count = asset.TimeBase is TimedSegments ts ? ts.Segments.Count : 0;
            if (index < 0 || index >= count)
            {
                return $"segment index {index} does not exist (the text has {count} timed segments)";
            }
        }
        return null;
    }

    private static string? CheckTrack(Asset asset, Track track)
    {
        if (track.Keyframes.Count == 0)
        {
            return "a track needs at least one keyframe";
        }
        foreach (var key in track.Keyframes)
        {
            if (CheckTime(asset, key.At, "keyframe time") is { } e)
            {
                return e;
            }
            var shapeError = (asset.Modality, key.Shape) switch
            {
                (Modality.Video, Box2D b) => CheckBox(asset, b),
                (Modality.PointCloud, Cuboid c) => CheckCuboid(c),
                _ => $"a track on a {asset.Modality.ToString().ToLowerInvariant()} asset cannot hold a {KindOf(key.Shape)}",
            };
            if (shapeError is not null)
            {
                return shapeError;
            }
        }
        return null;
    }

    private static string? CheckTime(Asset asset, double t, string what)
    {
        if (!double.IsFinite(t))
        {
            return $"{what} must be a finite number";
        }
        var duration = Duration(asset);
        if (duration is null)
        {
            return null;
        }
        return t < -TimeTolerance || t > duration.Value + TimeTolerance
            ? $"{what} {F(t)} s is outside the stream (0 – {F(duration.Value)} s)"
            : null;
    }

    /// <summary>Length of the asset's stream in media seconds, when it has one.</summary>
    public static double? Duration(Asset asset) => asset.TimeBase switch
    {
        FrameTimes f => f.Duration,
        SampleClock s when s.SampleRate > 0 => (double)s.SampleCount / s.SampleRate,
        _ => asset.Duration,
    };

    private static bool AllFinite(params ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
