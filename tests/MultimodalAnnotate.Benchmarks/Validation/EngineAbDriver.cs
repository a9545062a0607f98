using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Benchmarks.Validation;

/// <summary>
/// An A/B driver for the engine's batch throughput (<c>scripts/bench.sh engine-ab REV</c>): two builds of this assembly
/// (each with its own engine) are loaded into two load contexts of one process, validate the same distinct realistic
/// items on two cores, and take turns in chunks for the whole run. The VM's speed drifts by ±20 % within minutes;
/// alternating every few hundred milliseconds puts both builds in the same minutes, which separate runs cannot.
/// </summary>
public static class EngineAbDriver
{
    private const int Chunk = 400;

    public static void Run(string buildA, string buildB, double seconds, int items = 2000)
    {
        var builds = new[] { Load(buildA, items), Load(buildB, items) };
        var findings = builds.Select(b => b(200)).ToArray();
        if (findings[0] != findings[1])
        {
            Console.WriteLine($"note: the builds report different findings on the same items ({findings[0]} vs {findings[1]})");
        }

        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 8)
        {
            builds[0](Chunk);
            builds[1](Chunk);
        }

        var total = new double[2];
        var ratios = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; clock.Elapsed.TotalSeconds < seconds; round++)
        {
            var perItem = new double[2];
            foreach (var k in round % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                var start = Stopwatch.GetTimestamp();
                builds[k](Chunk);
                perItem[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / Chunk;
            }

            total[0] += perItem[0];
            total[1] += perItem[1];
            ratios.Add(perItem[1] / perItem[0]);
        }

        ratios.Sort();
        var n = ratios.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"A {total[0] / n:F1} µs per item ({1e6 / (total[0] / n):F0}/s), B {total[1] / n:F1} µs per item ({1e6 / (total[1] / n):F0}/s): B/A {total[1] / total[0]:F3}, median of {n} rounds {ratios[n / 2]:F3} (quartiles {ratios[n / 4]:F3} … {ratios[3 * n / 4]:F3})"));
    }

    /// <summary>
    /// Loads a build's copy of this assembly (and so its engine) and returns a batch function over that build's
    /// realistic items: validates the next <c>count</c> items round robin on two cores, returning their findings. The
    /// build's types are reached by reflection, so any revision with <see cref="RealisticItem"/> can be compared.
    /// </summary>
    private static Func<int, long> Load(string folder, int items)
    {
        var path = Path.GetFullPath(Path.Combine(folder, "MultimodalAnnotate.Benchmarks.dll"));
        var context = new BuildContext(path);
        var benchmarks = context.LoadFromAssemblyPath(path);
        var realistic = benchmarks.GetType(typeof(RealisticItem).FullName!, throwOnError: true)!;
        var engine = context.LoadFromAssemblyName(typeof(ItemValidator).Assembly.GetName());
        var validatorType = engine.GetType(typeof(ItemValidator).FullName!, throwOnError: true)!;
        var ontology = realistic.GetProperty(nameof(RealisticItem.Ontology))!.GetValue(null)!;
        var policy = realistic.GetProperty(nameof(RealisticItem.Policy))!.GetValue(null)!;
        var validator = Activator.CreateInstance(validatorType, ontology, policy)!;
        var validate = validatorType.GetMethod(nameof(ItemValidator.Validate), [engine.GetType(typeof(ItemSnapshot).FullName!, throwOnError: true)!])!;
        var create = realistic.GetMethod(nameof(RealisticItem.Create))!;
        var snapshots = Enumerable.Range(0, items).Select(i => create.Invoke(null, [i])!).ToArray();
        var next = 0;
        return count =>
        {
            var first = next;
            next = (next + count) % snapshots.Length;
            long findings = 0;
            Parallel.For(
                0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 },
                () => 0L,
                (i, _, local) => local + ((System.Collections.ICollection)validate.Invoke(validator, [snapshots[(first + i) % snapshots.Length]])!).Count,
                local => Interlocked.Add(ref findings, local));
            return findings;
        };
    }

    private sealed class BuildContext(string mainAssembly) : AssemblyLoadContext(Path.GetFileNameWithoutExtension(mainAssembly) + " " + Path.GetDirectoryName(mainAssembly))
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName name) =>
            _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
