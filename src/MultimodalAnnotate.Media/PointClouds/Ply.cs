using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>How a PLY file stores its elements.</summary>
public enum PlyEncoding
{
    Ascii,
    BinaryLittleEndian,
    BinaryBigEndian,
}

/// <summary>
/// The Stanford PLY format: reads the <c>vertex</c> element (x, y, z, intensity-like scalar, red/green/blue),
/// reading past other elements (faces with lists) that come before it. Unknown property types are rejected
/// with the property's name.
/// </summary>
public static class Ply
{
    private static readonly string[] IntensityNames = ["intensity", "scalar_intensity", "reflectance", "i"];

    private sealed record Property(string Name, string Type, int Size, string? ListCountType = null, int ListCountSize = 0);

    private sealed record Element(string Name, long Count, List<Property> Properties);

    /// <summary>Reads a PLY file's bytes.</summary>
    public static PointCloud Read(ReadOnlySpan<byte> data, string fileName)
    {
        var (encoding, elements, dataStart) = ParseHeader(data, fileName);
        var vertex = elements.FirstOrDefault(e => e.Name == "vertex") ?? throw new MediaFormatException(fileName, "element vertex", "the file declares no vertex element");
        if (vertex.Count > int.MaxValue)
        {
            throw new MediaFormatException(fileName, "element vertex", $"{vertex.Count} vertices is too many");
        }

        var n = (int)vertex.Count;
        var props = vertex.Properties;
        if (props.Any(p => p.ListCountType is not null))
        {
            throw new MediaFormatException(fileName, "element vertex", "list properties on vertices are not supported");
        }

        var ix = Index(props, "x", fileName);
        var iy = Index(props, "y", fileName);
        var iz = Index(props, "z", fileName);
        var ii = props.FindIndex(p => IntensityNames.Contains(p.Name));
        int ir = props.FindIndex(p => p.Name is "red" or "r"), ig = props.FindIndex(p => p.Name is "green" or "g"), ib = props.FindIndex(p => p.Name is "blue" or "b");
        var hasRgb = ir >= 0 && ig >= 0 && ib >= 0;

        var xs = new float[n];
        var ys = new float[n];
        var zs = new float[n];
        var intensity = ii >= 0 ? new float[n] : null;
        var rgb = hasRgb ? new uint[n] : null;
        var values = new double[props.Count];

        if (encoding == PlyEncoding.Ascii)
        {
            var text = Encoding.ASCII.GetString(data[dataStart..]);
            var lines = text.Split('\n');
            var line = 0;
            foreach (var element in elements)
            {
                if (element == vertex)
                {
                    for (var v = 0; v < n; v++, line++)
                    {
                        if (line >= lines.Length)
                        {
                            throw new MediaFormatException(fileName, "element vertex", $"declares {n} vertices but the data ends after {v}");
                        }

                        var tokens = lines[line].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                        if (tokens.Length != props.Count)
                        {
                            throw new MediaFormatException(fileName, $"vertex {v}", $"has {tokens.Length} values, the header declares {props.Count} properties");
                        }

                        for (var p = 0; p < props.Count; p++)
                        {
                            if (!double.TryParse(tokens[p], NumberStyles.Float, CultureInfo.InvariantCulture, out values[p]))
                            {
                                throw new MediaFormatException(fileName, $"vertex {v} property '{props[p].Name}'", $"'{tokens[p]}' is not a number");
                            }
                        }

                        Store(v);
                    }

                    break;
                }

                line += (int)element.Count;
            }
        }
        else
        {
            var bigEndian = encoding == PlyEncoding.BinaryBigEndian;
            var body = data[dataStart..];
            var pos = 0;
            foreach (var element in elements)
            {
                if (element == vertex)
                {
                    var stride = props.Sum(p => p.Size);
                    if (body.Length - pos < (long)stride * n)
                    {
                        throw new MediaFormatException(fileName, "element vertex", $"declares {n} vertices ({(long)stride * n} bytes) but only {body.Length - pos} bytes follow (truncated)");
                    }

                    for (var v = 0; v < n; v++)
                    {
                        for (var p = 0; p < props.Count; p++)
                        {
                            values[p] = ReadBinary(body[pos..], props[p].Type, bigEndian);
                            pos += props[p].Size;
                        }

                        Store(v);
                    }

                    break;
                }

                pos = SkipBinary(body, pos, element, bigEndian, fileName);
            }
        }

        return new PointCloud(xs, ys, zs, intensity, rgb);

        void Store(int v)
        {
            xs[v] = (float)values[ix];
            ys[v] = (float)values[iy];
            zs[v] = (float)values[iz];
            if (intensity is not null)
            {
                intensity[v] = (float)values[ii];
            }

            if (rgb is not null)
            {
                rgb[v] = ((uint)values[ir] << 16) | ((uint)values[ig] << 8) | (uint)values[ib];
            }
        }
    }

