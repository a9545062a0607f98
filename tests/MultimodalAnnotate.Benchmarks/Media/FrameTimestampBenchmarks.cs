using BenchmarkDotNet.Attributes;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Media.Timing;

namespace MultimodalAnnotate.Benchmarks.Media;

/// <summary>Frame timestamps of a 5-minute 640×360 30 fps H.264 file: demuxed packets vs decoded frames.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class FrameTimestampBenchmarks
{
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup() => _path = MediaBenchmarkData.Generate("five-minutes-360p.mp4",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "300", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

    [Benchmark(Baseline = true, Description = "packets sorted by PTS")]
    public async Task<int> Packets() =>
        (await new FrameTimestampReader(MediaTools.Default).ReadAsync(_path, FrameTimestampSource.Packets, CancellationToken.None)).PresentationTimes.Count;

    [Benchmark(Description = "decoded frames")]
    public async Task<int> DecodedFrames() =>
        (await new FrameTimestampReader(MediaTools.Default).ReadAsync(_path, FrameTimestampSource.DecodedFrames, CancellationToken.None)).PresentationTimes.Count;
}
