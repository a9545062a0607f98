using System.Text.Json;
using MultimodalAnnotate.Cli.Tests.TestSupport;

namespace MultimodalAnnotate.Cli.Tests;

/// <summary>--kitti on the real KITTI frames in the shared fixtures.</summary>
public sealed class KittiTests
{
    private static string KittiFolder()
    {
        var folder = Path.Combine(RepositoryPaths.Fixtures, "kitti");
        Directory.Exists(folder).Should().BeTrue($"the KITTI fixtures should be at {folder} (set MA_FIXTURES to move them)");
        return folder;
    }

    [Fact]
    public async Task Validate_KittiFolder_ValidatesEveryFrameWithTheKittiOntology()
    {
        var result = await CliRun.RunAsync("validate", "--kitti", KittiFolder(), "--format", "json");

        // Validation ran (0 or 1 depending on what the engine finds on real labels), no input error.
        result.ExitCode.Should().BeOneOf([0, 1], result.ToString());
        result.Stderr.Should().BeEmpty();
        using var report = JsonDocument.Parse(result.Stdout);
        report.RootElement.GetProperty("summary").GetProperty("items").GetInt32().Should().Be(3);
        report.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("location").GetString())
            .Should().Equal("$[0]", "$[1]", "$[2]");
    }

    [Fact]
    public async Task Validate_KittiFolderMissing_Exits3NamingTheFolder()
    {
        using var workspace = new Workspace();
        var missing = workspace.PathOf("no-kitti");

        var result = await CliRun.RunAsync("validate", "--kitti", missing);

        result.ExitCode.Should().Be(3);
        result.Stderr.Should().Contain($"{missing}: KITTI folder not found");
    }
}
