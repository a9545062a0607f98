using BenchmarkDotNet.Running;

namespace MultimodalAnnotate.Benchmarks;

/// <summary>Runs the benchmarks named on the command line (<c>--filter '*'</c> for all), or the paired save driver (<c>paired-save</c>); see docs/performance.md.</summary>
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

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
