using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>How a PCD file stores its points.</summary>
public enum PcdEncoding
{
    Ascii,
    Binary,

    /// <summary>LZF-compressed, fields stored column by column (PCL's <c>binary_compressed</c>).</summary>
    BinaryCompressed,
}

/// <summary>
/// PCL's PCD format (v0.7): a text header (FIELDS, SIZE, TYPE, COUNT, WIDTH, HEIGHT, VIEWPOINT, POINTS, DATA) then
/// ascii, binary or binary_compressed data. We keep x, y, z, an intensity-like field (intensity, i, reflectance,
/// remission) and packed rgb/rgba; other fields are read past. The header is checked against the data: a file
/// whose header claims more points than it holds is rejected, naming the field.
/// </summary>
public static class Pcd
{
    private static readonly string[] IntensityNames = ["intensity", "i", "reflectance", "remission"];

    private sealed record Field(string Name, char Type, int Size, int Count, int Offset)
    {
        public int Bytes => Size * Count;
    }

    /// <summary>Reads a PCD file's bytes.</summary>
    public static PointCloud Read(ReadOnlySpan<byte> data, string fileName)
    {
        var (fields, points, encoding, dataStart) = ParseHeader(data, fileName);
        var pointSize = fields.Sum(f => f.Bytes);
        var x = Require(fields, "x", fileName);
        var y = Require(fields, "y", fileName);
        var z = Require(fields, "z", fileName);
        var intensity = fields.FirstOrDefault(f => IntensityNames.Contains(f.Name));
        var rgb = fields.FirstOrDefault(f => f.Name is "rgb" or "rgba");
        var body = data[dataStart..];

        switch (encoding)
        {
            case PcdEncoding.Binary:
            {
                var needed = (long)points * pointSize;
                if (body.Length < needed)
                {
                    throw new MediaFormatException(fileName, "POINTS",
                        $"header declares {points} points ({needed} bytes) but only {body.Length} bytes of data follow ({body.Length / Math.Max(pointSize, 1)} whole points)");
                }

                return new PointCloud(
                    Column(body, x, points, pointSize, interleaved: true),
                    Column(body, y, points, pointSize, interleaved: true),
                    Column(body, z, points, pointSize, interleaved: true),
                    intensity is null ? null : Column(body, intensity, points, pointSize, interleaved: true),
                    rgb is null ? null : RgbColumn(body, rgb, points, pointSize, interleaved: true));
            }

            case PcdEncoding.BinaryCompressed:
            {
                if (body.Length < 8)
                {
                    throw new MediaFormatException(fileName, "DATA", "binary_compressed data is missing its size header");
                }

                var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(body);
                var uncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
                if (compressedSize > body.Length - 8)
                {
                    throw new MediaFormatException(fileName, "DATA", $"compressed size {compressedSize} exceeds the {body.Length - 8} bytes in the file (truncated)");
                }

                var needed = (long)points * pointSize;
                if (uncompressedSize != needed)
                {
                    throw new MediaFormatException(fileName, "POINTS",
                        $"header declares {points} points ({needed} bytes) but the compressed block holds {uncompressedSize} bytes ({uncompressedSize / (ulong)Math.Max(pointSize, 1)} points)");
                }

                var raw = new byte[uncompressedSize];
                var written = Lzf.Decompress(body.Slice(8, (int)compressedSize), raw);
                if (written != raw.Length)
                {
                    throw new MediaFormatException(fileName, "DATA", "LZF data is corrupt (decompressed size does not match)");
                }

                // Decompressed data is column-major: all of field 0, then all of field 1, …
                return new PointCloud(
                    Column(raw, x, points, pointSize, interleaved: false),
                    Column(raw, y, points, pointSize, interleaved: false),
                    Column(raw, z, points, pointSize, interleaved: false),
                    intensity is null ? null : Column(raw, intensity, points, pointSize, interleaved: false),
                    rgb is null ? null : RgbColumn(raw, rgb, points, pointSize, interleaved: false));
            }

            default:
                return ReadAscii(body, fields, points, fileName, x, y, z, intensity, rgb);
        }
    }

