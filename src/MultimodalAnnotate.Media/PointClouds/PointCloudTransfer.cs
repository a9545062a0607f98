using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>
/// The binary form served to the browser's three.js view: a 16-byte header then interleaved little-endian
/// float32, ready for <c>new Float32Array(buffer, 16)</c> as a BufferGeometry attribute.
/// <code>
/// 0  4  magic "MAPC"
/// 4  4  point count n (uint32)
/// 8  4  components per point: 3 (x y z) or 4 (x y z intensity)
/// 12 4  reserved (0)
/// 16 …  n × components float32
/// </code>
/// </summary>
public static class PointCloudTransfer
{
    /// <summary>Writes the cloud (with intensity when it has one and <paramref name="includeIntensity"/>).</summary>
    public static byte[] Write(PointCloud cloud, bool includeIntensity = true)
    {
        var components = includeIntensity && cloud.Intensity is not null ? 4 : 3;
        var bytes = new byte[16 + (cloud.Count * components * 4)];
        "MAPC"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)cloud.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)components);
        var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(16));
        for (var i = 0; i < cloud.Count; i++)
        {
            var o = i * components;
            floats[o] = cloud.X[i];
            floats[o + 1] = cloud.Y[i];
            floats[o + 2] = cloud.Z[i];
            if (components == 4)
            {
                floats[o + 3] = cloud.Intensity![i];
            }
        }

        return bytes;
    }

    /// <summary>Reads the transfer form back (used by tests and tools).</summary>
    public static PointCloud Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 16 || !data[..4].SequenceEqual("MAPC"u8))
        {
            throw new MediaFormatException("point transfer", "magic", "not a MAPC buffer");
        }

        var n = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        var components = (int)BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (components is not (3 or 4) || data.Length - 16 < (long)n * components * 4)
        {
            throw new MediaFormatException("point transfer", "count", "header and length disagree");
        }

        var floats = MemoryMarshal.Cast<byte, float>(data[16..]);
        var x = new float[n];
        var y = new float[n];
        var z = new float[n];
        var intensity = components == 4 ? new float[n] : null;
        for (var i = 0; i < n; i++)
        {
            var o = i * components;
            x[i] = floats[o];
            y[i] = floats[o + 1];
            z[i] = floats[o + 2];
            if (intensity is not null)
            {
                intensity[i] = floats[o + 3];
            }
        }

        return new PointCloud(x, y, z, intensity);
    }
}
