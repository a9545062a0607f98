using MultimodalAnnotate.Validation.Model;
using Shape = MultimodalAnnotate.Validation.Model.Geometry;

namespace MultimodalAnnotate.Validation.Geometry;

/// <summary>2D bounds of image geometries and shapes of tracks at a given time.</summary>
public static class ShapeBounds
{
    /// <summary>
    /// The pixel bounds of a 2D geometry: a box; a polygon's extent; a mask's set pixels (uncompressed column-major
    /// COCO RLE); visible keypoints (at least two). False for other geometries or empty shapes.
    /// </summary>
    public static bool TryGetBounds(Shape geometry, out Rect2 bounds)
    {
        bounds = Rect2.Empty;
        switch (geometry)
        {
            case Box2D b:
                bounds = Rect2.FromBox(b.X, b.Y, b.Width, b.Height);
                return !bounds.IsEmpty;
            case Polygon p:
                for (var i = 0; i < p.Points.Count; i++)
                {
                    bounds = bounds.Include(p.Points[i].X, p.Points[i].Y);
                }

                return !bounds.IsEmpty;
            case Mask m:
                return TryMaskBounds(m, out bounds);
            case Keypoints k:
                var visible = 0;
                foreach (var point in k.Points)
                {
                    if (point.Visible)
                    {
                        bounds = bounds.Include(point.X, point.Y);
                        visible++;
                    }
                }

                return visible >= 2 && !bounds.IsEmpty;
            default:
                return false;
        }
    }

    /// <summary>Bounds of a mask's set pixels; each pixel covers [col, col + 1] × [row, row + 1].</summary>
    public static bool TryMaskBounds(Mask mask, out Rect2 bounds)
    {
        ArgumentNullException.ThrowIfNull(mask);
        bounds = Rect2.Empty;
        if (mask.Height <= 0)
        {
            return false;
        }

        long index = 0;
        var h = mask.Height;
        for (var i = 0; i < mask.Counts.Count; i++)
        {
            var run = mask.Counts[i];
            if (i % 2 == 1 && run > 0)
            {
                var first = index;
                var last = index + run - 1;
                var firstCol = first / h;
                var lastCol = last / h;
                if (firstCol == lastCol)
                {
                    bounds = bounds.Include(firstCol, first % h).Include(lastCol + 1, (last % h) + 1);
                }
                else
                {
                    bounds = bounds.Include(firstCol, 0).Include(lastCol + 1, h);
                }
            }

            index += Math.Max(0, run);
        }

        return !bounds.IsEmpty;
    }

    /// <summary>
    /// The box of a track at media time <paramref name="time"/>: a keyframe's box, or the linear interpolation between
    /// the keyframes around it. False outside the track, after an <see cref="TrackKeyframe.Outside"/> keyframe, or when
    /// the keyframes are not 2D shapes.
    /// </summary>
    public static bool TryBoxAt(Track track, double time, double epsilon, out Rect2 box)
    {
        ArgumentNullException.ThrowIfNull(track);
        box = Rect2.Empty;
        if (!Bracket(track, time, epsilon, out var i, out var j, out var t))
        {
            return false;
        }

        if (!TryGetBounds(track.Keyframes[i].Shape, out var a) || !TryGetBounds(track.Keyframes[j].Shape, out var b))
        {
            return false;
        }

        box = new Rect2(Lerp(a.MinX, b.MinX, t), Lerp(a.MinY, b.MinY, t), Lerp(a.MaxX, b.MaxX, t), Lerp(a.MaxY, b.MaxY, t));
        return true;
    }

    /// <summary>The cuboid of a track at media time <paramref name="time"/> (yaw interpolated along the shorter arc).</summary>
    public static bool TryCuboidAt(Track track, double time, double epsilon, out CuboidPose pose)
    {
        ArgumentNullException.ThrowIfNull(track);
        pose = default;
        if (!Bracket(track, time, epsilon, out var i, out var j, out var t) ||
            track.Keyframes[i].Shape is not Cuboid a || track.Keyframes[j].Shape is not Cuboid b)
        {
            return false;
        }

        var dyaw = Math.IEEERemainder(b.Yaw - a.Yaw, 2 * Math.PI);
        pose = new CuboidPose(
            new Vec3(Lerp(a.Center.X, b.Center.X, t), Lerp(a.Center.Y, b.Center.Y, t), Lerp(a.Center.Z, b.Center.Z, t)),
            new Vec3(Lerp(a.Size.X, b.Size.X, t), Lerp(a.Size.Y, b.Size.Y, t), Lerp(a.Size.Z, b.Size.Z, t)),
            a.Yaw + (t * dyaw));
        return true;
    }

    private static bool Bracket(Track track, double time, double epsilon, out int i, out int j, out double t)
    {
        i = j = 0;
        t = 0;
        var keys = track.Keyframes;
        if (keys.Count == 0 || time < keys[0].At - epsilon || time > keys[^1].At + epsilon)
        {
            return false;
        }

        var lo = 0;
        var hi = keys.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (keys[mid].At <= time + epsilon)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        i = lo;
        if (Math.Abs(keys[i].At - time) <= epsilon)
        {
            j = i;
            return !keys[i].Outside;
        }

        if (keys[i].Outside || i + 1 >= keys.Count)
        {
            return false;
        }

        j = i + 1;
        var span = keys[j].At - keys[i].At;
        t = span > 0 ? Math.Clamp((time - keys[i].At) / span, 0, 1) : 0;
        return true;
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
