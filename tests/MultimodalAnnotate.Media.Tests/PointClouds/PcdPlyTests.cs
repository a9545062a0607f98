using System.Text;
using CsCheck;
using MultimodalAnnotate.Media.PointClouds;

namespace MultimodalAnnotate.Media.Tests.PointClouds;

public sealed class PcdPlyTests
{
    private static PointCloud Sample(int n, bool intensity = true, bool rgb = false)
    {
        var rng = new Random(n);
        float R() => (float)((rng.NextDouble() * 200) - 100);
        return new PointCloud(
            Enumerable.Range(0, n).Select(_ => R()).ToArray(),
            Enumerable.Range(0, n).Select(_ => R()).ToArray(),
            Enumerable.Range(0, n).Select(_ => R()).ToArray(),
            intensity ? Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray() : null,
            rgb ? Enumerable.Range(0, n).Select(_ => (uint)rng.Next(0, 1 << 24)).ToArray() : null);
    }

    private static void ShouldEqual(PointCloud actual, PointCloud expected)
    {
        actual.Count.Should().Be(expected.Count);
        actual.X.Should().Equal(expected.X);
        actual.Y.Should().Equal(expected.Y);
        actual.Z.Should().Equal(expected.Z);
        actual.Intensity.Should().Equal(expected.Intensity);
        actual.Rgb.Should().Equal(expected.Rgb);
    }

    [Theory]
    [InlineData(PcdEncoding.Ascii)]
    [InlineData(PcdEncoding.Binary)]
    [InlineData(PcdEncoding.BinaryCompressed)]
    public void Pcd_WriteThenRead_EqualsOriginal(PcdEncoding encoding)
    {
        var cloud = Sample(5000, rgb: true);

        ShouldEqual(Pcd.Read(Pcd.Write(cloud, encoding), "cloud.pcd"), cloud);
    }

    [Fact]
    public void Pcd_KittiSweepThroughEveryEncoding_EqualsOriginal()
    {
        var cloud = PointCloudReader.Read(Fixtures.Path_("kitti", "velodyne", "000001.bin"));

        foreach (var encoding in Enum.GetValues<PcdEncoding>())
        {
            ShouldEqual(Pcd.Read(Pcd.Write(cloud, encoding), "000001.pcd"), cloud);
        }

        // Real LiDAR data compresses.
        Pcd.Write(cloud, PcdEncoding.BinaryCompressed).Length.Should().BeLessThan(Pcd.Write(cloud, PcdEncoding.Binary).Length);
    }

    [Theory]
    [InlineData(PlyEncoding.Ascii)]
    [InlineData(PlyEncoding.BinaryLittleEndian)]
    [InlineData(PlyEncoding.BinaryBigEndian)]
    public void Ply_WriteThenRead_EqualsOriginal(PlyEncoding encoding)
    {
        var cloud = Sample(3000, rgb: true);

        ShouldEqual(Ply.Read(Ply.Write(cloud, encoding), "cloud.ply"), cloud);
    }

    [Fact]
    public void Pcd_CompressedByRealLiblzf_ReadsSameAsAsciiReference()
    {
        // Resources/liblzf-gen.c.txt wrote both files: the compressed one with liblzf 3.6's lzf_compress.
        var compressed = Pcd.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Resources", "liblzf-binary_compressed.pcd")), "liblzf.pcd");
        var reference = Pcd.Read(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Resources", "liblzf-reference.pcd")), "reference.pcd");

        compressed.Count.Should().Be(200);
        ShouldEqual(compressed, reference);
        compressed.X[10].Should().Be(1.0f);
    }

    [Fact]
    public void Lzf_AnyBytes_RoundTrip()
    {
        // A repeated pattern (long matches, up to the 264-byte maximum and beyond) followed by noise.
        var gen = Gen.Select(Gen.Byte.Array[1, 40], Gen.Int[0, 400], Gen.Byte[0, 8].Array[0, 3000],
            (pattern, repeats, noise) => Enumerable.Repeat(pattern, repeats).SelectMany(p => p).Concat(noise).ToArray());
        gen.Sample(data =>
        {
            var compressed = new byte[Lzf.MaxCompressedLength(data.Length)];
            var size = Lzf.Compress(data, compressed);
            var back = new byte[data.Length];

            var written = Lzf.Decompress(compressed.AsSpan(0, size), back);

            written.Should().Be(data.Length);
            back.Should().Equal(data);
        });
    }

    [Fact]
    public void Pcd_HeaderClaimsMorePointsThanData_NamesPointsField()
    {
        var bytes = Pcd.Write(Sample(100), PcdEncoding.Binary);
        var lying = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bytes).Replace("WIDTH 100", "WIDTH 150", StringComparison.Ordinal).Replace("POINTS 100", "POINTS 150", StringComparison.Ordinal));

