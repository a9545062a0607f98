using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MultimodalAnnotate.Media.Audio;

/// <summary>
/// Computes the base level of peaks from 16-bit mono samples fed in chunks of any size (as they come off
/// ffmpeg's pipe). Constant memory per sample: only the (min, max) pairs grow. Pure and allocation-free per chunk.
/// </summary>
public sealed class PeakAccumulator
{
    private readonly int _samplesPerBucket;
    private short[] _pairs = new short[4096];
    private int _pairCount;
    private short _min = short.MaxValue;
    private short _max = short.MinValue;
    private int _filled;

    public PeakAccumulator(int samplesPerBucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerBucket, 1);
        _samplesPerBucket = samplesPerBucket;
    }

    /// <summary>Samples seen so far.</summary>
    public long SampleCount { get; private set; }

    /// <summary>Feeds the next samples.</summary>
    /// <remarks>Fully optimised from the first call: a one-shot background job would otherwise run this hot loop as tier-0 code.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<short> samples)
    {
        SampleCount += samples.Length;
        if (_filled > 0)
        {
            var take = Math.Min(_samplesPerBucket - _filled, samples.Length);
            Merge(samples[..take]);
            _filled += take;
            samples = samples[take..];
            if (_filled == _samplesPerBucket)
            {
                Emit();
            }
        }

        while (samples.Length >= _samplesPerBucket)
        {
            var (min, max) = MinMax(samples[.._samplesPerBucket]);
            Append(min, max);
            samples = samples[_samplesPerBucket..];
        }

        if (!samples.IsEmpty)
        {
            Merge(samples);
            _filled = samples.Length;
        }
    }

    /// <summary>Closes the last (partial) bucket and returns the base level.</summary>
    public WaveformLevel Complete()
    {
        if (_filled > 0)
        {
            Emit();
        }

        return new WaveformLevel(_samplesPerBucket, _pairs.AsSpan(0, _pairCount * 2).ToArray());
    }

    /// <summary>Minimum and maximum of a non-empty span, eight or sixteen lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (short Min, short Max) MinMax(ReadOnlySpan<short> samples)
    {
        var i = 0;
        short min = short.MaxValue, max = short.MinValue;
        if (Vector.IsHardwareAccelerated && samples.Length >= Vector<short>.Count)
        {
            var vectors = MemoryMarshal.Cast<short, Vector<short>>(samples);
            var vmin = vectors[0];
            var vmax = vectors[0];
            for (var v = 1; v < vectors.Length; v++)
            {
                vmin = Vector.Min(vmin, vectors[v]);
                vmax = Vector.Max(vmax, vectors[v]);
            }

            for (var lane = 0; lane < Vector<short>.Count; lane++)
            {
                min = Math.Min(min, vmin[lane]);
                max = Math.Max(max, vmax[lane]);
            }

            i = vectors.Length * Vector<short>.Count;
        }

        for (; i < samples.Length; i++)
        {
            min = Math.Min(min, samples[i]);
            max = Math.Max(max, samples[i]);
        }

        return (min, max);
    }

    private void Merge(ReadOnlySpan<short> samples)
    {
        var (min, max) = MinMax(samples);
        _min = Math.Min(_min, min);
        _max = Math.Max(_max, max);
    }

    private void Emit()
    {
        Append(_min, _max);
        _min = short.MaxValue;
        _max = short.MinValue;
        _filled = 0;
    }

    private void Append(short min, short max)
    {
        if ((_pairCount * 2) + 2 > _pairs.Length)
        {
            Array.Resize(ref _pairs, _pairs.Length * 2);
        }

        _pairs[_pairCount * 2] = min;
        _pairs[(_pairCount * 2) + 1] = max;
        _pairCount++;
    }
}
