using BenchmarkDotNet.Attributes;
using MultimodalAnnotate.Media.Audio;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Benchmarks.Media;

/// <summary>
/// Waveform peaks of one hour of audio against ffmpeg decoding the same file alone (same command, output read and
/// thrown away): the target is peaks ≤ 1.2 × decode.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class WaveformBenchmarks
{
    private string _path = string.Empty;

    /// <summary>wav: 16 kHz mono PCM (decode is nearly a copy, so our share shows most); opus: 48 kHz mono in Ogg (decode dominates).</summary>
    [Params("wav", "opus")]
    public string Format { get; set; } = "wav";

    [GlobalSetup]
    public void Setup() =>
        _path = Format == "wav"
            ? MediaBenchmarkData.Generate("hour-16k-mono.wav", "-f", "lavfi", "-i", "anoisesrc=color=pink:sample_rate=16000:amplitude=0.3:seed=1", "-t", "3600", "-c:a", "pcm_s16le")
            : MediaBenchmarkData.Generate("hour-mono.opus", "-f", "lavfi", "-i", "anoisesrc=color=pink:sample_rate=48000:amplitude=0.3:seed=1", "-t", "3600", "-ac", "1", "-c:a", "libopus", "-b:a", "32k");

    [Benchmark(Baseline = true, Description = "ffmpeg decode alone")]
    public async Task<long> FfmpegDecodeOnly()
    {
        long bytes = 0;
        await MediaTools.RunStreamingAsync(MediaTools.Default.FfmpegPath, WaveformBuilder.DecodeArguments(_path), async (stdout, ct) =>
        {
            var buffer = new byte[128 * 1024];
            int read;
            while ((read = await stdout.ReadAsync(buffer, ct)) > 0)
            {
                bytes += read;
            }
        }, CancellationToken.None);
        return bytes;
    }

    [Benchmark(Description = "waveform peaks (probe + decode + all levels)")]
    public async Task<long> WaveformPeaks()
    {
        var waveform = await new WaveformBuilder(MediaTools.Default).BuildAsync(_path, null, null, CancellationToken.None);
        return waveform.SampleCount;
    }
}
