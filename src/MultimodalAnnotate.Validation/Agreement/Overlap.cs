using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>
/// Intersection-over-union of two geometries of the same kind, in [0, 1]. These are the similarities used to
/// match annotations between annotators (docs/quality-metrics.md, "Inter-annotator agreement").
/// </summary>
public static class Overlap
{
    /// <summary>Two spatial geometries on frames further apart than this (seconds) are never the same object.</summary>
    public const double FrameTimeTolerance = 1e-6;

    /// <summary>IoU of two axis-aligned boxes; 0 when the union has no area.</summary>
    public static double BoxIoU(Box2D a, Box2D b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var iw = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var ih = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        var inter = iw > 0 && ih > 0 ? iw * ih : 0;
        var union = (Math.Max(0, a.Width) * Math.Max(0, a.Height)) + (Math.Max(0, b.Width) * Math.Max(0, b.Height)) - inter;
        return Ratio(inter, union);
    }

    /// <summary>
    /// 3D IoU of two cuboids rotated about z only (yaw). Because both are prisms along z, the intersection volume
    /// is exactly (area of the intersection of the two rotated footprints in the x–y plane) × (overlap of the
    /// z ranges): the footprints are clipped as convex polygons (Sutherland–Hodgman), so the result is the
    /// exact 3D IoU, not an approximation.
    /// </summary>
    public static double CuboidIoU(Cuboid a, Cuboid b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var zOverlap = Math.Min(a.Center.Z + (a.Size.Z / 2), b.Center.Z + (b.Size.Z / 2))
                       - Math.Max(a.Center.Z - (a.Size.Z / 2), b.Center.Z - (b.Size.Z / 2));
        var va = Volume(a);
        var vb = Volume(b);
        if (zOverlap <= 0)
        {
            return 0;
        }

        var inter = PolygonArea(Clip(Footprint(a), Footprint(b))) * zOverlap;
        return Ratio(inter, va + vb - inter);
    }

    /// <summary>IoU of the two cuboids' rotated footprints seen from above (bird's-eye view), ignoring height.</summary>
    public static double BirdsEyeIoU(Cuboid a, Cuboid b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inter = PolygonArea(Clip(Footprint(a), Footprint(b)));
        var union = (Math.Abs(a.Size.X * a.Size.Y)) + Math.Abs(b.Size.X * b.Size.Y) - inter;
        return Ratio(inter, union);
    }

    /// <summary>
    /// IoU of two simple polygons: exact when at least one of them is convex (it clips the other); otherwise
    /// approximated by the IoU of their bounding boxes.
    /// </summary>
    public static double PolygonIoU(Polygon a, Polygon b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Points.Count < 3 || b.Points.Count < 3)
        {
            return 0;
        }

        var pa = CounterClockwise(a.Points);
        var pb = CounterClockwise(b.Points);
        double inter;
        if (IsConvex(pb))
        {
            inter = PolygonArea(Clip(pa, pb));
        }
        else if (IsConvex(pa))
        {
            inter = PolygonArea(Clip(pb, pa));
        }
        else
        {
            return BoxIoU(BoundingBox(a.Points), BoundingBox(b.Points));
        }