    /// <summary>Writes <paramref name="cloud"/> as PCD with fields x y z [intensity] [rgb].</summary>
    public static byte[] Write(PointCloud cloud, PcdEncoding encoding)
    {
        var names = new List<string> { "x", "y", "z" };
        if (cloud.Intensity is not null)
        {
            names.Add("intensity");
        }

        if (cloud.Rgb is not null)
        {
            names.Add("rgb");
        }

        var n = cloud.Count;
        var header = new StringBuilder();
        header.Append("# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\n");
        header.Append("FIELDS ").AppendJoin(' ', names).Append('\n');
        header.Append("SIZE ").AppendJoin(' ', names.Select(_ => "4")).Append('\n');
        header.Append("TYPE ").AppendJoin(' ', names.Select(f => f == "rgb" ? "U" : "F")).Append('\n');
        header.Append("COUNT ").AppendJoin(' ', names.Select(_ => "1")).Append('\n');
        header.Append(CultureInfo.InvariantCulture, $"WIDTH {n}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS {n}\n");
        header.Append("DATA ").Append(encoding switch
        {
            PcdEncoding.Ascii => "ascii",
            PcdEncoding.Binary => "binary",
            _ => "binary_compressed",
        }).Append('\n');

        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        if (encoding == PcdEncoding.Ascii)
        {
            var line = new StringBuilder();
            for (var i = 0; i < n; i++)
            {
                line.Clear();
                line.Append(cloud.X[i].ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(cloud.Y[i].ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(cloud.Z[i].ToString(CultureInfo.InvariantCulture));
                if (cloud.Intensity is { } intensity)
                {
                    line.Append(' ').Append(intensity[i].ToString(CultureInfo.InvariantCulture));
                }

                if (cloud.Rgb is { } rgb)
                {
                    line.Append(' ').Append(rgb[i].ToString(CultureInfo.InvariantCulture));
                }

                line.Append('\n');
                output.Write(Encoding.ASCII.GetBytes(line.ToString()));
            }

            return output.ToArray();
        }

        var columns = new List<byte[]>
        {
            MemoryMarshal.AsBytes(cloud.X.AsSpan()).ToArray(),
            MemoryMarshal.AsBytes(cloud.Y.AsSpan()).ToArray(),
            MemoryMarshal.AsBytes(cloud.Z.AsSpan()).ToArray(),
        };
        if (cloud.Intensity is not null)
        {
            columns.Add(MemoryMarshal.AsBytes(cloud.Intensity.AsSpan()).ToArray());
        }

        if (cloud.Rgb is not null)
        {
            columns.Add(MemoryMarshal.AsBytes(cloud.Rgb.AsSpan()).ToArray());
        }

        var pointSize = 4 * columns.Count;
        if (encoding == PcdEncoding.Binary)
        {
            var body = new byte[n * pointSize];
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    columns[c].AsSpan(4 * i, 4).CopyTo(body.AsSpan((i * pointSize) + (4 * c)));
                }
            }

            output.Write(body);
            return output.ToArray();
        }

        var raw = columns.SelectMany(c => c).ToArray();
        var compressed = new byte[Lzf.MaxCompressedLength(raw.Length)];
        var size = raw.Length == 0 ? 0 : Lzf.Compress(raw, compressed);
        var sizes = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(sizes, (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(sizes.AsSpan(4), (uint)raw.Length);
        output.Write(sizes);
        output.Write(compressed, 0, size);
        return output.ToArray();
    }

    private static (List<Field> Fields, int Points, PcdEncoding Encoding, int DataStart) ParseHeader(ReadOnlySpan<byte> data, string fileName)
    {
        string[]? names = null, sizes = null, types = null, counts = null;
        long? width = null, height = null, points = null;
        var pos = 0;
        var lineNumber = 0;
        while (pos < data.Length)
        {
            var end = data[pos..].IndexOf((byte)'\n');
            var lineEnd = end < 0 ? data.Length : pos + end;
            var line = Encoding.ASCII.GetString(data[pos..lineEnd]).Trim();
            pos = end < 0 ? data.Length : lineEnd + 1;
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var values = parts[1..];
            switch (parts[0].ToUpperInvariant())
            {
                case "VERSION":
                case "VIEWPOINT":
                    break;
                case "FIELDS":
                    names = values;
                    break;
                case "SIZE":
                    sizes = values;
                    break;
                case "TYPE":
                    types = values;
                    break;
                case "COUNT":
                    counts = values;
                    break;
                case "WIDTH":
                    width = HeaderNumber(values, "WIDTH", fileName);
                    break;
                case "HEIGHT":
                    height = HeaderNumber(values, "HEIGHT", fileName);
                    break;
                case "POINTS":
                    points = HeaderNumber(values, "POINTS", fileName);
                    break;
                case "DATA":
                {
                    var encoding = values.FirstOrDefault()?.ToLowerInvariant() switch
                    {
                        "ascii" => PcdEncoding.Ascii,
                        "binary" => PcdEncoding.Binary,
                        "binary_compressed" => PcdEncoding.BinaryCompressed,
                        var other => throw new MediaFormatException(fileName, "DATA", $"unknown data encoding '{other}' (expected ascii, binary or binary_compressed)"),
                    };
                    var fields = BuildFields(names, sizes, types, counts, fileName);
                    if (width is null)
                    {
                        throw new MediaFormatException(fileName, "WIDTH", "missing from the header");
                    }

                    var total = points ?? (width * (height ?? 1));
                    if (points is not null && width * (height ?? 1) != points)
                    {
                        throw new MediaFormatException(fileName, "POINTS", $"header says POINTS {points} but WIDTH × HEIGHT = {width} × {height ?? 1} = {width * (height ?? 1)}");
                    }

                    if (total is < 0 or > int.MaxValue)
                    {
                        throw new MediaFormatException(fileName, "POINTS", $"{total} is not a valid point count");
                    }

                    return (fields, (int)total!.Value, encoding, pos);
                }

                default:
                    throw new MediaFormatException(fileName, $"header line {lineNumber}", $"unknown PCD header key '{parts[0]}' (not a PCD file?)");
            }
        }

        throw new MediaFormatException(fileName, "DATA", "the header never reaches a DATA line (not a PCD file, or truncated)");
    }

    private static List<Field> BuildFields(string[]? names, string[]? sizes, string[]? types, string[]? counts, string fileName)
    {
        if (names is null || names.Length == 0)
        {
            throw new MediaFormatException(fileName, "FIELDS", "missing from the header");
        }

        if (sizes is null || sizes.Length != names.Length)
        {
            throw new MediaFormatException(fileName, "SIZE", $"has {sizes?.Length ?? 0} entries for {names.Length} FIELDS");
        }

        if (types is null || types.Length != names.Length)
        {
            throw new MediaFormatException(fileName, "TYPE", $"has {types?.Length ?? 0} entries for {names.Length} FIELDS");
        }

        if (counts is not null && counts.Length != names.Length)
        {
            throw new MediaFormatException(fileName, "COUNT", $"has {counts.Length} entries for {names.Length} FIELDS");
        }

        var fields = new List<Field>(names.Length);
        var offset = 0;
        for (var i = 0; i < names.Length; i++)
        {
            if (!int.TryParse(sizes[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size is not (1 or 2 or 4 or 8))
            {
                throw new MediaFormatException(fileName, "SIZE", $"field '{names[i]}' has size '{sizes[i]}' (expected 1, 2, 4 or 8)");
            }

            var type = types[i].Length == 1 ? char.ToUpperInvariant(types[i][0]) : '?';
            if (type is not ('F' or 'I' or 'U') || (type == 'F' && size is not (4 or 8)))
            {
                throw new MediaFormatException(fileName, "TYPE", $"field '{names[i]}' has type '{types[i]}' with size {size} (expected F 4/8, I or U 1/2/4/8)");
            }

            var count = 1;
            if (counts is not null && (!int.TryParse(counts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count < 1))
            {
                throw new MediaFormatException(fileName, "COUNT", $"field '{names[i]}' has count '{counts[i]}'");
            }

            fields.Add(new Field(names[i], type, size, count, offset));
            offset += size * count;
        }

        return fields;
    }

    private static long HeaderNumber(string[] values, string key, string fileName)
    {
        if (values.Length != 1 || !long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new MediaFormatException(fileName, key, $"'{string.Join(' ', values)}' is not a count");
        }

        return value;
    }

    private static Field Require(List<Field> fields, string name, string fileName) =>
        fields.FirstOrDefault(f => f.Name == name) ?? throw new MediaFormatException(fileName, "FIELDS", $"has no '{name}' field");

    /// <summary>One field as float32, from interleaved records or from a column-major block.</summary>
    private static float[] Column(ReadOnlySpan<byte> data, Field field, int points, int pointSize, bool interleaved)
    {
        var result = new float[points];
        var start = interleaved ? field.Offset : field.Offset * points;
        var stride = interleaved ? pointSize : field.Bytes;
        if (field is { Type: 'F', Size: 4 } && !interleaved)
        {
            MemoryMarshal.Cast<byte, float>(data.Slice(start, points * 4)).CopyTo(result);
            return result;
        }

        if (field is { Type: 'F', Size: 4 } && stride % 4 == 0 && start % 4 == 0 && points > 0)
        {
            // The common case (float fields in 4-byte-multiple records): read the floats in place.
            var floats = MemoryMarshal.Cast<byte, float>(data[..(points * stride)]);
            var step = stride / 4;
            for (int i = 0, f = start / 4; i < points; i++, f += step)
            {
                result[i] = floats[f];
            }

            return result;
        }

        for (var i = 0; i < points; i++)
        {
            result[i] = ReadValue(data[(start + (i * stride))..], field);
        }

        return result;
    }

    private static uint[] RgbColumn(ReadOnlySpan<byte> data, Field field, int points, int pointSize, bool interleaved)
    {
        var result = new uint[points];
        var start = interleaved ? field.Offset : field.Offset * points;
        var stride = interleaved ? pointSize : field.Bytes;
        for (var i = 0; i < points; i++)
        {
            // PCL packs rgb as the bit pattern of a float32 (or a uint32): same 4 bytes either way.
            result[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(start + (i * stride))..]) & 0x00FFFFFF;
        }

        return result;
    }

    private static float ReadValue(ReadOnlySpan<byte> s, Field field) => (field.Type, field.Size) switch
    {
        ('F', 4) => BinaryPrimitives.ReadSingleLittleEndian(s),
        ('F', 8) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
        ('U', 1) => s[0],
        ('I', 1) => (sbyte)s[0],
        ('U', 2) => BinaryPrimitives.ReadUInt16LittleEndian(s),
        ('I', 2) => BinaryPrimitives.ReadInt16LittleEndian(s),
        ('U', 4) => BinaryPrimitives.ReadUInt32LittleEndian(s),
        ('I', 4) => BinaryPrimitives.ReadInt32LittleEndian(s),
        ('U', 8) => BinaryPrimitives.ReadUInt64LittleEndian(s),
        _ => BinaryPrimitives.ReadInt64LittleEndian(s),
    };

    private static PointCloud ReadAscii(ReadOnlySpan<byte> body, List<Field> fields, int points, string fileName, Field x, Field y, Field z, Field? intensity, Field? rgb)
    {
        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var column = 0;
        foreach (var f in fields)
        {
            columnOf[f.Name] = column;
            column += f.Count;
        }

        var expectedTokens = column;
        var xs = new float[points];
        var ys = new float[points];
        var zs = new float[points];
        var intensities = intensity is null ? null : new float[points];
        var colours = rgb is null ? null : new uint[points];
        var text = Encoding.ASCII.GetString(body);
        var read = 0;
        var lineNumber = 0;
        var ranges = new Range[expectedTokens + 1];
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (read == points)
            {
                break;
            }

            var tokenCount = line.SplitAny(ranges, " \t", StringSplitOptions.RemoveEmptyEntries);
            if (tokenCount != expectedTokens)
            {
                throw new MediaFormatException(fileName, $"data line {lineNumber}", $"has {tokenCount} values, FIELDS/COUNT declare {expectedTokens}");
            }

            xs[read] = AsciiValue(line, ranges[columnOf[x.Name]], x, fileName, lineNumber);
            ys[read] = AsciiValue(line, ranges[columnOf[y.Name]], y, fileName, lineNumber);
            zs[read] = AsciiValue(line, ranges[columnOf[z.Name]], z, fileName, lineNumber);
            if (intensities is not null)
            {
                intensities[read] = AsciiValue(line, ranges[columnOf[intensity!.Name]], intensity, fileName, lineNumber);
            }

            if (colours is not null)
            {
                var token = line[ranges[columnOf[rgb!.Name]]];
                colours[read] = rgb.Type == 'F'
                    ? BitConverter.SingleToUInt32Bits(float.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture)) & 0x00FFFFFF
                    : uint.Parse(token, NumberStyles.Integer, CultureInfo.InvariantCulture) & 0x00FFFFFF;
            }

            read++;
        }

        if (read < points)
        {
            throw new MediaFormatException(fileName, "POINTS", $"header declares {points} points but the ascii data has only {read}");
        }

        return new PointCloud(xs, ys, zs, intensities, colours);
    }

    private static float AsciiValue(ReadOnlySpan<char> line, Range range, Field field, string fileName, int lineNumber)
    {
        var token = line[range];
        if (!float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new MediaFormatException(fileName, $"data line {lineNumber}", $"'{token.ToString()}' is not a number for field '{field.Name}'");
        }

        return v;
    }
}
