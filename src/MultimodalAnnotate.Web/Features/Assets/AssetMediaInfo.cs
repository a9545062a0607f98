using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Web.Features.Assets;

/// <summary>
/// What <c>Asset.MediaInfoJson</c> holds: how the file was recognised, what processing found (probe, image, waveform,
/// point-cloud statistics, text) and the keys of the derived media objects served by <c>/api/v1/assets/{id}/…</c>.
/// Written by the processing job; read by the asset endpoints and pages. Unknown properties are ignored on read.
/// </summary>
public sealed record AssetMediaInfo
{
    /// <summary>Bumped when processing starts producing something new, so old assets can be recognised.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>What the bytes are (<c>FileKind</c> name, e.g. <c>Mp4</c>, <c>KittiBin</c>).</summary>
    public string? Kind { get; init; }

    /// <summary>True when the uploader left the modality to us (then a video file without a video stream becomes audio).</summary>
    public bool ModalityInferred { get; init; }

    /// <summary>
    /// The key of the file as uploaded, when <c>MediaKey</c> now points at a derived copy the browser can use as is
    /// (a transcoded video, an image with its EXIF orientation applied).
    /// </summary>
    public string? OriginalKey { get; init; }

    /// <summary>
    /// The part of <c>TimeBase.Offset</c> that comes from the file itself (the audio stream's start in the file's
    /// media time); the rest is the asset's placement on the item timeline, which re-processing keeps.
    /// </summary>
    public double StreamOffset { get; init; }

    /// <summary>Keys of derived media objects by role: <see cref="DerivedRoles"/>.</summary>
    public Dictionary<string, string> Derived { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Per camera asset id: the key of the projection of this point cloud into that camera.</summary>
    public Dictionary<Guid, ProjectionInfo> Projections { get; init; } = [];

    public ProbeInfo? Probe { get; init; }

    /// <summary>Why the file was transcoded (empty when the browser plays the upload as is).</summary>
    public IReadOnlyList<string> TranscodeReasons { get; init; } = [];

    public ImageFacts? Image { get; init; }

    public WaveformFacts? Waveform { get; init; }

    public PointCloudFacts? PointCloud { get; init; }

    public TextFacts? Text { get; init; }

    /// <summary>When processing finished.</summary>
    public DateTimeOffset? ProcessedAt { get; init; }

    public string? DerivedKey(string role) => Derived.GetValueOrDefault(role);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses stored JSON; an absent or unreadable value gives an empty record (never throws).</summary>
    public static AssetMediaInfo Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new AssetMediaInfo();
        }
        try
        {
            return JsonSerializer.Deserialize<AssetMediaInfo>(json, Json) ?? new AssetMediaInfo();
        }
        catch (JsonException)
        {
            return new AssetMediaInfo();
        }
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>The roles of derived media objects (keys of <see cref="AssetMediaInfo.Derived"/>).</summary>
public static class DerivedRoles
{
    /// <summary>MAFT frame times (video).</summary>
    public const string Frames = "frames";

    /// <summary>MAWF multi-resolution waveform peaks (audio, and the audio track of a video).</summary>
    public const string Peaks = "peaks";

    /// <summary>A poster frame (video), JPEG.</summary>
    public const string Poster = "poster";

    /// <summary>A small preview (image, video; the bird's-eye raster for point clouds), JPEG or PNG.</summary>
    public const string Thumbnail = "thumbnail";

    /// <summary>A strip of thumbnails over the video's duration, JPEG.</summary>
    public const string Strip = "strip";

    /// <summary>MAPC float32 points, decimated to the transfer budget.</summary>
    public const string Points = "points";

    /// <summary>Bird's-eye raster of a point cloud (max height), PNG.</summary>
    public const string BirdsEye = "bev";

    /// <summary>The DeepZoom descriptor (.dzi) of an image larger than 8192 px on a side; tiles sit next to it.</summary>
    public const string Tiles = "tiles";
}

/// <summary>A point cloud projected into one camera: MAPC with (u, v, depth) per point.</summary>
public sealed record ProjectionInfo(string Key, int Count, string CalibrationHash);

public sealed record ProbeInfo(
    string Format,
    double? Duration,
    string? VideoCodec,
    string? PixelFormat,
    int? Width,
    int? Height,
    int Rotation,
    string? AverageFrameRate,
    string? AudioCodec,
    int? AudioSampleRate,
    int? AudioChannels,
    double? AudioStart,
    double? AudioOffsetFromVideo);

public sealed record ImageFacts(int StoredWidth, int StoredHeight, int Orientation, string Loader, bool Tiled);

public sealed record WaveformFacts(int SampleRate, int Channels, long SampleCount, double StartOffset, IReadOnlyList<WaveformLevelFacts> Levels);

public sealed record WaveformLevelFacts(int SamplesPerBucket, int BucketCount);

public sealed record PointCloudFacts(
    int Count,
    int ValidCount,
    float[] Min,
    float[] Max,
    float[] Mean,
    float? IntensityMin,
    float? IntensityMax,
    int TransferCount,
    double BirdsEyeResolution,
    int BirdsEyeWidth,
    int BirdsEyeHeight,
    double BirdsEyeHorizontalMin,
    double BirdsEyeVerticalMin);

public sealed record TextFacts(string Format, int Segments, int Characters);
