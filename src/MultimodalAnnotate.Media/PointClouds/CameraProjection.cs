using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>
/// Points projected into a camera image: interleaved float32 (u, v, depth) triplets in pixels and metres
/// (depth = distance along the optical axis), and the index of each point in the source cloud.
/// </summary>
public sealed record ProjectedPoints(int Count, float[] Uvd, int[] SourceIndex, int ImageWidth, int ImageHeight);

/// <summary>Projects a cloud through calibrations into a pinhole camera.</summary>
public static class CameraProjection
{
    /// <summary>
    /// Keeps the points in front of the camera (depth &gt; <paramref name="nearPlane"/>) that land inside the image
    /// (0 ≤ u &lt; width, 0 ≤ v &lt; height). Both calibrations map their sensor to the same common frame.
    /// </summary>
    public static ProjectedPoints Project(PointCloud cloud, Calibration cloudSensor, Calibration camera, double nearPlane = 0.1)
    {
        var k = camera.Intrinsics ?? throw new ArgumentException("the camera calibration has no intrinsics", nameof(camera));
        var m = Matrix4.Multiply(Matrix4.Invert(camera.SensorToCommon), cloudSensor.SensorToCommon);
        double m00 = m[0], m01 = m[1], m02 = m[2], m03 = m[3];
        double m10 = m[4], m11 = m[5], m12 = m[6], m13 = m[7];
        double m20 = m[8], m21 = m[9], m22 = m[10], m23 = m[11];
        double fx = k.Fx, fy = k.Fy, cx = k.Cx, cy = k.Cy, w = k.Width, h = k.Height;

        var n = cloud.Count;
        var uvd = new float[n * 3];
        var index = new int[n];
        var count = 0;
        var xs = cloud.X;
        var ys = cloud.Y;
        var zs = cloud.Z;
        for (var i = 0; i < n; i++)
        {
            double x = xs[i], y = ys[i], z = zs[i];
            var depth = (m20 * x) + (m21 * y) + (m22 * z) + m23;
            if (!(depth > nearPlane))
            {
                continue;
            }

            var u = (fx * ((m00 * x) + (m01 * y) + (m02 * z) + m03) / depth) + cx;
            var v = (fy * ((m10 * x) + (m11 * y) + (m12 * z) + m13) / depth) + cy;
            if (u >= 0 && u < w && v >= 0 && v < h)
            {
                uvd[3 * count] = (float)u;
                uvd[(3 * count) + 1] = (float)v;
                uvd[(3 * count) + 2] = (float)depth;
                index[count++] = i;
            }
        }

        return new ProjectedPoints(count, uvd.AsSpan(0, count * 3).ToArray(), index.AsSpan(0, count).ToArray(), k.Width, k.Height);
    }
}
