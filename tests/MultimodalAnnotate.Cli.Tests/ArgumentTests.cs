using MultimodalAnnotate.Cli.Tests.TestSupport;

namespace MultimodalAnnotate.Cli.Tests;

public sealed class ArgumentTests
{
    [Fact]
    public async Task Mma_NoArguments_Exits2PointingToHelp()
    {
        var result = await CliRun.RunAsync();

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("no command given").And.Contain("mma --help");
    }

    [Fact]
    public async Task Mma_MisspeltCommand_Exits2SuggestingValidate()
    {
        var result = await CliRun.RunAsync("valdate", "x.json");

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("unknown command \"valdate\"; did you mean \"validate\"?");
    }

    [Fact]
    public async Task Mma_Help_Exits0ListingTheValidateCommand()
    {
        var result = await CliRun.RunAsync("--help");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Contain("Usage:").And.Contain("mma validate --project <project.json> <items>...");
        result.Stderr.Should().BeEmpty();
    }

    [Fact]
    public async Task Validate_Help_Exits0ListingOptionsAndExitCodes()
    {
        var result = await CliRun.RunAsync("validate", "--help");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Contain("--project").And.Contain("--format").And.Contain("--kitti")
            .And.Contain("6  unknown label, dangling reference or duplicate id");
    }

    [Fact]
    public async Task Mma_Version_PrintsToolNameAndVersion()
    {
        var result = await CliRun.RunAsync("--version");

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().StartWith("mma 0.1.0");
    }

    [Theory]
    [InlineData(new[] { "validate", "items.json" }, "missing --project")]
    [InlineData(new[] { "validate", "--project", "p.json" }, "no item files or folders given")]
    [InlineData(new[] { "validate", "--project" }, "--project needs a value")]
    [InlineData(new[] { "validate", "-p", "p.json", "--format", "xml", "i.json" }, "--format: unknown format \"xml\" (expected \"table\" or \"json\")")]
    [InlineData(new[] { "validate", "-p", "p.json", "--fromat", "json", "i.json" }, "unknown option \"--fromat\" (did you mean \"--format\"?)")]
    [InlineData(new[] { "validate", "--kitti", "kitti", "i.json" }, "--kitti reads a KITTI folder instead of item files: give either --kitti or item files, not both")]
    public async Task Validate_BadArguments_Exits2WithTheReason(string[] args, string reason)
    {
        var result = await CliRun.RunAsync(args);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain($"mma validate: {reason}").And.Contain("mma validate --help");
        result.Stdout.Should().BeEmpty();
    }
}
