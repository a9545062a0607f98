namespace MultimodalAnnotate.Media.Ingest;

/// <summary>What a file really is, judged from its bytes.</summary>
public enum FileKind
{
    Unknown,
    Png,
    Jpeg,
    Gif,
    WebP,
    Tiff,
    Mp4,
    QuickTime,
    WebM,
    Matroska,
    Avi,
    Wav,
    Mp3,
    Ogg,
    Flac,
    Pcd,
    Ply,
    KittiBin,
    Text,
}

/// <summary>Facts about each <see cref="FileKind"/>: the modality it feeds, a human description and its canonical extension.</summary>
public static class FileKinds
{
    /// <summary>How the kind is named in messages to users ("a PNG image").</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Png => "a PNG image",
        FileKind.Jpeg => "a JPEG image",
        FileKind.Gif => "a GIF image",
        FileKind.WebP => "a WebP image",
        FileKind.Tiff => "a TIFF image",
        FileKind.Mp4 => "an MP4 (ISO media) file",
        FileKind.QuickTime => "a QuickTime movie",
        FileKind.WebM => "a WebM file",
        FileKind.Matroska => "a Matroska file",
        FileKind.Avi => "an AVI video",
        FileKind.Wav => "a WAV audio file",
        FileKind.Mp3 => "an MP3 audio file",
        FileKind.Ogg => "an Ogg file",
        FileKind.Flac => "a FLAC audio file",
        FileKind.Pcd => "a PCD point cloud",
        FileKind.Ply => "a PLY point cloud",
        FileKind.KittiBin => "a KITTI point cloud (.bin)",
        FileKind.Text => "plain text",
        _ => "of an unrecognised type",
    };

    /// <summary>The extension we store the kind under.</summary>
    public static string Extension(FileKind kind) => kind switch
    {
        FileKind.Png => ".png",
        FileKind.Jpeg => ".jpg",
        FileKind.Gif => ".gif",
        FileKind.WebP => ".webp",
        FileKind.Tiff => ".tif",
        FileKind.Mp4 => ".mp4",
        FileKind.QuickTime => ".mov",
        FileKind.WebM => ".webm",
        FileKind.Matroska => ".mkv",
        FileKind.Avi => ".avi",
        FileKind.Wav => ".wav",
        FileKind.Mp3 => ".mp3",
        FileKind.Ogg => ".ogg",
        FileKind.Flac => ".flac",
        FileKind.Pcd => ".pcd",
        FileKind.Ply => ".ply",
        FileKind.KittiBin => ".bin",
        FileKind.Text => ".txt",
        _ => ".dat",
    };

    /// <summary>The kinds a file with <paramref name="extension"/> may really be (empty: extension not accepted).</summary>
    public static IReadOnlyList<FileKind> AllowedFor(string extension) => extension.ToLowerInvariant() switch
    {
        ".png" => [FileKind.Png],
        ".jpg" or ".jpeg" => [FileKind.Jpeg],
        ".gif" => [FileKind.Gif],
        ".webp" => [FileKind.WebP],
        ".tif" or ".tiff" => [FileKind.Tiff],
        ".mp4" or ".m4v" or ".m4a" => [FileKind.Mp4, FileKind.QuickTime],
        ".mov" => [FileKind.QuickTime, FileKind.Mp4],
        ".webm" => [FileKind.WebM],
        ".mkv" or ".mka" => [FileKind.Matroska, FileKind.WebM],
        ".avi" => [FileKind.Avi],
        ".wav" => [FileKind.Wav],
        ".mp3" => [FileKind.Mp3],
        ".ogg" or ".oga" or ".ogv" or ".opus" => [FileKind.Ogg],
        ".flac" => [FileKind.Flac],
        ".pcd" => [FileKind.Pcd],
        ".ply" => [FileKind.Ply],
        ".bin" => [FileKind.KittiBin],
        ".txt" or ".md" or ".vtt" or ".srt" or ".stm" or ".rttm" or ".json" => [FileKind.Text],
        _ => [],
    };

    /// <summary>True for container kinds ffprobe must vouch for.</summary>
    public static bool IsAudioVisual(FileKind kind) => kind is FileKind.Mp4 or FileKind.QuickTime or FileKind.WebM or FileKind.Matroska
        or FileKind.Avi or FileKind.Wav or FileKind.Mp3 or FileKind.Ogg or FileKind.Flac;

    /// <summary>True for image kinds libvips reads.</summary>
    public static bool IsImage(FileKind kind) => kind is FileKind.Png or FileKind.Jpeg or FileKind.Gif or FileKind.WebP or FileKind.Tiff;

    /// <summary>True for point-cloud kinds.</summary>
    public static bool IsPointCloud(FileKind kind) => kind is FileKind.Pcd or FileKind.Ply or FileKind.KittiBin;
}
