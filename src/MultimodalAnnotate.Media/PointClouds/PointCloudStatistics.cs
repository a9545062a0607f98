using System.Numerics;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>Bounds and summary of a cloud (NaN/∞ points are counted as invalid and left out).</summary>
public sealed record PointCloudStatistics(
    int Count,
    int ValidCount,
    Vector3 Min,
    Vector3 Max,
    Vector3 Mean,
    float? IntensityMin,
    float? IntensityMax,
    float? IntensityMean)
{
    /// <summary>Computes the statistics in one pass.</summary>
    public static PointCloudStatistics Compute(PointCloud cloud)
    {
        var min = new Vector3(float.PositiveInfinity);
        var max = new Vector3(float.NegativeInfinity);
        double sx = 0, sy = 0, sz = 0, si = 0;
        float imin = float.PositiveInfinity, imax = float.NegativeInfinity;
        var valid = 0;
        for (var i = 0; i < cloud.Count; i++)
        {
            var p = new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]);
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
            {
                continue;
            }

            valid++;
            min = Vector3.Min(min, p);
            max = Vector3.Max(max, p);
            sx += p.X;
            sy += p.Y;
            sz += p.Z;
            if (cloud.Intensity is { } intensity)
            {
                imin = Math.Min(imin, intensity[i]);
                imax = Math.Max(imax, intensity[i]);
                si += intensity[i];
            }
        }

        if (valid == 0)
        {
            return new PointCloudStatistics(cloud.Count, 0, Vector3.Zero, Vector3.Zero, Vector3.Zero, null, null, null);
        }

        var hasIntensity = cloud.Intensity is not null;
        return new PointCloudStatistics(
            cloud.Count,
            valid,
            min,
            max,
            new Vector3((float)(sx / valid), (float)(sy / valid), (float)(sz / valid)),
            hasIntensity ? imin : null,
            hasIntensity ? imax : null,
            hasIntensity ? (float)(si / valid) : null);
    }
}
