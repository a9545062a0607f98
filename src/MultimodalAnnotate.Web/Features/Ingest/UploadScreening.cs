using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>The cheap verdict on a received file, before anything is stored.</summary>
/// <param name="Kind">What the bytes are.</param>
/// <param name="Modality">The modality the asset gets (declared, or inferred from <paramref name="Kind"/>).</param>
/// <param name="Reason">Why the file cannot become a usable asset (null when it may be stored and processed).</param>
public sealed record Screening(FileKind Kind, Modality? Modality, string? Reason)
{
    public bool Accepted => Reason is null;
}

/// <summary>
/// The checks that run on every incoming file before it is stored: not empty, an accepted extension, the first bytes
/// agree with the extension ("a text file named .mp4" is caught here), and the sniffed kind can feed the declared
/// modality. The deep checks (ffprobe reads every packet, the point cloud header tells the truth, captions parse)
/// run in the processing job with <see cref="UploadValidator"/>. Pure apart from reading the file's head.
/// </summary>
public static class UploadScreening
{
    public static async Task<Screening> ScreenAsync(string path, string originalFileName, Modality? declared, long maxBytes, CancellationToken ct)
    {
        var length = new FileInfo(path).Length;
        var head = new byte[(int)Math.Min(length, ContentSniffer.HeadLength)];
        if (head.Length > 0)
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            await stream.ReadExactlyAsync(head, ct);
        }
        return Screen(head, length, originalFileName, declared, maxBytes);
    }

    /// <summary>The verdict from the file's first bytes and total length.</summary>
    public static Screening Screen(ReadOnlySpan<byte> head, long length, string originalFileName, Modality? declared, long maxBytes = long.MaxValue)
    {
        var name = Path.GetFileName(originalFileName);
        var extension = Path.GetExtension(name);
        Screening Reject(FileKind kind, string reason) => new(kind, declared, $"{name}: {reason}");

        if (length == 0)
        {
            return Reject(FileKind.Unknown, "the file is empty (0 bytes)");
        }
        if (length > maxBytes)
        {
            return Reject(FileKind.Unknown, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the file is {length} bytes, over the {maxBytes}-byte limit"));
        }
        var allowed = FileKinds.AllowedFor(extension);
        if (allowed.Count == 0)
        {
            return Reject(FileKind.Unknown, extension.Length == 0 ? "a file without an extension is not accepted" : $"'{extension}' files are not accepted");
        }
        var kind = ContentSniffer.Sniff(head, length, extension);
        if (!allowed.Contains(kind))
        {
            return Reject(kind, $"the name says {FileKinds.Describe(allowed[0])} but the content is {FileKinds.Describe(kind)}");
        }
        var possible = ModalitiesOf(kind, extension);
        if (declared is { } d && !possible.Contains(d))
        {
            return Reject(kind, $"the content is {FileKinds.Describe(kind)}, which cannot be used as {d.ToString().ToLowerInvariant()} (it can be {string.Join(" or ", possible.Select(m => m.ToString().ToLowerInvariant()))})");
        }
        return new Screening(kind, declared ?? possible[0], null);
    }

    /// <summary>The modalities a file of <paramref name="kind"/> can feed, the inferred one first.</summary>
    public static IReadOnlyList<Modality> ModalitiesOf(FileKind kind, string? extension = null) => kind switch
    {
        _ when FileKinds.IsImage(kind) => [Modality.Image],
        _ when FileKinds.IsPointCloud(kind) => [Modality.PointCloud],
        FileKind.Text => [Modality.Text],
        FileKind.Wav or FileKind.Mp3 or FileKind.Flac => [Modality.Audio],
        FileKind.Ogg => [Modality.Audio, Modality.Video],
        // An .m4a/.mka is audio in an MP4/Matroska box; the other containers default to video.
        FileKind.Mp4 or FileKind.Matroska when extension is not null &&
            (extension.Equals(".m4a", StringComparison.OrdinalIgnoreCase) || extension.Equals(".mka", StringComparison.OrdinalIgnoreCase)) => [Modality.Audio, Modality.Video],
        _ when FileKinds.IsAudioVisual(kind) => [Modality.Video, Modality.Audio],
        _ => [],
    };

    /// <summary>The modality the server would infer from a file name alone (what the upload form pre-selects).</summary>
    public static Modality? GuessFromName(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var kinds = FileKinds.AllowedFor(extension);
        if (kinds.Count == 0)
        {
            return null;
        }
        var modalities = ModalitiesOf(kinds[0], extension);
        return modalities.Count == 0 ? null : modalities[0];
    }

    /// <summary>The Content-Type the original file is served with.</summary>
    public static string ContentTypeOf(FileKind kind, Modality modality, string? extension) => kind switch
    {
        FileKind.Png => "image/png",
        FileKind.Jpeg => "image/jpeg",
        FileKind.Gif => "image/gif",
        FileKind.WebP => "image/webp",
        FileKind.Tiff => "image/tiff",
        FileKind.Mp4 => modality == Modality.Audio ? "audio/mp4" : "video/mp4",
        FileKind.QuickTime => "video/quicktime",
        FileKind.WebM => modality == Modality.Audio ? "audio/webm" : "video/webm",
        FileKind.Matroska => "video/x-matroska",
        FileKind.Avi => "video/x-msvideo",
        FileKind.Wav => "audio/wav",
        FileKind.Mp3 => "audio/mpeg",
        FileKind.Ogg => modality == Modality.Video ? "video/ogg" : "audio/ogg",
        FileKind.Flac => "audio/flac",
        FileKind.Pcd => "application/x-pcd",
        FileKind.Ply => "application/x-ply",
        FileKind.KittiBin => "application/x-kitti-bin",
        FileKind.Text => extension?.ToLowerInvariant() switch
        {
            ".vtt" => "text/vtt; charset=utf-8",
            ".json" => "application/json; charset=utf-8",
            ".md" => "text/markdown; charset=utf-8",
            _ => "text/plain; charset=utf-8",
        },
        _ => "application/octet-stream",
    };
}
