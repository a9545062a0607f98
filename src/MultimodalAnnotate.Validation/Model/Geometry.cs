using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// The shape of an annotation on its asset. Spatial geometries on a video or a sequence may carry
/// <see cref="Time"/>: the media time (seconds, as a player's <c>currentTime</c> shows it) of the
/// frame they were drawn on. All coordinates are in the asset's own pixels or sensor frame.
/// Serialised as JSON with a <c>kind</c> discriminator (stored in the database and the interchange format).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Box2D), "box2d")]
[JsonDerivedType(typeof(Polygon), "polygon")]
[JsonDerivedType(typeof(Mask), "mask")]
[JsonDerivedType(typeof(Keypoints), "keypoints")]
[JsonDerivedType(typeof(Cuboid), "cuboid")]
[JsonDerivedType(typeof(TimeSegment), "segment")]
[JsonDerivedType(typeof(TextSpan), "span")]
[JsonDerivedType(typeof(Track), "track")]
[JsonDerivedType(typeof(Classification), "classification")]
public abstract record Geometry
{
    /// <summary>Media time in seconds of the frame this geometry sits on (video frames), or null.</summary>
    public double? Time { get; init; }
}

/// <summary>A 2D point in pixels.</summary>
public readonly record struct Point2(double X, double Y);

/// <summary>A 3D point or vector in metres.</summary>
public readonly record struct Vec3(double X, double Y, double Z);

/// <summary>Axis-aligned 2D box in pixels: top-left corner plus size.</summary>
public sealed record Box2D(double X, double Y, double Width, double Height) : Geometry;

/// <summary>A closed polygon in pixels.</summary>
public sealed record Polygon(IReadOnlyList<Point2> Points) : Geometry;

/// <summary>
/// A binary mask as uncompressed COCO run-length encoding: alternating runs of 0s and 1s
/// (starting with 0s) over the image in column-major order.
/// </summary>
public sealed record Mask(int Width, int Height, IReadOnlyList<int> Counts) : Geometry;

/// <summary>One named keypoint; <paramref name="Visible"/> false for occluded-but-labelled points.</summary>
public readonly record struct Keypoint(string Name, double X, double Y, bool Visible);

/// <summary>A set of keypoints of one object (a skeleton).</summary>
public sealed record Keypoints(IReadOnlyList<Keypoint> Points) : Geometry;

/// <summary>
/// An oriented 3D box in the point cloud's sensor frame: <paramref name="Center"/> is the geometric
/// centre, <paramref name="Size"/> is (length along the box's x, width along y, height along z),
/// <paramref name="Yaw"/> is the rotation in radians about the sensor's up (z) axis.
/// </summary>
public sealed record Cuboid(Vec3 Center, Vec3 Size, double Yaw) : Geometry;

/// <summary>A time segment in media seconds, start inclusive, end exclusive.</summary>
public sealed record TimeSegment(double Start, double End) : Geometry;

/// <summary>
/// A character span [Start, End) in the text asset's content. <paramref name="SegmentIndex"/> names the
/// caption cue or dialogue turn the label is put on, when the label is on a whole turn.
/// </summary>
public sealed record TextSpan(int Start, int End, int? SegmentIndex = null) : Geometry;

/// <summary>One keyframe of a track: the shape at a media time; <paramref name="Outside"/> ends visibility.</summary>
public sealed record TrackKeyframe(double At, Geometry Shape, bool Outside = false);

/// <summary>An object followed over time by keyframes (shapes are boxes or cuboids), interpolated between them.</summary>
public sealed record Track(IReadOnlyList<TrackKeyframe> Keyframes) : Geometry;

/// <summary>A label on the whole asset (or, with <see cref="Geometry.Time"/>, on one whole frame).</summary>
public sealed record Classification : Geometry;
