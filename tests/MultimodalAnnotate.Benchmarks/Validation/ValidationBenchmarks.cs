using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Benchmarks.Validation;

/// <summary>
/// One realistic item (5 assets, 300 annotations, 100 entities, 60 classes) validated on one core.
/// Target: median ≤ 200 µs. Run: dotnet run -c Release --project tests/MultimodalAnnotate.Benchmarks -- --filter '*ItemValidationBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(OneCore))]
public class ItemValidationBenchmarks
{
    private ItemValidator _validator = null!;
    private ItemSnapshot _item = null!;

    [GlobalSetup]
    public void Setup()
    {
        _validator = new ItemValidator(RealisticItem.Ontology, RealisticItem.Policy);
        _item = RealisticItem.Create(1);
        var annotations = _item.Annotations.ToArray();
        var box = (Box2D)annotations[0].Geometry;
        annotations[0] = annotations[0] with { Geometry = box with { X = box.X + 1 } };
        _nudged = _item with { Annotations = annotations };
        _validator.Validate(_item, _memo);
        var findings = _validator.Validate(_item);
        Console.WriteLine($"// item: {RealisticItem.Describe(_item)}; {findings.Count} findings: " +
                          string.Join(", ", findings.GroupBy(f => f.RuleCode).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
    }

    [Benchmark]
    public int ValidateOneItem() => _validator.Validate(_item).Count;

    /// <summary>
    /// The save path's engine work: the item after a one-box edit, validated with the memo of the version before
    /// (two versions that differ in the first box, alternated, so every call sees one changed annotation).
    /// </summary>
    [Benchmark]
    public int ValidateAfterAnEditWithTheMemo()
    {
        _edited = !_edited;
        return _validator.Validate(_edited ? _nudged : _item, _memo).Count;
    }

    private readonly ValidationMemo _memo = new();
    private ItemSnapshot _nudged = null!;
    private bool _edited;

    private sealed class OneCore : ManualConfig
    {
        public OneCore() => AddJob(Job.Default.WithAffinity(1).WithWarmupCount(40).WithIterationCount(20));
    }
}

/// <summary>
/// Batch validation: 2,000 distinct realistic items validated in parallel on 2 cores, one shared validator.
/// Reported time is per item (OperationsPerInvoke); items/s = 1 s / that time. Target: ≥ 10,000 items/s.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TwoCores))]
public class BatchValidationBenchmarks
{
    private const int Items = 2000;
    private ItemValidator _validator = null!;
    private ItemSnapshot[] _items = null!;

    [GlobalSetup]
    public void Setup()
    {
        _validator = new ItemValidator(RealisticItem.Ontology, RealisticItem.Policy);
        _items = Enumerable.Range(0, Items).Select(RealisticItem.Create).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Items)]
    public long ValidateBatchOnTwoCores()
    {
        long findings = 0;
        Parallel.For(
            0, _items.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            () => 0L,
            (i, _, local) => local + _validator.Validate(_items[i]).Count,
            local => Interlocked.Add(ref findings, local));
        return findings;
    }

    private sealed class TwoCores : ManualConfig
    {
        public TwoCores() => AddJob(Job.Default.WithAffinity(3).WithWarmupCount(3).WithIterationCount(15));
    }
}
