using System.Runtime.InteropServices;
using MultimodalAnnotate.Media.Probing;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Audio;

/// <summary>How peaks are computed.</summary>
public sealed record WaveformOptions
{
    /// <summary>Samples per bucket of the finest level (256: 16 ms at 16 kHz).</summary>
    public int BaseSamplesPerBucket { get; init; } = 256;

    /// <summary>Coarser levels (×2 each) are added while the previous one has more buckets than this.</summary>
    public int MinimumBuckets { get; init; } = 1024;

    /// <summary>Upper bound on the number of levels.</summary>
    public int MaxLevels { get; init; } = 16;
}

/// <summary>
/// Decodes the first audio stream of a file once with ffmpeg to 16-bit mono PCM on a pipe, streams it through a
/// <see cref="PeakAccumulator"/> (the audio never sits in memory), then derives the coarser levels from the
/// base level.
/// </summary>
public sealed class WaveformBuilder(MediaTools tools)
{
    private const int ChunkBytes = 128 * 1024;

    /// <summary>Computes the waveform of <paramref name="path"/>; progress goes from 0 to 1.</summary>
    public async Task<Waveform> BuildAsync(
        string path,
        WaveformOptions? options,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        options ??= new WaveformOptions();

        // Probe and decode run side by side (the probe only feeds the progress estimate and the result's metadata).
        var probeTask = new MediaProber(tools).ProbeAsync(path, cancellationToken);
        var accumulator = new PeakAccumulator(options.BaseSamplesPerBucket);
        try
        {
            await MediaTools.RunStreamingAsync(tools.FfmpegPath, DecodeArguments(path), async (stdout, ct) =>
            {
                var lastReported = -1.0;
                var expectedSamples = -1.0;
                await ReadPcmAsync(stdout, samples =>
                {
                    accumulator.Add(samples);
                    if (progress is null)
                    {
                        return;
                    }

                    if (expectedSamples < 0 && probeTask.IsCompletedSuccessfully && probeTask.Result.Audio is { SampleRate: { } rate } a)
                    {
                        expectedSamples = (a.Duration ?? probeTask.Result.Duration ?? 0) * rate;
                    }

                    if (expectedSamples > 0)
                    {
                        var fraction = Math.Min(accumulator.SampleCount / expectedSamples, 1);
                        if (fraction - lastReported >= 0.01)
                        {
                            lastReported = fraction;
                            progress.Report(fraction);
                        }
                    }
                }, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (MediaToolException)
        {
            // A file without audio makes ffmpeg fail on '-map 0:a:0'; say so plainly when the probe agrees.
            var probed = await probeTask.ConfigureAwait(false);
            if (probed.Audio is null)
            {
                throw new MediaFormatException(Path.GetFileName(path), "streams", "the file has no audio stream");
            }

            throw;
        }

        var probe = await probeTask.ConfigureAwait(false);
        var audio = probe.Audio ?? throw new MediaFormatException(Path.GetFileName(path), "streams", "the file has no audio stream");
        var sampleRate = audio.SampleRate ?? throw new MediaFormatException(Path.GetFileName(path), "sample_rate", "the audio stream has no sample rate");
        var waveform = new Waveform(
            sampleRate,
            audio.Channels ?? 1,
            accumulator.SampleCount,
            probe.StreamOffset(audio),
            BuildLevels(accumulator.Complete(), options));
        progress?.Report(1);
        return waveform;
    }

    /// <summary>
    /// ffmpeg arguments that decode the first audio stream of <paramref name="path"/> at its own sample rate,
    /// mixed down to mono, as raw little-endian 16-bit samples on stdout.
    /// </summary>
    public static IReadOnlyList<string> DecodeArguments(string path) =>
        ["-v", "error", "-nostdin", "-i", MediaTools.InputUrl(path), "-map", "0:a:0", "-ac", "1", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1"];

    /// <summary>The base level followed by successively halved levels.</summary>
    public static IReadOnlyList<WaveformLevel> BuildLevels(WaveformLevel baseLevel, WaveformOptions options)
    {
        var levels = new List<WaveformLevel> { baseLevel };
        while (levels.Count < options.MaxLevels && levels[^1].BucketCount > options.MinimumBuckets)
        {
            levels.Add(levels[^1].Halve());
        }

        return levels;
    }

    /// <summary>Reads s16le PCM from <paramref name="stream"/> in chunks, handing whole samples to <paramref name="onSamples"/>.</summary>
    public static async Task ReadPcmAsync(Stream stream, SamplesHandler onSamples, CancellationToken cancellationToken)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("PCM is read as little-endian 16-bit samples.");
        }

        var buffer = new byte[ChunkBytes];
        var carried = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(carried), cancellationToken).ConfigureAwait(false)) > 0)
        {
            var available = carried + read;
            var whole = available & ~1;
            onSamples(MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, whole)));
            carried = available - whole;
            if (carried > 0)
            {
                buffer[0] = buffer[whole];
            }
        }
    }

    /// <summary>Receives decoded samples; the span is only valid during the call.</summary>
    public delegate void SamplesHandler(ReadOnlySpan<short> samples);
}
