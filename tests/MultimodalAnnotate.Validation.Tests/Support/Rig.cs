using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Support;

/// <summary>
/// A synthetic camera + LiDAR rig. The LiDAR frame is the common frame (x forward, y left, z up); the camera sits at
/// its origin looking along x (optical frame: x right = -y, y down = -z, z forward = x) with fx = fy = 500 and
/// (cx, cy) = (320, 240) on a 640×480 image. A flat cuboid (length 0) at (10, y, z) with width 2 and height 1.5
/// projects to a 100×75 px box centred at (320 - 50y, 240 - 50z).
/// </summary>
public static class Rig
{
    public static Calibration Camera { get; } = new(
        [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1],
        new CameraIntrinsics(500, 500, 320, 240, 640, 480));

    /// <summary>The exact projected box of a yaw-0 cuboid fully in front of the camera (nearest face bounds it).</summary>
    public static Box2D Projected(Cuboid c)
    {
        var near = c.Center.X - c.Size.X / 2;
        double u(double y) => 500 * -y / near + 320;
        double v(double z) => 500 * -z / near + 240;
        var left = u(c.Center.Y + c.Size.Y / 2);
        var right = u(c.Center.Y - c.Size.Y / 2);
        var top = v(c.Center.Z + c.Size.Z / 2);
        var bottom = v(c.Center.Z - c.Size.Z / 2);
        var r = new Rect2(left, top, right, bottom).Intersect(new Rect2(0, 0, 640, 480));
        return new Box2D(r.MinX, r.MinY, r.Width, r.Height);
    }

    public static (ItemBuilder Builder, Guid Image, Guid Cloud) Create(double imageTime = 0, double sweepTime = 0)
    {
        var b = new ItemBuilder();
        var image = b.Image("cam_front", imageTime, Camera);
        var cloud = b.PointCloud(sweepTime, "lidar_top");
        return (b, image, cloud);
    }
}
