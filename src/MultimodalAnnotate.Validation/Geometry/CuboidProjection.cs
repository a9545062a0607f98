using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Geometry;

/// <summary>
/// A cuboid projected into a camera. <paramref name="Bounds"/> is the projection's bounding box after clipping the
/// cuboid at the near plane (not clipped to the image); <paramref name="InImage"/> is that box clipped to the image;
/// <paramref name="VisibleFraction"/> is the share of <paramref name="Bounds"/>' area inside the image (0 when the
/// cuboid is wholly behind the near plane); <paramref name="CentreCamera"/> is the cuboid centre in the camera frame.
/// </summary>
public readonly record struct ProjectedCuboid(Rect2 Bounds, Rect2 InImage, double VisibleFraction, bool InFront, Vec3 CentreCamera);

/// <summary>An oriented 3D box as a plain value (centre, size = length/width/height, yaw about z).</summary>
public readonly record struct CuboidPose(Vec3 Center, Vec3 Size, double Yaw)
{
    /// <summary>The pose of a <see cref="Cuboid"/> geometry.</summary>
    public static CuboidPose From(Cuboid cuboid)
    {
        ArgumentNullException.ThrowIfNull(cuboid);
        return new CuboidPose(cuboid.Center, cuboid.Size, cuboid.Yaw);
    }

    /// <summary>The eight corners in the cuboid's sensor frame: bottom face first (z − h/2), counter-clockwise from (+l/2, +w/2).</summary>
    public void Corners(Span<Vec3> corners)
    {
        var (s, c) = Math.SinCos(Yaw);
        var hl = Size.X / 2;
        var hw = Size.Y / 2;
        var hh = Size.Z / 2;
        ReadOnlySpan<double> xs = [hl, -hl, -hl, hl];
        ReadOnlySpan<double> ys = [hw, hw, -hw, -hw];
        for (var i = 0; i < 4; i++)
        {
            var x = (c * xs[i]) - (s * ys[i]);
            var y = (s * xs[i]) + (c * ys[i]);
            corners[i] = new Vec3(Center.X + x, Center.Y + y, Center.Z - hh);
            corners[i + 4] = new Vec3(Center.X + x, Center.Y + y, Center.Z + hh);
        }
    }
}

/// <summary>Projects cuboids into pinhole cameras with near-plane clipping.</summary>
public static class CuboidProjector
{
    private static ReadOnlySpan<byte> Edges => [0, 1, 1, 2, 2, 3, 3, 0, 4, 5, 5, 6, 6, 7, 7, 4, 0, 4, 1, 5, 2, 6, 3, 7];

    /// <summary>
    /// Projects <paramref name="cuboid"/> (in a sensor frame whose transform to the common frame is
    /// <paramref name="sensorToCommon"/>) into <paramref name="camera"/>. Parts nearer than <paramref name="nearPlane"/>
    /// metres are clipped: the result bounds the projection of the clipped solid (front corners plus the points where
    /// edges cross the near plane), so a box partly behind the camera projects correctly.
    /// </summary>
    public static ProjectedCuboid Project(CuboidPose cuboid, Matrix4 sensorToCommon, CameraModel camera, double nearPlane) =>
        ProjectFromSensor(cuboid, camera.CommonToCamera * sensorToCommon, camera, nearPlane);

    /// <summary>As <see cref="Project"/>, with the sensor → camera transform already multiplied out.</summary>
    public static ProjectedCuboid ProjectFromSensor(CuboidPose cuboid, Matrix4 toCamera, CameraModel camera, double nearPlane)
    {
        var cornerBuffer = default(Buffer8<Vec3>);
        Span<Vec3> corners = cornerBuffer;
        cuboid.Corners(corners);
        for (var i = 0; i < 8; i++)
        {
            corners[i] = toCamera.TransformPoint(corners[i]);
        }

        var centre = toCamera.TransformPoint(cuboid.Center);
        var bounds = Rect2.Empty;
        var any = false;
        for (var i = 0; i < 8; i++)
        {
            if (corners[i].Z >= nearPlane)
            {
                var (u, v) = camera.Project(corners[i]);
                bounds = bounds.Include(u, v);
                any = true;
            }
        }

        var edges = Edges;
        for (var e = 0; e < edges.Length; e += 2)
        {
            var a = corners[edges[e]];
            var b = corners[edges[e + 1]];
            if ((a.Z >= nearPlane) == (b.Z >= nearPlane))
            {
                continue;
            }

            var t = (nearPlane - a.Z) / (b.Z - a.Z);
            var p = new Vec3(a.X + (t * (b.X - a.X)), a.Y + (t * (b.Y - a.Y)), nearPlane);
            var (u, v) = camera.Project(p);
            bounds = bounds.Include(u, v);
        }

        if (!any || bounds.IsEmpty)
        {
            return new ProjectedCuboid(Rect2.Empty, Rect2.Empty, 0, false, centre);
        }

        var inImage = bounds.Intersect(camera.ImageRect);
        var fraction = inImage.IsEmpty ? 0 : inImage.Area / bounds.Area;
        return new ProjectedCuboid(bounds, inImage.IsEmpty ? Rect2.Empty : inImage, fraction, true, centre);
    }
}
