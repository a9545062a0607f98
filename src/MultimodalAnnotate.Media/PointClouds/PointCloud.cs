namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>
/// A point cloud as a struct of arrays: one float32 array per coordinate (sensor frame, metres) plus optional
/// intensity (reflectance) and packed colour (0x00RRGGBB). Columns make projection and statistics loops
/// vectorisable and cache-friendly; <see cref="PointCloudTransfer"/> interleaves them for the browser.
/// Points may be NaN (organised PCD clouds mark missing returns that way).
/// </summary>
public sealed class PointCloud
{
    public PointCloud(float[] x, float[] y, float[] z, float[]? intensity = null, uint[]? rgb = null)
    {
        if (y.Length != x.Length || z.Length != x.Length || (intensity is not null && intensity.Length != x.Length) || (rgb is not null && rgb.Length != x.Length))
        {
            throw new ArgumentException("all point columns must have the same length");
        }

        X = x;
        Y = y;
        Z = z;
        Intensity = intensity;
        Rgb = rgb;
    }

    public int Count => X.Length;
    public float[] X { get; }
    public float[] Y { get; }
    public float[] Z { get; }

    /// <summary>Reflectance / intensity per point, when the source has it.</summary>
    public float[]? Intensity { get; }

    /// <summary>Colour per point as 0x00RRGGBB, when the source has it.</summary>
    public uint[]? Rgb { get; }

    /// <summary>A cloud of the points at <paramref name="indices"/>, in that order.</summary>
    public PointCloud Select(ReadOnlySpan<int> indices)
    {
        var x = new float[indices.Length];
        var y = new float[indices.Length];
        var z = new float[indices.Length];
        var intensity = Intensity is null ? null : new float[indices.Length];
        var rgb = Rgb is null ? null : new uint[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var s = indices[i];
            x[i] = X[s];
            y[i] = Y[s];
            z[i] = Z[s];
            if (intensity is not null)
            {
                intensity[i] = Intensity![s];
            }

            if (rgb is not null)
            {
                rgb[i] = Rgb![s];
            }
        }

        return new PointCloud(x, y, z, intensity, rgb);
    }
}
