using System.Globalization;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Items;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>A 2D shape as the canvas module draws it: kind "box" (x, y, w, h), "polygon" or "points" (x0, y0, x1, y1, …).</summary>
public sealed record CanvasShape(Guid Id, string K, double[] V, string C, string L, Guid? E);

/// <summary>Converts between stored 2D geometries and the flat number lists the canvas module works with.</summary>
public static class ShapeCodec
{
    /// <summary>The canvas shape of an annotation, or null when it has no 2D shape the canvas draws.</summary>
    public static CanvasShape? ToCanvas(ItemQueries.LabelledAnnotation a)
    {
        var (kind, values) = a.Annotation.Geometry switch
        {
            Box2D b => ("box", new[] { b.X, b.Y, b.Width, b.Height }),
            Polygon p => ("polygon", p.Points.SelectMany(pt => new[] { pt.X, pt.Y }).ToArray()),
            Keypoints k => ("points", k.Points.SelectMany(pt => new[] { pt.X, pt.Y }).ToArray()),
            _ => ((string?)null, Array.Empty<double>()),
        };
        return kind is null ? null : new CanvasShape(a.Annotation.Id, kind, values, a.Colour, a.Annotation.Label, a.Annotation.EntityId);
    }

    /// <summary>The geometry for what the canvas drew; null when the numbers do not make that shape.</summary>
    public static Geometry? FromCanvas(string kind, IReadOnlyList<double> v, Geometry? previous = null)
    {
        if (v.Any(x => !double.IsFinite(x)))
        {
            return null;
        }
        Geometry? geometry = kind switch
        {
            "box" when v.Count == 4 => new Box2D(v[0], v[1], v[2], v[3]),
            "polygon" when v.Count >= 6 && v.Count % 2 == 0 => new Polygon([.. Pairs(v).Select(p => new Point2(p.X, p.Y))]),
            "points" when v.Count >= 2 && v.Count % 2 == 0 => new Keypoints([.. Pairs(v).Select((p, i) => new Keypoint(
                previous is Keypoints k && i < k.Points.Count ? k.Points[i].Name : (i + 1).ToString(CultureInfo.InvariantCulture), p.X, p.Y, true))]),
            _ => null,
        };
        // An edited shape stays on the frame it was drawn on.
        return geometry is not null && previous?.Time is { } time ? geometry with { Time = time } : geometry;
    }

    private static IEnumerable<(double X, double Y)> Pairs(IReadOnlyList<double> v)
    {
        for (var i = 0; i + 1 < v.Count; i += 2)
        {
            yield return (v[i], v[i + 1]);
        }
    }
}
