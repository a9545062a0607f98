using BenchmarkDotNet.Attributes;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Benchmarks.Media;

/// <summary>Reading and projecting a KITTI sweep (target ≤ 10 ms) and reading a 2M-point PCD (target ≤ 200 ms).</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class PointCloudBenchmarks
{
    private string _kittiBin = string.Empty;
    private Calibration _camera = null!;
    private string _pcdBinary = string.Empty;
    private string _pcdCompressed = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var kitti = Path.Combine(MediaBenchmarkData.Fixtures, "kitti");
        _kittiBin = Path.Combine(kitti, "velodyne", "000002.bin");
        _camera = KittiCalibration.Load(Path.Combine(kitti, "calib", "000002.txt")).Camera(2, 1242, 375);

        // 2M points: the KITTI sweep tiled 16 times with offsets (real LiDAR structure, not noise).
        var sweep = KittiBin.Read(File.ReadAllBytes(_kittiBin), "000002.bin");
        const int Target = 2_000_000;
        var x = new float[Target];
        var y = new float[Target];
        var z = new float[Target];
        var intensity = new float[Target];
        for (var i = 0; i < Target; i++)
        {
            var s = i % sweep.Count;
            var tile = i / sweep.Count;
            x[i] = sweep.X[s] + (tile * 150);
            y[i] = sweep.Y[s];
            z[i] = sweep.Z[s];
            intensity[i] = sweep.Intensity![s];
        }

        var big = new PointCloud(x, y, z, intensity);
        _pcdBinary = Path.Combine(MediaBenchmarkData.CacheFolder, "2m-binary.pcd");
        _pcdCompressed = Path.Combine(MediaBenchmarkData.CacheFolder, "2m-binary_compressed.pcd");
        File.WriteAllBytes(_pcdBinary, Pcd.Write(big, PcdEncoding.Binary));
        File.WriteAllBytes(_pcdCompressed, Pcd.Write(big, PcdEncoding.BinaryCompressed));
    }

    [Benchmark(Description = "KITTI sweep: read .bin + project into camera 2")]
    public int ReadAndProjectKitti()
    {
        var cloud = PointCloudReader.Read(_kittiBin);
        return CameraProjection.Project(cloud, KittiCalibration.Lidar, _camera).Count;
    }

    [Benchmark(Description = "2M-point PCD, binary")]
    public int ReadPcdBinary2M() => PointCloudReader.Read(_pcdBinary).Count;

    [Benchmark(Description = "2M-point PCD, binary_compressed (LZF)")]
    public int ReadPcdCompressed2M() => PointCloudReader.Read(_pcdCompressed).Count;
}
