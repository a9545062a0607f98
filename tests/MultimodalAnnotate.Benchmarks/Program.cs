using BenchmarkDotNet.Running;

namespace MultimodalAnnotate.Benchmarks;

/// <summary>Runs the benchmarks named on the command line (<c>--filter '*'</c> for all); see docs/performance.md.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
