using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Audio;

/// <summary>
/// One zoom level of a waveform: for each bucket of <see cref="SamplesPerBucket"/> consecutive samples, the
/// minimum and maximum 16-bit sample value, interleaved (<c>min0, max0, min1, max1, …</c>). The last bucket
/// may be partial.
/// </summary>
public sealed record WaveformLevel(int SamplesPerBucket, short[] MinMax)
{
    /// <summary>Number of (min, max) pairs.</summary>
    public int BucketCount => MinMax.Length / 2;

    /// <summary>The next coarser level (twice the samples per bucket), computed from this one, not from the audio.</summary>
    public WaveformLevel Halve()
    {
        var buckets = BucketCount;
        var result = new short[((buckets + 1) / 2) * 2];
        for (int i = 0, o = 0; i < buckets; i += 2, o += 2)
        {
            var min = MinMax[2 * i];
            var max = MinMax[(2 * i) + 1];
            if (i + 1 < buckets)
            {
                min = Math.Min(min, MinMax[(2 * i) + 2]);
                max = Math.Max(max, MinMax[(2 * i) + 3]);
            }

            result[o] = min;
            result[o + 1] = max;
        }

        return new WaveformLevel(SamplesPerBucket * 2, result);
    }
}

/// <summary>
/// Multi-resolution peaks of an audio stream (mixed down to mono) plus what places it in time: the native
/// sample rate, the number of decoded samples and where the first sample sits in the file's media time.
/// </summary>
public sealed record Waveform(
    int SampleRate,
    int Channels,
    long SampleCount,
    double StartOffset,
    IReadOnlyList<WaveformLevel> Levels)
{
    /// <summary>Seconds of audio decoded.</summary>
    public double Duration => SampleRate == 0 ? 0 : (double)SampleCount / SampleRate;

    /// <summary>
    /// The shared-model time base: media time 0 is the first sample; <see cref="TimeBase.Offset"/> is where it sits
    /// relative to the start of the file's presentation (the audio track's start offset, 0 for plain audio files).
    /// Add the asset's own placement on the item timeline to that.
    /// </summary>
    public SampleClock ToTimeBase() => new(SampleRate, SampleCount) { Offset = StartOffset };
}
