using System.Runtime.InteropServices;
using MultimodalAnnotate.Media.Audio;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Tests.Audio;

[Collection(MediaCollection.Name)]
public sealed class WaveformTests(GeneratedMedia media)
{
    private readonly WaveformBuilder _builder = new(MediaTools.Default);

    /// <summary>Decodes the whole file with a separate ffmpeg call, the way the test's reference is computed.</summary>
    private static short[] DecodeAll(string path) =>
        MemoryMarshal.Cast<byte, short>(Ff.RunBytes("ffmpeg", "-v", "error", "-i", path, "-map", "0:a:0", "-ac", "1", "-f", "s16le", "-")).ToArray();

    private static short[] DirectPeaks(short[] samples, int perBucket)
    {
        var buckets = (samples.Length + perBucket - 1) / perBucket;
        var result = new short[buckets * 2];
        for (var b = 0; b < buckets; b++)
        {
            var slice = samples.Skip(b * perBucket).Take(perBucket).ToArray();
            result[2 * b] = slice.Min();
            result[(2 * b) + 1] = slice.Max();
        }

        return result;
    }

    [Fact]
    public async Task Build_LongAudio_PeaksEqualDirectComputationAtEveryLevel()
    {
        var waveform = await _builder.BuildAsync(media.LongWav, null, null, CancellationToken.None);

        var samples = DecodeAll(media.LongWav);
        waveform.SampleCount.Should().Be(180 * 16000).And.Be(samples.Length);
        waveform.SampleRate.Should().Be(16000);
        waveform.Levels[0].SamplesPerBucket.Should().Be(256);
        waveform.Levels[0].MinMax.Should().Equal(DirectPeaks(samples, 256));
        waveform.Levels.Select(l => l.SamplesPerBucket).Should().Equal(256, 512, 1024, 2048, 4096);
        waveform.Levels[^1].MinMax.Should().Equal(DirectPeaks(samples, 4096));
    }

    [Fact]
    public async Task Build_AudioStartingLater_ReportsStartOffsetInSampleClock()
    {
        var waveform = await _builder.BuildAsync(media.Offset, null, null, CancellationToken.None);

        var clock = waveform.ToTimeBase();
        clock.Offset.Should().BeApproximately(0.5 - (1024 / 48000.0), 0.002);
        clock.SampleRate.Should().Be(48000);
        waveform.Levels[0].MinMax.Should().Equal(DirectPeaks(DecodeAll(media.Offset), 256));
    }

    [Fact]
    public async Task Build_PyannoteSample_Gives16kHzMonoThirtySecondClock()
    {
        var path = Fixtures.Path_("pyannote-sample", "sample.wav");
        var reports = new List<double>();

        var waveform = await _builder.BuildAsync(path, null, new Probing.SyncProgress(reports), CancellationToken.None);

        waveform.SampleRate.Should().Be(16000);
        waveform.Channels.Should().Be(1);
        waveform.ToTimeBase().Should().BeEquivalentTo(new { SampleRate = 16000, SampleCount = 480_000L, Offset = 0.0 });
        waveform.Levels[0].MinMax.Should().Equal(DirectPeaks(DecodeAll(path), 256));
        reports.Should().BeInAscendingOrder().And.EndWith(1.0);
    }

    [Fact]
    public async Task Build_VideoWithoutAudio_SaysThereIsNoAudioStream()
    {
        var act = () => _builder.BuildAsync(media.Vfr, null, null, CancellationToken.None);

        await act.Should().ThrowAsync<MediaFormatException>().WithMessage("vfr.mp4: streams: the file has no audio stream");
    }

    [Fact]
    public void Accumulator_ChunksOfAnySize_GiveSamePeaksAsOneChunk()
    {
        var rng = new Random(3);
        var samples = Enumerable.Range(0, 10_007).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1)).ToArray();
        var whole = new PeakAccumulator(100);
        whole.Add(samples);
        var chunked = new PeakAccumulator(100);
        for (var i = 0; i < samples.Length;)
        {
            var n = Math.Min(rng.Next(1, 333), samples.Length - i);
            chunked.Add(samples.AsSpan(i, n));
            i += n;
        }

        chunked.Complete().MinMax.Should().Equal(whole.Complete().MinMax).And.Equal(DirectPeaks(samples, 100));
    }

    [Fact]
    public async Task Format_WriteThenRead_RoundTripsAllLevels()
    {
        var waveform = await _builder.BuildAsync(Fixtures.Path_("pyannote-sample", "sample.wav"), null, null, CancellationToken.None);
        using var stream = new MemoryStream();

        WaveformFormat.Write(stream, waveform);
        stream.Position = 0;
        var read = WaveformFormat.Read(stream);

        read.Should().BeEquivalentTo(waveform, o => o.Excluding(w => w.Levels));
        read.Levels.Should().HaveCount(waveform.Levels.Count);
        for (var i = 0; i < read.Levels.Count; i++)
        {
            read.Levels[i].SamplesPerBucket.Should().Be(waveform.Levels[i].SamplesPerBucket);
            read.Levels[i].MinMax.Should().Equal(waveform.Levels[i].MinMax);
        }

        // 16 bit, 2 values per 256 samples: 1/128 of the 16-bit PCM plus a small header.
        stream.Length.Should().BeLessThan((480_000 * 2 / 128 * 2) + 200);
    }

    [Fact]
    public void Format_TruncatedFile_NamesTheLevel()
    {
        var waveform = new Waveform(8000, 1, 512, 0, [new WaveformLevel(256, [-5, 5, -7, 7])]);
        using var stream = new MemoryStream();
        WaveformFormat.Write(stream, waveform);

        var act = () => WaveformFormat.Read(new MemoryStream(stream.ToArray()[..^2]), "peaks.mawf");

        act.Should().Throw<MediaFormatException>().WithMessage("peaks.mawf: level 0 data: *truncated*");
    }

    [Fact]
    public void AudiowaveformDat_Header_IsVersion2Mono()
    {
        using var stream = new MemoryStream();

        WaveformFormat.WriteAudiowaveformDat(stream, new WaveformLevel(256, [-5, 5, -7, 7]), 16000);

        var bytes = stream.ToArray();
        bytes.Should().HaveCount(24 + 8);
        BitConverter.ToInt32(bytes, 0).Should().Be(2);
        BitConverter.ToInt32(bytes, 8).Should().Be(16000);
        BitConverter.ToInt32(bytes, 12).Should().Be(256);
        BitConverter.ToInt32(bytes, 16).Should().Be(2);
        BitConverter.ToInt32(bytes, 20).Should().Be(1);
        BitConverter.ToInt16(bytes, 24).Should().Be(-5);
    }
}
