using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>
/// The synthetic street scene shared by the demo's image, LiDAR sweep and caption: objects are defined once in
/// the LiDAR frame (x forward, y left, z up) and the camera image is rendered from their projection, so the
/// modalities agree exactly where the demo wants them to (and disagree only where it plants an error).
/// </summary>
internal static class DemoScene
{
    public const int ImageWidth = 640;
    public const int ImageHeight = 360;

    public static readonly CameraIntrinsics Intrinsics = new(480, 480, 320, 170, ImageWidth, ImageHeight);

    /// <summary>Camera → LiDAR: camera x (right) = −y, camera y (down) = −z, camera z (forward) = +x; mounted 0.3 m behind, 0.1 m below.</summary>
    public static readonly Calibration CameraCalibration = new(
        [0, 0, 1, -0.3,
         -1, 0, 0, 0,
         0, -1, 0, -0.1,
         0, 0, 0, 1],
        Intrinsics);

    public static readonly Calibration LidarCalibration = new(Calibration.Identity);

    public sealed record SceneObject(string Label, Cuboid Box, string Colour);

    public static readonly IReadOnlyList<SceneObject> Objects =
    [
        new("car", new Cuboid(new Vec3(14, 2.2, -0.95), new Vec3(4.2, 1.8, 1.5), 0.05), "#c62828"),
        new("dog", new Cuboid(new Vec3(8, -1.6, -1.4), new Vec3(0.9, 0.35, 0.6), 1.3), "#8d6e63"),
        new("pedestrian", new Cuboid(new Vec3(10, -3.8, -0.85), new Vec3(0.5, 0.6, 1.7), 0), "#1565c0"),
    ];

    /// <summary>The 2D box of a cuboid's projection into the demo camera (clipped to the image).</summary>
    public static Box2D Project(Cuboid box)
    {
        var (cos, sin) = (Math.Cos(box.Yaw), Math.Sin(box.Yaw));
        double minU = double.MaxValue, minV = double.MaxValue, maxU = double.MinValue, maxV = double.MinValue;
        var m = CameraCalibration.SensorToCommon;
        foreach (var dx in new[] { -0.5, 0.5 })
        {
            foreach (var dy in new[] { -0.5, 0.5 })
            {
                foreach (var dz in new[] { -0.5, 0.5 })
                {
                    var lx = dx * box.Size.X;
                    var ly = dy * box.Size.Y;
                    var x = box.Center.X + (cos * lx) - (sin * ly);
                    var y = box.Center.Y + (sin * lx) + (cos * ly);
                    var z = box.Center.Z + (dz * box.Size.Z);
                    // Inverse of a rigid transform: R^T (p - t).
                    var px = x - m[3];
                    var py = y - m[7];
                    var pz = z - m[11];
                    var cx = (m[0] * px) + (m[4] * py) + (m[8] * pz);
                    var cy = (m[1] * px) + (m[5] * py) + (m[9] * pz);
                    var cz = (m[2] * px) + (m[6] * py) + (m[10] * pz);
                    var u = (Intrinsics.Fx * cx / cz) + Intrinsics.Cx;
                    var v = (Intrinsics.Fy * cy / cz) + Intrinsics.Cy;
                    (minU, maxU, minV, maxV) = (Math.Min(minU, u), Math.Max(maxU, u), Math.Min(minV, v), Math.Max(maxV, v));
                }
            }
        }
        minU = Math.Clamp(minU, 0, ImageWidth);
        maxU = Math.Clamp(maxU, 0, ImageWidth);
        minV = Math.Clamp(minV, 0, ImageHeight);
        maxV = Math.Clamp(maxV, 0, ImageHeight);
        return new Box2D(Math.Round(minU, 1), Math.Round(minV, 1), Math.Round(maxU - minU, 1), Math.Round(maxV - minV, 1));
    }

    /// <summary>A synthetic LiDAR sweep: a ground plane in rings plus points on every object's faces, as KITTI float32 x,y,z,r.</summary>
    public static byte[] LidarSweep(IReadOnlyList<SceneObject> objects)
    {
        var points = new List<float>();
        var random = new Random(7);
        for (var ring = 0; ring < 48; ring++)
        {
            var range = 3 + (ring * 0.8);
            for (var step = 0; step < 720; step++)
            {
                var angle = (step / 720.0 * 2 * Math.PI) - Math.PI;
                points.AddRange([(float)(range * Math.Cos(angle)), (float)(range * Math.Sin(angle)), (float)(-1.7 + (random.NextDouble() * 0.03)), 0.2f]);
            }
        }
        foreach (var o in objects)
        {
            var (cos, sin) = (Math.Cos(o.Box.Yaw), Math.Sin(o.Box.Yaw));
            for (var i = 0; i < 1500; i++)
            {
                // Points on the box surface: pick a face, then a point on it.
                var face = random.Next(6);
                var a = random.NextDouble() - 0.5;
                var b = random.NextDouble() - 0.5;
                var (lx, ly, lz) = face switch
                {
                    0 => (-0.5, a, b),
                    1 => (0.5, a, b),
                    2 => (a, -0.5, b),
                    3 => (a, 0.5, b),
                    4 => (a, b, 0.5),
                    _ => (a, b, -0.5),
                };
                lx *= o.Box.Size.X;
                ly *= o.Box.Size.Y;
                lz *= o.Box.Size.Z;
                points.AddRange([
                    (float)(o.Box.Center.X + (cos * lx) - (sin * ly)),
                    (float)(o.Box.Center.Y + (sin * lx) + (cos * ly)),
                    (float)(o.Box.Center.Z + lz),
                    0.6f]);
            }
        }
        var bytes = new byte[points.Count * sizeof(float)];
        Buffer.BlockCopy(points.ToArray(), 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
