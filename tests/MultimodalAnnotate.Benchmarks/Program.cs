using BenchmarkDotNet.Running;

namespace MultimodalAnnotate.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line (<c>--filter '*'</c> for all), the paired save driver
/// (<c>paired-save</c>) or the engine A/B driver (<c>engine-ab BUILD_A BUILD_B [SECONDS]</c>); see docs/performance.md.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task Main(string[] args)
    {
        if (args is ["paired-save", ..])
        {
            // A load driver, not a BenchmarkDotNet benchmark: see Store/PairedSaveDriver.
            await Store.PairedSaveDriver.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 400);
            return;
        }

        if (args is ["engine-ab", var buildA, var buildB, ..])
        {
            // Two builds of the engine in one process, taking turns: see Validation/EngineAbDriver.
            Validation.EngineAbDriver.Run(buildA, buildB, args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