        var act = () => Pcd.Read(lying, "scan.pcd");

        act.Should().Throw<MediaFormatException>().WithMessage("scan.pcd: POINTS: header declares 150 points (2400 bytes) but only 1600 bytes*");
    }

    [Theory]
    [InlineData(PcdEncoding.Ascii)]
    [InlineData(PcdEncoding.BinaryCompressed)]
    public void Pcd_HeaderLiesInOtherEncodings_NamesPointsField(PcdEncoding encoding)
    {
        var text = Encoding.Latin1.GetString(Pcd.Write(Sample(100), encoding));
        var lying = Encoding.Latin1.GetBytes(text.Replace("WIDTH 100", "WIDTH 120", StringComparison.Ordinal).Replace("POINTS 100", "POINTS 120", StringComparison.Ordinal));

        var act = () => Pcd.Read(lying, "scan.pcd");

        act.Should().Throw<MediaFormatException>().Where(e => e.Field == "POINTS" && e.FileName == "scan.pcd").WithMessage("*120 points*");
    }

    [Fact]
    public void Pcd_CorruptCompressedBlock_SaysCorrupt()
    {
        var bytes = Pcd.Write(Sample(500), PcdEncoding.BinaryCompressed);
        var dataStart = Encoding.Latin1.GetString(bytes).IndexOf("DATA binary_compressed\n", StringComparison.Ordinal) + 23;
        var compressedSize = BitConverter.ToInt32(bytes, dataStart);
        BitConverter.GetBytes(compressedSize - 40).CopyTo(bytes, dataStart);

        var act = () => Pcd.Read(bytes, "z.pcd");

        act.Should().Throw<MediaFormatException>().WithMessage("z.pcd: DATA: LZF data is corrupt*");
    }

    [Fact]
    public void Pcd_PointsDisagreesWithWidthTimesHeight_SaysSo()
    {
        var text = Encoding.ASCII.GetString(Pcd.Write(Sample(10), PcdEncoding.Ascii)).Replace("POINTS 10", "POINTS 11", StringComparison.Ordinal);

        var act = () => Pcd.Read(Encoding.ASCII.GetBytes(text), "a.pcd");

        act.Should().Throw<MediaFormatException>().WithMessage("a.pcd: POINTS: header says POINTS 11 but WIDTH × HEIGHT = 10 × 1 = 10");
    }

    [Fact]
    public void Ply_UnknownPropertyType_NamesProperty()
    {
        var ply = "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nproperty quad confidence\nend_header\n0 0 0 1\n"u8.ToArray();

        var act = () => Ply.Read(ply, "mesh.ply");

        act.Should().Throw<MediaFormatException>().WithMessage("mesh.ply: property 'confidence': unknown PLY property type 'quad'");
    }

    [Fact]
    public void Ply_FacesBeforeVertices_AreReadPast()
    {
        using var body = new MemoryStream();
        body.Write("ply\nformat binary_little_endian 1.0\nelement face 2\nproperty list uchar int vertex_indices\nelement vertex 2\nproperty double x\nproperty double y\nproperty double z\nproperty ushort intensity\nend_header\n"u8);
        foreach (var face in new[] { new[] { 0, 1, 0 }, new[] { 1, 0, 1 } })
        {
            body.WriteByte(3);
            foreach (var v in face)
            {
                body.Write(BitConverter.GetBytes(v));
            }
        }

        foreach (var (x, i) in new[] { (1.5, (ushort)7), (-2.25, (ushort)9) })
        {
            body.Write(BitConverter.GetBytes(x));
            body.Write(BitConverter.GetBytes(0.0));
            body.Write(BitConverter.GetBytes(3.0));
            body.Write(BitConverter.GetBytes(i));
        }

        var cloud = Ply.Read(body.ToArray(), "mixed.ply");

        cloud.X.Should().Equal(1.5f, -2.25f);
        cloud.Z.Should().Equal(3f, 3f);
        cloud.Intensity.Should().Equal(7f, 9f);
    }

    [Fact]
    public void Ply_TruncatedBinary_SaysTruncated()
    {
        var bytes = Ply.Write(Sample(50), PlyEncoding.BinaryLittleEndian)[..^10];

        var act = () => Ply.Read(bytes, "cut.ply");

        act.Should().Throw<MediaFormatException>().WithMessage("cut.ply: element vertex: declares 50 vertices*truncated*");
    }
}
