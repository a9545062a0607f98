namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>Thins clouds too large to send to a browser (over about a million points).</summary>
public static class Decimation
{
    /// <summary>Above this many points, <see cref="ToBudget"/> thins a cloud.</summary>
    public const int DefaultBudget = 1_000_000;

    /// <summary>Every <paramref name="stride"/>-th point.</summary>
    public static PointCloud Stride(PointCloud cloud, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var indices = new int[(cloud.Count + stride - 1) / stride];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = i * stride;
        }

        return cloud.Select(indices);
    }

    /// <summary>
    /// One point per occupied voxel of edge <paramref name="voxelSize"/> metres (the first point met, so every kept
    /// point is a real measurement with its own intensity). Invalid (NaN) points are dropped.
    /// </summary>
    public static PointCloud Voxel(PointCloud cloud, float voxelSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(voxelSize);
        var inv = 1 / voxelSize;
        var seen = new HashSet<long>(Math.Min(cloud.Count, 1 << 20));
        var kept = new List<int>();
        for (var i = 0; i < cloud.Count; i++)
        {
            float x = cloud.X[i], y = cloud.Y[i], z = cloud.Z[i];
            if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
            {
                continue;
            }

            // 21 bits per axis: ±1 M voxels, i.e. ±100 km at 10 cm.
            var key = ((long)(Math.Floor(x * inv) + (1 << 20)) & 0x1FFFFF) |
                      (((long)(Math.Floor(y * inv) + (1 << 20)) & 0x1FFFFF) << 21) |
                      (((long)(Math.Floor(z * inv) + (1 << 20)) & 0x1FFFFF) << 42);
            if (seen.Add(key))
            {
                kept.Add(i);
            }
        }

        return cloud.Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(kept));
    }

    /// <summary>The cloud itself when within <paramref name="budget"/> points, else an even stride down to it.</summary>
    public static PointCloud ToBudget(PointCloud cloud, int budget = DefaultBudget) =>
        cloud.Count <= budget ? cloud : Stride(cloud, (cloud.Count + budget - 1) / budget);
}