    /// <summary>Writes <paramref name="cloud"/> as PLY: float x y z [intensity] [uchar red green blue].</summary>
    public static byte[] Write(PointCloud cloud, PlyEncoding encoding)
    {
        var header = new StringBuilder("ply\n");
        header.Append("format ").Append(encoding switch
        {
            PlyEncoding.Ascii => "ascii",
            PlyEncoding.BinaryLittleEndian => "binary_little_endian",
            _ => "binary_big_endian",
        }).Append(" 1.0\n");
        header.Append(CultureInfo.InvariantCulture, $"element vertex {cloud.Count}\nproperty float x\nproperty float y\nproperty float z\n");
        if (cloud.Intensity is not null)
        {
            header.Append("property float intensity\n");
        }

        if (cloud.Rgb is not null)
        {
            header.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        }

        header.Append("end_header\n");
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        var big = encoding == PlyEncoding.BinaryBigEndian;
        Span<byte> four = stackalloc byte[4];
        for (var i = 0; i < cloud.Count; i++)
        {
            if (encoding == PlyEncoding.Ascii)
            {
                var line = new StringBuilder();
                line.Append(cloud.X[i].ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(cloud.Y[i].ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(cloud.Z[i].ToString(CultureInfo.InvariantCulture));
                if (cloud.Intensity is { } intensity)
                {
                    line.Append(' ').Append(intensity[i].ToString(CultureInfo.InvariantCulture));
                }

                if (cloud.Rgb is { } rgb)
                {
                    line.Append(CultureInfo.InvariantCulture, $" {(rgb[i] >> 16) & 0xFF} {(rgb[i] >> 8) & 0xFF} {rgb[i] & 0xFF}");
                }

                output.Write(Encoding.ASCII.GetBytes(line.Append('\n').ToString()));
                continue;
            }

            foreach (var value in (ReadOnlySpan<float>)[cloud.X[i], cloud.Y[i], cloud.Z[i]])
            {
                WriteFloat(output, four, value, big);
            }

            if (cloud.Intensity is { } intensities)
            {
                WriteFloat(output, four, intensities[i], big);
            }

            if (cloud.Rgb is { } colours)
            {
                output.WriteByte((byte)(colours[i] >> 16));
                output.WriteByte((byte)(colours[i] >> 8));
                output.WriteByte((byte)colours[i]);
            }
        }

        return output.ToArray();
    }

    private static void WriteFloat(Stream output, Span<byte> buffer, float value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteSingleBigEndian(buffer, value);
        }
        else
        {
            BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
        }

        output.Write(buffer);
    }

    private static (PlyEncoding Encoding, List<Element> Elements, int DataStart) ParseHeader(ReadOnlySpan<byte> data, string fileName)
    {
        if (data.Length < 4 || !data[..3].SequenceEqual("ply"u8))
        {
            throw new MediaFormatException(fileName, "magic", "does not start with 'ply'");
        }

        PlyEncoding? encoding = null;
        var elements = new List<Element>();
        var pos = 0;
        var lineNumber = 0;
        while (pos < data.Length)
        {
            var end = data[pos..].IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            var line = Encoding.ASCII.GetString(data.Slice(pos, end)).Trim();
            pos += end + 1;
            lineNumber++;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            switch (parts[0])
            {
                case "ply":
                case "comment":
                case "obj_info":
                    break;
                case "format":
                    encoding = parts.ElementAtOrDefault(1) switch
                    {
                        "ascii" => PlyEncoding.Ascii,
                        "binary_little_endian" => PlyEncoding.BinaryLittleEndian,
                        "binary_big_endian" => PlyEncoding.BinaryBigEndian,
                        var other => throw new MediaFormatException(fileName, "format", $"unknown PLY format '{other}'"),
                    };
                    break;
                case "element":
                    if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 0)
                    {
                        throw new MediaFormatException(fileName, $"header line {lineNumber}", $"malformed element declaration '{line}'");
                    }

                    elements.Add(new Element(parts[1], count, []));
                    break;
                case "property":
                    if (elements.Count == 0)
                    {
                        throw new MediaFormatException(fileName, $"header line {lineNumber}", "property before any element");
                    }

                    elements[^1].Properties.Add(ParseProperty(parts, line, lineNumber, fileName));
                    break;
                case "end_header":
                    if (encoding is null)
                    {
                        throw new MediaFormatException(fileName, "format", "missing from the header");
                    }

                    return (encoding.Value, elements, pos);
                default:
                    throw new MediaFormatException(fileName, $"header line {lineNumber}", $"unknown PLY header keyword '{parts[0]}'");
            }
        }

        throw new MediaFormatException(fileName, "end_header", "the header never ends (truncated or not a PLY file)");
    }

