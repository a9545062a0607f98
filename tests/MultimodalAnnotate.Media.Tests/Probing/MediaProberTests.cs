using MultimodalAnnotate.Media.Probing;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Tests.Probing;

[Collection(MediaCollection.Name)]
public sealed class MediaProberTests(GeneratedMedia media)
{
    private readonly MediaProber _prober = new(MediaTools.Default);

    [Fact]
    public async Task Probe_AudioStartingLater_ReportsOffsetFromVideo()
    {
        var probe = await _prober.ProbeAsync(media.Offset, CancellationToken.None);

        probe.Video!.StartTime.Should().Be(0);
        // -itsoffset 0.5 minus the AAC encoder's priming (1024 samples at 48 kHz = 21 ms).
        probe.AudioOffsetFromVideo!.Value.Should().BeApproximately(0.5 - (1024 / 48000.0), 0.002);
        probe.StreamOffset(probe.Audio!).Should().BeApproximately(probe.AudioOffsetFromVideo.Value, 1e-9);
    }

    [Fact]
    public async Task Probe_GeneratedMp4_IsBrowserPlayable()
    {
        var probe = await _prober.ProbeAsync(media.Cfr, CancellationToken.None);

        probe.Video!.AverageFrameRate!.Value.Value.Should().Be(25);
        probe.Audio!.SampleRate.Should().Be(48000);
        BrowserPlayability.Assess(probe).IsBrowserPlayable.Should().BeTrue();
    }

    [Fact]
    public async Task Transcode_VariableRateMatroskaWithMpeg4_ProducesPlayableMp4KeepingFrameSpacing()
    {
        var source = media.NewPath("old.mkv");
        Ff.Make(source, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=60," + GeneratedMedia.VfrFilter, "-f", "lavfi", "-i", "sine=sample_rate=22050",
            "-frames:v", "90", "-t", "3.5", "-fps_mode", "vfr", "-c:v", "mpeg4", "-c:a", "mp2");
        var probe = await _prober.ProbeAsync(source, CancellationToken.None);
        var assessment = BrowserPlayability.Assess(probe);
        assessment.IsBrowserPlayable.Should().BeFalse();

        var output = media.NewPath("playable.mp4");
        var reports = new List<double>();
        await new MediaTranscoder(MediaTools.Default).TranscodeAsync(source, output, assessment.Plan!, probe.Duration, new SyncProgress(reports), CancellationToken.None);

        var result = BrowserPlayability.Assess(await _prober.ProbeAsync(output, CancellationToken.None));
        result.IsBrowserPlayable.Should().BeTrue(string.Join("; ", result.Reasons));
        // Both files are timed anew by the pipeline after a transcode; what must survive is the variable spacing.
        static double[] Spacing(double[] t) => t.Zip(t.Skip(1), (a, b) => b - a).ToArray();
        Spacing(Ff.FramePtsTimes(output)).Should().Equal(Spacing(Ff.FramePtsTimes(source)), (a, b) => Math.Abs(a - b) <= 0.0015);
        reports.Should().NotBeEmpty().And.EndWith(1.0);
    }

    [Fact]
    public async Task Probe_TextFile_FailsWithToolMessage()
    {
        var path = media.NewPath("notes.mp4");
        await File.WriteAllTextAsync(path, "just some words, not a video");

        var act = () => _prober.ProbeAsync(path, CancellationToken.None);

        (await act.Should().ThrowAsync<MediaToolException>()).Which.Message.Should().Contain("Invalid data");
    }
}

/// <summary>IProgress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(List<double> reports) : IProgress<double>
{
    public void Report(double value)
    {
        lock (reports)
        {
            reports.Add(value);
        }
    }
}
