using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Benchmarks.Store;

/// <summary>
/// A load driver for "validation adds ≤ 5 % to the save": the same save (UpdateAnnotation on the realistic item, see
/// <see cref="SaveBenchmarks"/>) against two databases on one PostgreSQL server, one with on-save validation and one
/// without, run in interleaved pairs (random order within each pair). BenchmarkDotNet measures one configuration
/// after the other, so on a VM whose CPU speed drifts minute to minute the drift lands between them; here both sides
/// of a pair run within milliseconds of each other and the drift cancels in the per-pair difference.
/// Run: scripts/bench.sh paired-save [pairs]
/// </summary>
internal static class PairedSaveDriver
{
    public static async Task RunAsync(int pairs)
    {
        using var on = Side.Create(validate: true);
        using var off = Side.Create(validate: false);
        var random = new Random(42);
        // Warm up long enough for tiered compilation to finish (in a short run the JIT thread takes a third of the
        // CPU and both sides run partly unoptimised code).
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < TimeSpan.FromSeconds(15))
        {
            await on.SaveAsync();
            await off.SaveAsync();
        }

        var withValidation = new double[pairs];
        var without = new double[pairs];
        for (var i = 0; i < pairs; i++)
        {
            if (random.Next(2) == 0)
            {
                withValidation[i] = await on.SaveAsync();
                without[i] = await off.SaveAsync();
            }
            else
            {
                without[i] = await off.SaveAsync();
                withValidation[i] = await on.SaveAsync();
            }
        }

        var differences = withValidation.Zip(without, (a, b) => a - b).ToArray();
        var offMedian = Median(without);
        var onMedian = Median(withValidation);
        var differenceMedian = Median(differences);
        var (low, high) = BootstrapInterval(differences, offMedian, random);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            // paired saves: {pairs} pairs, realistic item (5 assets, 300 annotations, 100 entities)
            //   save without validation: median {offMedian:F3} ms (p10 {Percentile(without, 0.1):F3}, p90 {Percentile(without, 0.9):F3})
            //   save with validation:    median {onMedian:F3} ms (p10 {Percentile(withValidation, 0.1):F3}, p90 {Percentile(withValidation, 0.9):F3})
            //   per-pair difference:     median {differenceMedian:F3} ms = {100 * differenceMedian / offMedian:+0.0;-0.0} % of the save without validation (95 % bootstrap interval {low:+0.0;-0.0} % … {high:+0.0;-0.0} %)
            //   ratio of medians:        {100 * (onMedian / offMedian - 1):+0.0;-0.0} %
            //   snapshot cache: {on.CacheHits} hits, {on.CacheMisses} misses; engine memo: {on.MemoReuses} annotation facts reused
            """));
    }

    private static double Median(double[] values) => Percentile(values, 0.5);

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(p * (sorted.Length - 1))];
    }

    /// <summary>95 % percentile-bootstrap interval of the median difference, as a percentage of the save without validation.</summary>
    private static (double Low, double High) BootstrapInterval(double[] differences, double baseline, Random random)
    {
        var medians = new double[2000];
        var sample = new double[differences.Length];
        for (var b = 0; b < medians.Length; b++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = differences[random.Next(differences.Length)];
            }

            medians[b] = 100 * Median(sample) / baseline;
        }

        return (Percentile(medians, 0.025), Percentile(medians, 0.975));
    }

    private sealed class Side : IDisposable
    {
        private readonly BenchmarkStore _store;
        private readonly Guid _annotationId;
        private readonly Guid _itemId;
        private int _version = 1;
        private int _step;

        private Side(BenchmarkStore store, Guid itemId, Guid annotationId) => (_store, _itemId, _annotationId) = (store, itemId, annotationId);

        public static Side Create(bool validate)
        {
            var store = BenchmarkStore.Create(new Dictionary<string, string?> { ["Validation:OnSave"] = validate ? "true" : "false" });
            using var scope = store.Services.CreateScope();
            var (item, annotation) = RealisticItem.Seed(scope.ServiceProvider.GetRequiredService<MultimodalAnnotate.Web.Data.AppDbContext>());
            return new Side(store, item, annotation);
        }

        public long CacheHits => _store.Services.GetRequiredService<MultimodalAnnotate.Web.Features.Validation.SnapshotCache>().Hits;

        /// <summary>Annotations whose derived facts the engine took from the item's memo, over every save.</summary>
        public long MemoReuses => _store.Services.GetRequiredService<MultimodalAnnotate.Web.Features.Validation.SnapshotCache>().MemoOf(_itemId)?.AnnotationReuses ?? 0;

        public long CacheMisses => _store.Services.GetRequiredService<MultimodalAnnotate.Web.Features.Validation.SnapshotCache>().Misses;

        /// <summary>One save; returns its latency in milliseconds.</summary>
        public async Task<double> SaveAsync()
        {
            var started = Stopwatch.GetTimestamp();
            using var scope = _store.Services.CreateScope();
            var update = scope.ServiceProvider.GetRequiredService<UpdateAnnotation>();
            _step++;
            var result = await update.ExecuteAsync(
                new UpdateAnnotation.Request(_annotationId, _version, Geometry: RealisticItem.Nudged(_step)),
                RealisticItem.UserId, CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"save failed: {result.Outcome}");
            }

            _version = result.Value!.Version;
            return elapsed;
        }

        public void Dispose() => _store.Dispose();
    }
}
