using MultimodalAnnotate.Media.Probing;

namespace MultimodalAnnotate.Media.Tests.Probing;

public sealed class ProbeParserTests
{
    [Fact]
    public void Parse_CapturedVfrH264_ReadsStreamFacts()
    {
        var probe = ProbeParser.Parse(Resources.Read("ffprobe-vfr-h264.json"), "vfr.mp4");

        probe.FormatName.Should().Contain("mp4");
        probe.MajorBrand.Should().Be("isom");
        probe.Duration.Should().BeApproximately(4.0, 1e-9);
        var video = probe.Video!;
        video.CodecName.Should().Be("h264");
        (video.Width, video.Height).Should().Be((320, 240));
        video.AverageFrameRate.Should().Be(new Rational(45, 2));
        video.RealFrameRate!.Value.Value.Should().Be(30);
        video.TimeBase.Should().Be(new Rational(1, 15360));
        video.FrameCount.Should().Be(90);
        video.Rotation.Should().Be(0);
        probe.Audio.Should().BeNull();
    }

    [Fact]
    public void Parse_CapturedRotatedVideo_ReportsRotationAndSwapsDisplaySize()
    {
        var probe = ProbeParser.Parse(Resources.Read("ffprobe-rotated-aac.json"), "rot.mp4");

        probe.Video!.Rotation.Should().Be(90);
        (probe.Video.DisplayWidth, probe.Video.DisplayHeight).Should().Be((240, 320));
        probe.Audio!.CodecName.Should().Be("aac");
        probe.Audio.SampleRate.Should().Be(48000);
        probe.Audio.Channels.Should().Be(1);
    }

    [Fact]
    public void Parse_NotJson_NamesFileAndLine()
    {
        var act = () => ProbeParser.Parse("{ \"format\": ", "broken.mp4");

        act.Should().Throw<MediaFormatException>().WithMessage("broken.mp4: ffprobe output line *");
    }

    [Fact]
    public void Assess_CapturedH264Mp4_IsPlayableWithoutPlan()
    {
        var probe = ProbeParser.Parse(Resources.Read("ffprobe-rotated-aac.json"), "rot.mp4");

        var assessment = BrowserPlayability.Assess(probe);

        assessment.IsBrowserPlayable.Should().BeTrue();
        assessment.Plan.Should().BeNull();
    }

    [Fact]
    public void Assess_QuickTimeWithMpeg4AndPcm_PlansFullTranscodeToMp4()
    {
        var probe = ProbeParser.Parse(Resources.Read("ffprobe-quicktime-mpeg4-pcm.json"), "clip.mov");

        var assessment = BrowserPlayability.Assess(probe);

        assessment.IsBrowserPlayable.Should().BeFalse();
        assessment.Reasons.Should().Contain(r => r.Contains("mpeg4", StringComparison.Ordinal))
            .And.Contain(r => r.Contains("pcm_s16le", StringComparison.Ordinal))
            .And.Contain(r => r.Contains("qt", StringComparison.Ordinal));
        assessment.Plan!.Video.Should().Be(StreamAction.Transcode);
        assessment.Plan.Audio.Should().Be(StreamAction.Transcode);
        assessment.Plan.OutputExtension.Should().Be(".mp4");
    }
}