    private static Property ParseProperty(string[] parts, string line, int lineNumber, string fileName)
    {
        if (parts.Length == 5 && parts[1] == "list")
        {
            return new Property(parts[4], Normalise(parts[3], parts[4], fileName), 0, Normalise(parts[2], parts[4], fileName), TypeSize(Normalise(parts[2], parts[4], fileName)));
        }

        if (parts.Length != 3)
        {
            throw new MediaFormatException(fileName, $"header line {lineNumber}", $"malformed property declaration '{line}'");
        }

        var type = Normalise(parts[1], parts[2], fileName);
        return new Property(parts[2], type, TypeSize(type));
    }

    private static string Normalise(string type, string property, string fileName) => type switch
    {
        "char" or "int8" => "int8",
        "uchar" or "uint8" => "uint8",
        "short" or "int16" => "int16",
        "ushort" or "uint16" => "uint16",
        "int" or "int32" => "int32",
        "uint" or "uint32" => "uint32",
        "float" or "float32" => "float32",
        "double" or "float64" => "float64",
        _ => throw new MediaFormatException(fileName, $"property '{property}'", $"unknown PLY property type '{type}'"),
    };

    private static int TypeSize(string type) => type switch
    {
        "int8" or "uint8" => 1,
        "int16" or "uint16" => 2,
        "int32" or "uint32" or "float32" => 4,
        _ => 8,
    };

    private static double ReadBinary(ReadOnlySpan<byte> s, string type, bool big) => type switch
    {
        "int8" => (sbyte)s[0],
        "uint8" => s[0],
        "int16" => big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s),
        "uint16" => big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
        "int32" => big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s),
        "uint32" => big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
        "float32" => big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
        _ => big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
    };

    private static int SkipBinary(ReadOnlySpan<byte> body, int pos, Element element, bool big, string fileName)
    {
        for (long e = 0; e < element.Count; e++)
        {
            foreach (var p in element.Properties)
            {
                if (p.ListCountType is null)
                {
                    pos += p.Size;
                    continue;
                }

                if (pos + p.ListCountSize > body.Length)
                {
                    throw new MediaFormatException(fileName, $"element {element.Name}", "the data ends early (truncated)");
                }

                var count = (long)ReadBinary(body[pos..], p.ListCountType, big);
                pos += p.ListCountSize + (int)(count * TypeSize(p.Type));
            }

            if (pos > body.Length)
            {
                throw new MediaFormatException(fileName, $"element {element.Name}", "the data ends early (truncated)");
            }
        }

        return pos;
    }

    private static int Index(List<Property> props, string name, string fileName)
    {
        var i = props.FindIndex(p => p.Name == name);
        return i >= 0 ? i : throw new MediaFormatException(fileName, "element vertex", $"has no '{name}' property");
    }
}
