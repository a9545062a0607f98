using CsCheck;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Media.Timing;

namespace MultimodalAnnotate.Media.Tests.Timing;

[Collection(MediaCollection.Name)]
public sealed class FrameTimestampTests(GeneratedMedia media)
{
    private readonly FrameTimestampReader _reader = new(MediaTools.Default);

    [Fact]
    public async Task Read_ConstantRate_EqualsIndependentFfprobeFrameList()
    {
        var timing = await _reader.ReadAsync(media.Cfr, CancellationToken.None);

        var reference = Ff.FramePtsTimes(media.Cfr);
        timing.PresentationTimes.Should().HaveCount(75).And.HaveCount(reference.Length);
        timing.PresentationTimes.Should().Equal(reference, (a, b) => Math.Abs(a - b) <= 1e-6);
        timing.Duration.Should().BeApproximately(3.0, 1e-6);
    }

    [Fact]
    public async Task Read_VariableRate_MatchesFfprobeAndIsNotEvenlySpaced()
    {
        var timing = await _reader.ReadAsync(media.Vfr, CancellationToken.None);

        timing.PresentationTimes.Should().Equal(Ff.FramePtsTimes(media.Vfr), (a, b) => Math.Abs(a - b) <= 1e-6);
        var gaps = timing.PresentationTimes.Zip(timing.PresentationTimes.Skip(1), (a, b) => Math.Round(b - a, 4)).Distinct().Order().ToArray();
        gaps.Should().BeEquivalentTo([0.0167, 0.0333, 0.0667]);
        // frame / average fps would put frame 75 at 75 / 22.5 = 3.33 s; it is really shown at 3.25 s.
        timing.PresentationTimes[75].Should().BeApproximately(3.25, 1e-6).And.NotBeApproximately(75 / 22.5, 0.01);
    }

    [Fact]
    public async Task Read_DecodedFramesSource_AgreesWithPacketSource()
    {
        var packets = await _reader.ReadAsync(media.Vfr, FrameTimestampSource.Packets, CancellationToken.None);
        var frames = await _reader.ReadAsync(media.Vfr, FrameTimestampSource.DecodedFrames, CancellationToken.None);

        frames.PresentationTimes.Should().Equal(packets.PresentationTimes);
    }

    [Fact]
    public void Parse_CapturedPacketListing_SortsDecodeOrderIntoPresentationOrder()
    {
        var timing = FrameTimestampParser.Parse(Resources.Read("ffprobe-packets-vfr.txt"), "vfr.mp4");

        var reference = Resources.Read("ffprobe-frames-vfr.csv")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => double.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        timing.PresentationTimes.Should().Equal(reference, (a, b) => Math.Abs(a - b) <= 1e-6);
        timing.PresentationTimes.Should().BeInAscendingOrder();
        timing.FrameAt(1.01).Should().Be(30);
        timing.FrameAt(-0.1).Should().Be(-1);
    }

    [Fact]
    public void Parse_NoVideoStream_SaysSo()
    {
        var act = () => FrameTimestampParser.Parse("format|start_time=0.000000\n", "song.mp3");

        act.Should().Throw<MediaFormatException>().WithMessage("song.mp3: stream time_base: *no video stream*");
    }

    [Fact]
    public void Parse_ContainerStartsLater_TimesAreRelativeToPresentationStart()
    {
        // An MPEG-TS style file: everything starts at 1.4 s on the container clock (90 kHz time base).
        const string Listing = "packet|pts=126000|dts=126000|duration=3600|flags=K_\npacket|pts=129600|dts=129600|duration=3600|flags=__\n" +
            "stream|time_base=1/90000|start_pts=126000|duration_ts=7200\nformat|start_time=1.400000\n";

        var timing = FrameTimestampParser.Parse(Listing, "clip.ts");

        timing.PresentationTimes.Should().Equal(0.0, 0.04);
        timing.Duration.Should().BeApproximately(0.08, 1e-9);
        timing.ContainerStart.Should().Be(1.4);
    }

    [Fact]
    public void Codec_AnyMicrosecondTimes_RoundTripExactly()
    {
        Gen.Long[0, 50_000_000].Array[0, 400].Sample(ticks =>
        {
            Array.Sort(ticks);
            var times = ticks.Select(t => t / 1e6).ToArray();
            var duration = ticks.Length == 0 ? 0 : (ticks[^1] + 40_000) / 1e6;

            var (decoded, decodedDuration) = FrameTimesCodec.Decode(FrameTimesCodec.Encode(times, duration));

            decoded.Should().Equal(times);
            decodedDuration.Should().Be(duration);
        });
    }

    [Fact]
    public async Task Codec_ConstantRateVideo_TakesAboutOneBytePerFrame()
    {
        var timing = await _reader.ReadAsync(media.Cfr, CancellationToken.None);

        var blob = FrameTimesCodec.Encode(timing.ToTimeBase());

        blob.Length.Should().BeLessThan(12 + 20 + timing.PresentationTimes.Count);
        FrameTimesCodec.Decode(blob).Times.Should().Equal(timing.PresentationTimes);
    }

    [Fact]
    public void Decode_TruncatedBlob_Fails()
    {
        var blob = FrameTimesCodec.Encode([0, 0.04, 0.08, 0.5], 0.6);

        var act = () => FrameTimesCodec.Decode(blob.AsSpan(0, blob.Length - 1));

        act.Should().Throw<MediaFormatException>().WithMessage("*truncated*");
    }
}
