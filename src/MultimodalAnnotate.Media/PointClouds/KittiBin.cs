using System.Runtime.InteropServices;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>KITTI Velodyne scans: a headerless array of little-endian float32 (x, y, z, reflectance) records.</summary>
public static class KittiBin
{
    private const int RecordSize = 16;

    /// <summary>Reads a scan; a length that is not a whole number of 16-byte records means the file is truncated.</summary>
    public static PointCloud Read(ReadOnlySpan<byte> data, string fileName)
    {
        if (data.Length % RecordSize != 0)
        {
            throw new MediaFormatException(fileName, "length", $"{data.Length} bytes is not a whole number of 16-byte (x, y, z, reflectance) records: the file is truncated or not a KITTI scan");
        }

        var floats = MemoryMarshal.Cast<byte, float>(data);
        var n = data.Length / RecordSize;
        var x = new float[n];
        var y = new float[n];
        var z = new float[n];
        var r = new float[n];
        for (var i = 0; i < n; i++)
        {
            var o = i * 4;
            x[i] = floats[o];
            y[i] = floats[o + 1];
            z[i] = floats[o + 2];
            r[i] = floats[o + 3];
        }

        return new PointCloud(x, y, z, r);
    }

    /// <summary>Writes a scan (reflectance 0 when the cloud has none).</summary>
    public static byte[] Write(PointCloud cloud)
    {
        var result = new byte[cloud.Count * RecordSize];
        var floats = MemoryMarshal.Cast<byte, float>(result.AsSpan());
        for (var i = 0; i < cloud.Count; i++)
        {
            floats[4 * i] = cloud.X[i];
            floats[(4 * i) + 1] = cloud.Y[i];
            floats[(4 * i) + 2] = cloud.Z[i];
            floats[(4 * i) + 3] = cloud.Intensity?[i] ?? 0;
        }

        return result;
    }
}
