using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Tests.Processes;

public sealed class MediaToolsTests
{
    [Fact]
    public async Task AProgramKilledByASignal_SaysSo_AndIsMarkedAsKilled()
    {
        var act = () => MediaTools.RunAsync("sh", ["-c", "echo halfway >&2; kill -TERM $$"], CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<MediaToolException>()).Which;
        thrown.KilledBySignal.Should().BeTrue();
        thrown.ExitCode.Should().Be(143);
        thrown.Message.Should().Be("sh was stopped by signal 15 (SIGTERM), not by the file: halfway");
    }

    [Fact]
    public async Task AProgramThatFails_ReportsItsExitCode_AndIsNotMarkedAsKilled()
    {
        var act = () => MediaTools.RunAsync("sh", ["-c", "echo 'moov atom not found' >&2; exit 1"], CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<MediaToolException>()).Which;
        thrown.KilledBySignal.Should().BeFalse();
        thrown.Message.Should().Be("sh exited with code 1: moov atom not found");
    }
}
