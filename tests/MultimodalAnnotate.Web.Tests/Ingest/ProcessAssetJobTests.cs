using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Web.Features.Ingest;

namespace MultimodalAnnotate.Web.Tests.Ingest;

/// <summary>Which failures make an asset "failed" with the reason, and which the job runner retries.</summary>
public sealed class ProcessAssetJobTests
{
    [Fact]
    public void AToolThatFailsOnTheFile_IsAProblemWithTheFile()
    {
        ProcessAssetJob.IsProblemWithTheFile(new MediaToolException("ffprobe", 1, "Invalid data found when processing input")).Should().BeTrue();
        ProcessAssetJob.IsProblemWithTheFile(new AssetRejectedException("clip.mp4: the file has no video stream")).Should().BeTrue();
    }

    [Fact]
    public void AToolKilledBySignal_IsRetried_EvenWhenWrapped()
    {
        var killed = new MediaToolException("ffmpeg", 137, "");

        ProcessAssetJob.IsProblemWithTheFile(killed).Should().BeFalse();
        ProcessAssetJob.IsProblemWithTheFile(new AssetRejectedException("clip.mp4: thumbnails failed", killed)).Should().BeFalse();
        ProcessAssetJob.IsProblemWithTheFile(new InvalidOperationException("the database went away")).Should().BeFalse();
    }
}