        return Ratio(inter, PolygonArea(pa) + PolygonArea(pb) - inter);
    }

    /// <summary>Exact IoU of two masks of the same size (COCO uncompressed RLE); 0 when the sizes differ.</summary>
    public static double MaskIoU(Mask a, Mask b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            return 0;
        }

        var ra = OneRuns(a.Counts);
        var rb = OneRuns(b.Counts);
        long areaA = ra.Sum(r => r.End - r.Start), areaB = rb.Sum(r => r.End - r.Start), inter = 0;
        int i = 0, j = 0;
        while (i < ra.Count && j < rb.Count)
        {
            var lo = Math.Max(ra[i].Start, rb[j].Start);
            var hi = Math.Min(ra[i].End, rb[j].End);
            if (hi > lo)
            {
                inter += hi - lo;
            }

            if (ra[i].End < rb[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return Ratio(inter, areaA + areaB - inter);
    }

    /// <summary>Temporal IoU of two segments [start, end) in seconds.</summary>
    public static double TemporalIoU(TimeSegment a, TimeSegment b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return IntervalIoU(a.Start, a.End, b.Start, b.End);
    }

    /// <summary>IoU of two intervals [startA, endA) and [startB, endB) (a point interval has no length).</summary>
    public static double IntervalIoU(double startA, double endA, double startB, double endB)
    {
        var inter = Math.Min(endA, endB) - Math.Max(startA, startB);
        inter = inter > 0 ? inter : 0;
        var union = Math.Max(0, endA - startA) + Math.Max(0, endB - startB) - inter;
        return Ratio(inter, union);
    }

    /// <summary>Character-overlap IoU of two text spans [start, end).</summary>
    public static double TextSpanIoU(TextSpan a, TextSpan b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return IntervalIoU(a.Start, a.End, b.Start, b.End);
    }

    /// <summary>
    /// The similarity used for matching two annotations' geometries: the IoU of the kind (boxes, cuboids, masks,
    /// polygons, segments, text spans); keypoints by the IoU of their points' bounding boxes; tracks by the
    /// temporal IoU of their visible spans; whole-asset classifications are always 1 (matched trivially).
    /// Different kinds, or spatial shapes on different frames (<see cref="Model.Geometry.Time"/>), give 0.
    /// </summary>
    public static double Similarity(Model.Geometry a, Model.Geometry b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetType() != b.GetType() || !SameFrame(a.Time, b.Time))
        {
            return 0;
        }

        return (a, b) switch
        {
            (Box2D x, Box2D y) => BoxIoU(x, y),
            (Cuboid x, Cuboid y) => CuboidIoU(x, y),
            (Polygon x, Polygon y) => PolygonIoU(x, y),
            (Mask x, Mask y) => MaskIoU(x, y),
            (TimeSegment x, TimeSegment y) => TemporalIoU(x, y),
            (TextSpan x, TextSpan y) => TextSpanIoU(x, y),
            (Keypoints x, Keypoints y) => x.Points.Count == 0 || y.Points.Count == 0 ? 0 : BoxIoU(BoundingBox(x.Points.Select(p => new Point2(p.X, p.Y)).ToList()), BoundingBox(y.Points.Select(p => new Point2(p.X, p.Y)).ToList())),
            (Track x, Track y) => TrackSpanIoU(x, y),
            (Classification, Classification) => 1,
            _ => 0,
        };
    }

    /// <summary>The geometry's kind as written in JSON (<c>box2d</c>, <c>cuboid</c>, <c>segment</c>…).</summary>
    public static string KindOf(Model.Geometry geometry) => geometry switch
    {
        Box2D => "box2d",
        Polygon => "polygon",
        Mask => "mask",
        Keypoints => "keypoints",
        Cuboid => "cuboid",
        TimeSegment => "segment",
        TextSpan => "span",
        Track => "track",
        Classification => "classification",
        _ => geometry.GetType().Name,
    };

    private static bool SameFrame(double? a, double? b) =>
        (a, b) switch
        {
            (null, null) => true,
            ({ } x, { } y) => Math.Abs(x - y) <= FrameTimeTolerance,
            _ => false,
        };

    private static double TrackSpanIoU(Track a, Track b)
    {
        var (sa, ea) = Span(a);
        var (sb, eb) = Span(b);
        return IntervalIoU(sa, ea, sb, eb);

        static (double Start, double End) Span(Track t) =>
            t.Keyframes.Count == 0 ? (0, 0) : (t.Keyframes.Min(k => k.At), t.Keyframes.Max(k => k.At));
    }

    private static double Ratio(double inter, double union) => union > 0 ? Math.Clamp(inter / union, 0, 1) : 0;

    private static double Volume(Cuboid c) => Math.Abs(c.Size.X * c.Size.Y * c.Size.Z);

    /// <summary>The cuboid's footprint corners, counter-clockwise.</summary>
    private static List<Point2> Footprint(Cuboid c)
    {
        var (cos, sin) = (Math.Cos(c.Yaw), Math.Sin(c.Yaw));
        var (hl, hw) = (Math.Abs(c.Size.X) / 2, Math.Abs(c.Size.Y) / 2);
        (double X, double Y)[] local = [(hl, hw), (-hl, hw), (-hl, -hw), (hl, -hw)];
        return local.Select(p => new Point2(c.Center.X + (p.X * cos) - (p.Y * sin), c.Center.Y + (p.X * sin) + (p.Y * cos))).ToList();
    }

    private static Box2D BoundingBox(IReadOnlyList<Point2> points)
    {
        var minX = points.Min(p => p.X);
        var minY = points.Min(p => p.Y);
        return new Box2D(minX, minY, points.Max(p => p.X) - minX, points.Max(p => p.Y) - minY);
    }

    private static double SignedArea(List<Point2> p)
    {
        double s = 0;
        for (var i = 0; i < p.Count; i++)
        {
            var q = p[(i + 1) % p.Count];
            s += (p[i].X * q.Y) - (q.X * p[i].Y);
        }

        return s / 2;
    }

    private static double PolygonArea(List<Point2> p) => p.Count < 3 ? 0 : Math.Abs(SignedArea(p));

    private static List<Point2> CounterClockwise(IReadOnlyList<Point2> points)
    {
        var list = points.ToList();
        if (SignedArea(list) < 0)
        {
            list.Reverse();
        }

        return list;
    }

    private static bool IsConvex(List<Point2> p)
    {
        // Counter-clockwise input: every turn must be left (or straight).
        for (var i = 0; i < p.Count; i++)
        {
            var a = p[i];
            var b = p[(i + 1) % p.Count];
            var c = p[(i + 2) % p.Count];
            if (Cross(a, b, c) < -1e-12)
            {
                return false;
            }
        }

        return true;
    }

    private static double Cross(Point2 a, Point2 b, Point2 c) => ((b.X - a.X) * (c.Y - a.Y)) - ((b.Y - a.Y) * (c.X - a.X));

    /// <summary>Sutherland–Hodgman: <paramref name="subject"/> clipped by the convex, counter-clockwise <paramref name="clip"/>.</summary>
    private static List<Point2> Clip(List<Point2> subject, List<Point2> clip)
    {
        var output = subject;
        for (var e = 0; e < clip.Count && output.Count > 0; e++)
        {
            var a = clip[e];
            var b = clip[(e + 1) % clip.Count];
            var input = output;
            output = new List<Point2>(input.Count + 2);
            for (var i = 0; i < input.Count; i++)
            {
                var cur = input[i];
                var prev = input[(i + input.Count - 1) % input.Count];
                var curIn = Cross(a, b, cur) >= 0;
                var prevIn = Cross(a, b, prev) >= 0;
                if (curIn)
                {
                    if (!prevIn)
                    {
                        output.Add(Intersect(prev, cur, a, b));
                    }

                    output.Add(cur);
                }
                else if (prevIn)
                {
                    output.Add(Intersect(prev, cur, a, b));
                }
            }
        }

        return output;
    }

    private static Point2 Intersect(Point2 p, Point2 q, Point2 a, Point2 b)
    {
        var dp = Cross(a, b, p);
        var dq = Cross(a, b, q);
        var t = dp / (dp - dq);
        return new Point2(p.X + (t * (q.X - p.X)), p.Y + (t * (q.Y - p.Y)));
    }

    private static List<(long Start, long End)> OneRuns(IReadOnlyList<int> counts)
    {
        var runs = new List<(long Start, long End)>();
        long pos = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var len = Math.Max(0, counts[i]);
            if (i % 2 == 1 && len > 0)
            {
                runs.Add((pos, pos + len));
            }

            pos += len;
        }

        return runs;
    }
}
