using System.Buffers.Binary;
using System.Globalization;

namespace MultimodalAnnotate.Cli.Formats;

/// <summary>A malformed or missing KITTI file: the message names the file (relative to the folder) and, where known, the line and field.</summary>
public sealed class KittiFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="line"/> is 1-based.</summary>
    public KittiFormatException(string file, int? line, string message, Exception? inner = null)
        : base($"{file}{(line is { } l ? " line " + l.ToString(CultureInfo.InvariantCulture) : string.Empty)}: {message}", inner)
    {
        File = file;
        Line = line;
    }

    /// <summary>The file, relative to the KITTI folder (e.g. <c>calib/000001.txt</c>).</summary>
    public string File { get; }

    /// <summary>The 1-based line, when the problem is on one line.</summary>
    public int? Line { get; }
}

/// <summary>
/// The calibration of one KITTI frame: <paramref name="P2"/> (3×4, row-major) projects rectified camera-0 coordinates
/// into the left colour image; <paramref name="R0Rect"/> (3×3) rectifies; <paramref name="TrVeloToCam"/> (3×4) maps
/// velodyne to camera-0 coordinates. x = P2 · R0_rect · Tr_velo_to_cam · X_velo.
/// </summary>
public sealed record KittiCalibration(IReadOnlyList<double> P2, IReadOnlyList<double> R0Rect, IReadOnlyList<double> TrVeloToCam);

/// <summary>
/// One KITTI object label line: type, truncation (0…1), occlusion (0…3), observation angle, 2D box (left, top, right,
/// bottom, pixels), 3D size (height, width, length, metres), bottom-centre location in rectified camera coordinates
/// and rotation about the camera Y axis.
/// </summary>
public sealed record KittiLabel(
    string Type, double Truncated, int Occluded, double Alpha,
    double Left, double Top, double Right, double Bottom,
    double Height, double Width, double Length,
    double X, double Y, double Z, double RotationY, int LineNumber);

/// <summary>Pure parsers for the files of a KITTI object folder: they take text or streams and never touch the disk.</summary>
public static class KittiParsers
{
    private static readonly string[] LabelFields =
        ["type", "truncated", "occluded", "alpha", "bbox left", "bbox top", "bbox right", "bbox bottom", "height", "width", "length", "x", "y", "z", "rotation_y"];

    /// <summary>Parses a <c>calib/&lt;id&gt;.txt</c> file; <paramref name="file"/> names it in errors.</summary>
    public static KittiCalibration ParseCalibration(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        double[]? p2 = null, r0 = null, tr = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new KittiFormatException(file, lineNumber, $"expected 'KEY: values', got '{Shorten(line)}'");
            }

            var key = line[..colon].Trim();
            var expected = key switch
            {
                "P2" => 12,
                "R0_rect" => 9,
                "Tr_velo_to_cam" => 12,
                _ => 0,
            };
            if (expected == 0)
            {
                continue;
            }

            var values = ParseNumbers(line[(colon + 1)..], file, lineNumber, key);
            if (values.Length != expected)
            {
                throw new KittiFormatException(file, lineNumber, $"{key} needs {expected} numbers, found {values.Length}");
            }

            switch (key)
            {
                case "P2":
                    p2 = values;
                    break;
                case "R0_rect":
                    r0 = values;
                    break;
                default:
                    tr = values;
                    break;
            }
        }

        return new KittiCalibration(
            p2 ?? throw new KittiFormatException(file, null, "no P2 line"),
            r0 ?? throw new KittiFormatException(file, null, "no R0_rect line"),
            tr ?? throw new KittiFormatException(file, null, "no Tr_velo_to_cam line"));
    }

    /// <summary>Parses a <c>label_2/&lt;id&gt;.txt</c> file (15 fields per line, an optional 16th score is ignored).</summary>
    public static IReadOnlyList<KittiLabel> ParseLabels(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var labels = new List<KittiLabel>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is not (15 or 16))
            {
                throw new KittiFormatException(file, lineNumber, $"expected 15 fields, found {fields.Length}");
            }

            var v = new double[15];
            for (var i = 1; i < 15; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                {
                    throw new KittiFormatException(file, lineNumber, $"field {i + 1} ({LabelFields[i]}) is not a number: '{fields[i]}'");
                }
            }

            labels.Add(new KittiLabel(
                fields[0], v[1], (int)v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], lineNumber));
        }

        return labels;
    }

    /// <summary>Reads a PNG's width and height from its IHDR chunk (the first 24 bytes); <paramref name="file"/> names it in errors.</summary>
    public static (int Width, int Height) ReadPngSize(Stream png, string file)
    {
        ArgumentNullException.ThrowIfNull(png);
        Span<byte> header = stackalloc byte[24];
        var read = 0;
        while (read < header.Length)
        {
            var n = png.Read(header[read..]);
            if (n == 0)
            {
                throw new KittiFormatException(file, null, $"not a PNG: only {read} bytes");
            }

            read += n;
        }

        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (!header[..8].SequenceEqual(signature))
        {
            throw new KittiFormatException(file, null, "not a PNG: bad signature");
        }

        if (header[12] != (byte)'I' || header[13] != (byte)'H' || header[14] != (byte)'D' || header[15] != (byte)'R')
        {
            throw new KittiFormatException(file, null, "not a PNG: the first chunk is not IHDR");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(header[16..20]);
        var height = BinaryPrimitives.ReadInt32BigEndian(header[20..24]);
        if (width <= 0 || height <= 0)
        {
            throw new KittiFormatException(file, null, $"PNG has an invalid size {width}x{height}");
        }

        return (width, height);
    }

    private static double[] ParseNumbers(string text, string file, int line, string key)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new KittiFormatException(file, line, $"{key} value {i + 1} is not a number: '{parts[i]}'");
            }
        }

        return values;
    }

    private static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;
}
