using System.Globalization;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>How the workspace writes geometries, times and attributes for people (culture-invariant).</summary>
public static class WorkspaceText
{
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Seconds(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    public static string Geometry(Geometry geometry) => geometry switch
    {
        Box2D b => $"box at ({N(b.X)}, {N(b.Y)}), {N(b.Width)} × {N(b.Height)} px",
        Polygon p => $"polygon with {p.Points.Count} points",
        Keypoints k => $"{k.Points.Count} keypoints",
        Mask m => $"mask {m.Width} × {m.Height}",
        Cuboid c => $"cuboid at ({N(c.Center.X)}, {N(c.Center.Y)}, {N(c.Center.Z)}) m, {N(c.Size.X)} × {N(c.Size.Y)} × {N(c.Size.Z)} m",
        TimeSegment s => $"{Seconds(s.Start)} – {Seconds(s.End)}",
        TextSpan { SegmentIndex: { } i } => $"whole turn {i + 1}",
        TextSpan s => $"characters {s.Start}–{s.End}",
        Track t => $"track with {t.Keyframes.Count} keyframes",
        _ => "whole asset",
    } + (geometry.Time is { } at && geometry is not Track ? $" at {Seconds(at)}" : "");

    public static string Attributes(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Count == 0 ? "—" : string.Join(", ", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    public static string Time(AnnotationView a) => a.TimeStart switch
    {
        null => "",
        { } s when a.TimeEnd is { } e && e > s => $"{Seconds(s)} – {Seconds(e)}",
        { } s => Seconds(s),
    };

    /// <summary>Both versions of an annotation, field by field.</summary>
    public static IReadOnlyList<ConflictRow> Compare(AnnotationView? theirs, AnnotationView? mine, Func<Guid?, string> entityName) =>
    [
        new("Label", theirs?.Label ?? "(deleted)", mine?.Label ?? "(deleted)"),
        new("Attributes", theirs is null ? "—" : Attributes(theirs.Attributes), mine is null ? "—" : Attributes(mine.Attributes)),
        new("Shape", theirs is null ? "—" : Geometry(theirs.Geometry), mine is null ? "—" : Geometry(mine.Geometry)),
        new("Entity", theirs is null ? "—" : entityName(theirs.EntityId), mine is null ? "—" : entityName(mine.EntityId)),
        new("Version", theirs is null ? "—" : theirs.Version.ToString(CultureInfo.InvariantCulture), mine is null ? "—" : $"{mine.Version.ToString(CultureInfo.InvariantCulture)} (the one you edited)"),
    ];
}
