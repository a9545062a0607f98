using MultimodalAnnotate.Media.PointClouds;
using NetVips;

namespace MultimodalAnnotate.Media.Tests.PointClouds;

public sealed class KittiTests
{
    private static string Kitti(string folder, string file) => Fixtures.Path_("kitti", folder, file);

    /// <summary>The README formula, computed independently: x = P2 · R0_rect · Tr_velo_to_cam · X.</summary>
    private static int ReferenceCount(float[] raw, string calibPath, int width, int height, double near)
    {
        var rows = File.ReadAllLines(calibPath).Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        double[,] p2 = new double[3, 4], r0 = new double[4, 4], tr = new double[4, 4];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                p2[i, j] = rows["P2"][(i * 4) + j];
                tr[i, j] = rows["Tr_velo_to_cam"][(i * 4) + j];
                r0[i, j] = j < 3 ? rows["R0_rect"][(i * 3) + j] : 0;
            }
        }

        r0[3, 3] = tr[3, 3] = 1;
        var count = 0;
        for (var n = 0; n < raw.Length / 4; n++)
        {
            double[] x = [raw[4 * n], raw[(4 * n) + 1], raw[(4 * n) + 2], 1];
            var a = new double[4];
            var b = new double[4];
            var c = new double[3];
            for (var i = 0; i < 4; i++)
            {
                for (var k = 0; k < 4; k++)
                {
                    a[i] += tr[i, k] * x[k];
                }
            }

            for (var i = 0; i < 4; i++)
            {
                for (var k = 0; k < 4; k++)
                {
                    b[i] += r0[i, k] * a[k];
                }
            }

            for (var i = 0; i < 3; i++)
            {
                for (var k = 0; k < 4; k++)
                {
                    c[i] += p2[i, k] * b[k];
                }
            }

            // Depth along the optical axis of camera 2 is c[2] (P2's third row is [0 0 1 t_z]).
            if (c[2] > near)
            {
                double u = c[0] / c[2], v = c[1] / c[2];
                if (u >= 0 && u < width && v >= 0 && v < height)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Theory]
    [InlineData("000000")]
    [InlineData("000001")]
    [InlineData("000002")]
    public void Project_KittiSweepIntoCamera2_LandsInsideImageWithReadmeFormulaCount(string frame)
    {
        var binPath = Kitti("velodyne", frame + ".bin");
        var cloud = PointCloudReader.Read(binPath);
        using var image = Image.NewFromFile(Kitti("image_2", frame + ".png"));
        var camera = KittiCalibration.Load(Kitti("calib", frame + ".txt")).Camera(2, image.Width, image.Height);

        var projected = CameraProjection.Project(cloud, KittiCalibration.Lidar, camera, nearPlane: 0.1);

        cloud.Count.Should().Be((int)(new FileInfo(binPath).Length / 16));
        var raw = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(binPath)).ToArray();
        projected.Count.Should().Be(ReferenceCount(raw, Kitti("calib", frame + ".txt"), image.Width, image.Height, 0.1))
            .And.BeInRange(10_000, cloud.Count / 2);
        for (var i = 0; i < projected.Count; i++)
        {
            projected.Uvd[3 * i].Should().BeInRange(0, image.Width);
            projected.Uvd[(3 * i) + 1].Should().BeInRange(0, image.Height);
            projected.Uvd[(3 * i) + 2].Should().BeGreaterThan(0.1f);
        }
    }

    [Fact]
    public void Camera_KittiCalibration_HasIntrinsicsFromP2()
    {
        var camera = KittiCalibration.Load(Kitti("calib", "000000.txt")).Camera(2, 1242, 375);

        camera.Intrinsics!.Fx.Should().BeApproximately(707.0493, 1e-4);
        camera.Intrinsics.Cx.Should().BeApproximately(604.0814, 1e-4);
        camera.Intrinsics.Cy.Should().BeApproximately(180.5066, 1e-4);
        // Camera → LiDAR rotation columns: the optical axis (camera z) looks along LiDAR +x, camera x (right) is
        // LiDAR −y and camera y (down) is LiDAR −z.
        var m = camera.SensorToCommon;
        (m[2], m[6], m[10]).Should().Match<(double X, double Y, double Z)>(z => z.X > 0.99 && Math.Abs(z.Y) < 0.02 && Math.Abs(z.Z) < 0.02);
        (m[0], m[4], m[8]).Should().Match<(double X, double Y, double Z)>(x => x.Y < -0.99);
        (m[1], m[5], m[9]).Should().Match<(double X, double Y, double Z)>(y => y.Z < -0.99);
    }

    [Fact]
    public void DepthOverlay_KittiFrame_IsAPngOfTheImageSize()
    {
        using var image = Image.NewFromFile(Kitti("image_2", "000000.png"));
        var camera = KittiCalibration.Load(Kitti("calib", "000000.txt")).Camera(2, image.Width, image.Height);
        var projected = CameraProjection.Project(PointCloudReader.Read(Kitti("velodyne", "000000.bin")), KittiCalibration.Lidar, camera);

        var png = Rasters.DepthOverlayPng(projected, Kitti("image_2", "000000.png"));

        using var overlay = Image.NewFromBuffer(png);
        (overlay.Width, overlay.Height, overlay.Bands).Should().Be((image.Width, image.Height, 3));
    }

    [Fact]
    public void BirdsEye_KittiSweep_HeightsComeFromPointsAndCountsAddUp()
    {
        var cloud = PointCloudReader.Read(Kitti("velodyne", "000000.bin"));

        var grid = Rasters.Project(cloud, ProjectionView.BirdsEye, 0.2, (-40, 40), (0, 70));

        (grid.Width, grid.Height).Should().Be((400, 350));
        var inside = Enumerable.Range(0, cloud.Count).Count(i => cloud.X[i] >= 0 && cloud.X[i] < 70 && -cloud.Y[i] >= -40 && -cloud.Y[i] < 40);
        grid.Counts.Sum().Should().Be(inside);
        var maxZ = Enumerable.Range(0, cloud.Count).Where(i => cloud.X[i] >= 0 && cloud.X[i] < 70 && -cloud.Y[i] >= -40 && -cloud.Y[i] < 40).Max(i => cloud.Z[i]);
        grid.Values.Where(v => !float.IsNaN(v)).Max().Should().Be(maxZ);
        using var png = Image.NewFromBuffer(grid.ToValuePng());
        (png.Width, png.Height).Should().Be((400, 350));
    }

    [Fact]
    public void SideAndFront_KittiSweep_CoverTheCloud()
    {
        var cloud = PointCloudReader.Read(Kitti("velodyne", "000001.bin"));

        var side = Rasters.Project(cloud, ProjectionView.Side, 0.25);
        var front = Rasters.Project(cloud, ProjectionView.Front, 0.25);

        side.Counts.Sum().Should().Be(cloud.Count);
        front.Counts.Sum().Should().Be(cloud.Count);
        Image.NewFromBuffer(side.ToDensityPng()).Width.Should().Be(side.Width);
    }

    [Fact]
    public void Read_TruncatedBin_NamesFileAndLength()
    {
        var bytes = File.ReadAllBytes(Kitti("velodyne", "000000.bin"))[..^5];

        var act = () => KittiBin.Read(bytes, "000000.bin");

        act.Should().Throw<MediaFormatException>().WithMessage("000000.bin: length: * not a whole number of 16-byte*truncated*");
    }

    [Fact]
    public void Statistics_KittiSweep_BoundsContainEveryPoint()
    {
        var cloud = PointCloudReader.Read(Kitti("velodyne", "000002.bin"));

        var stats = PointCloudStatistics.Compute(cloud);

        stats.ValidCount.Should().Be(cloud.Count);
        stats.Min.X.Should().Be(cloud.X.Min());
        stats.Max.Z.Should().Be(cloud.Z.Max());
        stats.IntensityMax.Should().BeLessThanOrEqualTo(1);
        stats.Mean.X.Should().BeApproximately((float)cloud.X.Average(v => (double)v), 1e-3f);
    }

    [Fact]
    public void Decimate_LargeCloud_StaysWithinBudgetAndVoxelKeepsOnePerCell()
    {
        var cloud = PointCloudReader.Read(Kitti("velodyne", "000000.bin"));

        Decimation.ToBudget(cloud, 50_000).Count.Should().BeLessThanOrEqualTo(50_000).And.BeGreaterThan(25_000);
        Decimation.ToBudget(cloud).Should().BeSameAs(cloud);
        var voxel = Decimation.Voxel(cloud, 0.5f);
        voxel.Count.Should().BeLessThan(cloud.Count);
        var cells = Enumerable.Range(0, voxel.Count).Select(i => (Math.Floor(voxel.X[i] / 0.5f), Math.Floor(voxel.Y[i] / 0.5f), Math.Floor(voxel.Z[i] / 0.5f)));
        cells.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Transfer_WriteThenRead_KeepsPoints()
    {
        var cloud = PointCloudReader.Read(Kitti("velodyne", "000000.bin"));

        var bytes = PointCloudTransfer.Write(cloud);
        var back = PointCloudTransfer.Read(bytes);

        bytes.Length.Should().Be(16 + (cloud.Count * 16));
        back.X.Should().Equal(cloud.X);
        back.Intensity.Should().Equal(cloud.Intensity);
    }
}
