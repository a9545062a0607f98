using System.Buffers.Binary;

namespace MultimodalAnnotate.Media.Audio;

/// <summary>
/// Binary forms of <see cref="Waveform"/>. All little-endian.
/// <para><b>MAWF</b> (all levels, one file, what we store):</para>
/// <code>
/// offset size field
/// 0      4    magic "MAWF"
/// 4      2    version (1)
/// 6      2    flags: bit 0 = values are int8 (else int16)
/// 8      4    sample rate (int32)
/// 12     2    source channel count (uint16; peaks are of the mono mix)
/// 14     2    level count L (uint16)
/// 16     8    sample count (int64)
/// 24     8    start offset, seconds (float64)
/// 32     8·L  per level: samples per bucket (int32), bucket count (int32)
/// …           per level, in order: bucket count × (min, max) as int16 (or int8)
/// </code>
/// <para><b>audiowaveform .dat v2</b> (one level, what the browser gets): the format of BBC audiowaveform,
/// read as is by waveform-data.js / peaks.js: version 2, flags, sample rate, samples per pixel, length,
/// channels (1), then (min, max) pairs.</para>
/// </summary>
public static class WaveformFormat
{
    private const int HeaderSize = 32;
    private static ReadOnlySpan<byte> Magic => "MAWF"u8;

    /// <summary>Writes all levels as MAWF; <paramref name="eightBit"/> halves the size (values keep their top 8 bits).</summary>
    public static void Write(Stream stream, Waveform waveform, bool eightBit = false)
    {
        var levels = waveform.Levels;
        var header = new byte[HeaderSize + (8 * levels.Count)];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)(eightBit ? 1 : 0));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), waveform.SampleRate);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), (ushort)waveform.Channels);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), (ushort)levels.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), waveform.SampleCount);
        BinaryPrimitives.WriteDoubleLittleEndian(header.AsSpan(24), waveform.StartOffset);
        for (var i = 0; i < levels.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(HeaderSize + (8 * i)), levels[i].SamplesPerBucket);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(HeaderSize + (8 * i) + 4), levels[i].BucketCount);
        }

        stream.Write(header);
        foreach (var level in levels)
        {
            WriteValues(stream, level.MinMax, eightBit);
        }
    }

    /// <summary>Reads a MAWF stream; throws <see cref="MediaFormatException"/> naming the field when it is corrupt or short.</summary>
    public static Waveform Read(Stream stream, string sourceName = "waveform")
    {
        var header = new byte[HeaderSize];
        ReadExactly(stream, header, sourceName, "header");
        if (!header.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new MediaFormatException(sourceName, "magic", "not a MAWF waveform");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4));
        if (version != 1)
        {
            throw new MediaFormatException(sourceName, "version", $"unsupported version {version}");
        }

        var eightBit = (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)) & 1) != 0;
        var sampleRate = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(12));
        var levelCount = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14));
        var sampleCount = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
        var startOffset = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(24));
        var table = new byte[8 * levelCount];
        ReadExactly(stream, table, sourceName, "level table");
        var levels = new List<WaveformLevel>(levelCount);
        for (var i = 0; i < levelCount; i++)
        {
            var spb = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(8 * i));
            var buckets = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan((8 * i) + 4));
            if (spb <= 0 || buckets < 0)
            {
                throw new MediaFormatException(sourceName, $"level {i}", $"invalid size ({spb} samples per bucket, {buckets} buckets)");
            }

            var bytes = new byte[buckets * 2 * (eightBit ? 1 : 2)];
            ReadExactly(stream, bytes, sourceName, $"level {i} data");
            var values = new short[buckets * 2];
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = eightBit ? (short)((sbyte)bytes[j] << 8) : BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * j));
            }

            levels.Add(new WaveformLevel(spb, values));
        }

        return new Waveform(sampleRate, channels, sampleCount, startOffset, levels);
    }

    /// <summary>Writes one level in the audiowaveform .dat version 2 layout (mono) for waveform-data.js / peaks.js.</summary>
    public static void WriteAudiowaveformDat(Stream stream, WaveformLevel level, int sampleRate, bool eightBit = false)
    {
        var header = new byte[24];
        BinaryPrimitives.WriteInt32LittleEndian(header, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), eightBit ? 1u : 0u);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), level.SamplesPerBucket);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)level.BucketCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), 1);
        stream.Write(header);
        WriteValues(stream, level.MinMax, eightBit);
    }

    private static void WriteValues(Stream stream, short[] values, bool eightBit)
    {
        var bytes = new byte[values.Length * (eightBit ? 1 : 2)];
        for (var j = 0; j < values.Length; j++)
        {
            if (eightBit)
            {
                bytes[j] = (byte)(sbyte)(values[j] >> 8);
            }
            else
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * j), values[j]);
            }
        }

        stream.Write(bytes);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string sourceName, string field)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw new MediaFormatException(sourceName, field, "the file ends early (truncated)", ex);
        }
    }
}
