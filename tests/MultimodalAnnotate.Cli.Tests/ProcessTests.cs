using System.Diagnostics;
using System.Text.Json;
using MultimodalAnnotate.Cli.Tests.TestSupport;

namespace MultimodalAnnotate.Cli.Tests;

/// <summary>The built mma as a real process: exit codes and streams as a pipeline sees them.</summary>
public sealed class ProcessTests
{
    private static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "mma.dll");
        File.Exists(tool).Should().BeTrue($"the built tool should sit beside the tests at {tool}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Process_ValidateDocsExampleAsJson_Exits0WithReportOnStdout()
    {
        var result = await RunProcessAsync(
            "validate", "--project", RepositoryPaths.Docs("examples", "project.json"),
            RepositoryPaths.Docs("examples", "image-caption.item.json"), "--format", "json");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().BeEmpty();
        using var report = JsonDocument.Parse(result.Stdout);
        report.RootElement.GetProperty("summary").GetProperty("items").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Process_MissingItemFile_Exits3WithMessageOnStderr()
    {
        using var workspace = new Workspace();
        var missing = workspace.PathOf("missing.json");

        var result = await RunProcessAsync("validate", "--project", RepositoryPaths.Docs("examples", "project.json"), missing);

        result.ExitCode.Should().Be(3);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain($"{missing}: file or folder not found");
    }

    [Fact]
    public async Task Process_Version_PrintsVersion()
    {
        var result = await RunProcessAsync("--version");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().StartWith("mma 0.1.0");
    }
}
