using System.Globalization;
using System.Text.Json;

namespace MultimodalAnnotate.Media.Probing;

/// <summary>
/// Parses <c>ffprobe -of json -show_streams -show_format</c> output. Pure: no process, no file; tested on
/// captured real outputs. ffprobe prints many numbers as strings ("0.000000", "N/A"), so every field is
/// read leniently and with the invariant culture.
/// </summary>
public static class ProbeParser
{
    /// <summary>Parses the JSON; <paramref name="sourceName"/> names the probed file in errors.</summary>
    public static ProbeResult Parse(string json, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new MediaFormatException(sourceName, $"ffprobe output line {ex.LineNumber + 1}", "not valid JSON", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("format", out var format))
            {
                throw new MediaFormatException(sourceName, "format", "ffprobe reported no container format (not a media file?)");
            }

            var streams = new List<ProbedStream>();
            if (root.TryGetProperty("streams", out var streamArray) && streamArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var stream in streamArray.EnumerateArray())
                {
                    streams.Add(ParseStream(stream));
                }
            }

            string? brand = null;
            if (format.TryGetProperty("tags", out var tags))
            {
                brand = String(tags, "major_brand") ?? String(tags, "DOCTYPE");
            }

            return new ProbeResult
            {
                FormatName = String(format, "format_name") ?? string.Empty,
                MajorBrand = brand,
                StartTime = Double(format, "start_time"),
                Duration = Double(format, "duration"),
                Size = Long(format, "size"),
                BitRate = Long(format, "bit_rate"),
                Streams = streams,
            };
        }
    }

    private static ProbedStream ParseStream(JsonElement s)
    {
        var kind = String(s, "codec_type") switch
        {
            "video" => StreamKind.Video,
            "audio" => StreamKind.Audio,
            "subtitle" => StreamKind.Subtitle,
            "data" => StreamKind.Data,
            "attachment" => StreamKind.Attachment,
            _ => StreamKind.Unknown,
        };
        var attached = s.TryGetProperty("disposition", out var disposition) && Long(disposition, "attached_pic") == 1;
        string? language = null;
        double? rotateTag = null;
        if (s.TryGetProperty("tags", out var tags))
        {
            language = String(tags, "language");
            rotateTag = Double(tags, "rotate");
        }

        return new ProbedStream
        {
            Index = (int)(Long(s, "index") ?? 0),
            Kind = kind,
            CodecName = String(s, "codec_name"),
            Profile = String(s, "profile"),
            PixelFormat = String(s, "pix_fmt"),
            Width = (int?)Long(s, "width"),
            Height = (int?)Long(s, "height"),
            Rotation = Rotation(s, rotateTag),
            StartTime = Double(s, "start_time"),
            Duration = Double(s, "duration"),
            TimeBase = ParseRational(String(s, "time_base")),
            SampleRate = (int?)Long(s, "sample_rate"),
            Channels = (int?)Long(s, "channels"),
            ChannelLayout = String(s, "channel_layout"),
            AverageFrameRate = ParseRational(String(s, "avg_frame_rate")),
            RealFrameRate = ParseRational(String(s, "r_frame_rate")),
            FrameCount = Long(s, "nb_frames"),
            IsAttachedPicture = attached,
            Language = language,
        };
    }

    /// <summary>
    /// The display matrix (side data, FFmpeg ≥ 5) wins over the legacy <c>rotate</c> tag (older muxers).
    /// Both are folded to 0/90/180/270 so callers only care whether width and height swap.
    /// </summary>
    private static int Rotation(JsonElement stream, double? rotateTag)
    {
        double? degrees = null;
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (Double(item, "rotation") is { } r)
                {
                    degrees = r;
                    break;
                }
            }
        }

        degrees ??= rotateTag;
        if (degrees is not { } d || double.IsNaN(d))
        {
            return 0;
        }

        var quarter = (int)Math.Round(d / 90.0);
        return ((quarter % 4) + 4) % 4 * 90;
    }

    /// <summary>Parses "num/den" (ffprobe's rationals); null for absent or malformed values.</summary>
    public static Rational? ParseRational(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 ||
            !long.TryParse(text.AsSpan(0, slash), NumberStyles.Integer, CultureInfo.InvariantCulture, out var num) ||
            !long.TryParse(text.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var den))
        {
            return null;
        }

        return new Rational(num, den);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Double(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    private static long? Long(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var l) => l,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            _ => null,
        };
    }
}
