using BenchmarkDotNet.Attributes;
using MultimodalAnnotate.Validation.Agreement;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Benchmarks.Agreement;

/// <summary>Hungarian matching on dense random IoU matrices (O(n³)).</summary>
[MemoryDiagnoser]
public class HungarianBenchmarks
{
    private double[][] _similarity = [];

    [Params(10, 50, 200)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _similarity = Enumerable.Range(0, Size).Select(_ => Enumerable.Range(0, Size).Select(_ => random.NextDouble()).ToArray()).ToArray();
    }

    [Benchmark]
    public int MaximumSimilarityMatching() => HungarianMatcher.MaximumSimilarityMatching(_similarity, 0.5).Count;
}

/// <summary>A full agreement report: 3 annotators × 200 images × 10 jittered boxes with some label noise and misses.</summary>
[MemoryDiagnoser]
public class AgreementReportBenchmarks
{
    private List<AssetSnapshot> _assets = [];
    private List<AnnotatorWork> _work = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        string[] labels = ["car", "person", "bike", "truck"];
        _assets = Enumerable.Range(0, 200).Select(_ => new AssetSnapshot(Guid.NewGuid(), Modality.Image, "cam", new CaptureTime(), Width: 1000, Height: 1000)).ToList();
        var objects = _assets.SelectMany(a => Enumerable.Range(0, 10).Select(i => (Asset: a.Id, X: 90.0 * i, Y: random.NextDouble() * 900, Label: labels[random.Next(labels.Length)]))).ToList();
        _work = Enumerable.Range(0, 3).Select(k => new AnnotatorWork(
            $"annotator {k}",
            objects.Where(_ => random.NextDouble() > 0.05).Select(o => new AnnotationSnapshot(
                Guid.NewGuid(),
                o.Asset,
                random.NextDouble() < 0.1 ? labels[random.Next(labels.Length)] : o.Label,
                new Dictionary<string, string>(),
                new Box2D(o.X + random.NextDouble() * 4, o.Y + random.NextDouble() * 4, 60, 60))).ToList())).ToList();
    }

    [Benchmark]
    public int Compute() => AgreementReport.Compute(_assets, _work).Units.Count;
}
