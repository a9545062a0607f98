using Microsoft.Extensions.Options;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Media.Probing;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>
/// What processing does per modality, with the media library: the deep upload check first (every packet present,
/// headers tell the truth, captions parse), then video: probe, transcode only when the browser cannot play it, real
/// frame times, peaks of the audio track, poster, thumbnail and strip; audio: sample clock with its start offset and
/// peaks; image: size, EXIF orientation applied, thumbnail, DeepZoom tiles above 8192 px; text: content and timed
/// segments; point cloud: statistics, a decimated float32 transfer file, a bird's-eye raster and its projection into
/// each calibrated camera of the item. Results go into <see cref="ProcessingWork"/>; nothing here touches the database.
/// </summary>
public sealed partial class AssetProcessor(MediaTools tools, IOptions<MediaOptions> options)
{
    /// <summary>Thumbnails fit in this many pixels.</summary>
    public const int ThumbnailSize = 320;

    /// <summary>Posters are at most this wide.</summary>
    public const int PosterWidth = 640;

    /// <summary>Frames in the scrubber strip.</summary>
    public const int StripFrames = 10;

    /// <summary>Width of one strip frame.</summary>
    public const int StripFrameWidth = 160;

    internal async Task ProcessAsync(ProcessingWork work, AssetMediaInfo previous, IReadOnlyList<Asset> cameras, CancellationToken ct)
    {
        var check = await work.Stages.RunAsync(0, 0.1, "checking the file", _ =>
            new UploadValidator(tools, options.Value.MaxUploadBytes).CheckAsync(work.SourcePath, work.SourceName, ct));
        if (!check.Accepted)
        {
            throw new AssetRejectedException(check.Reason ?? $"{work.SourceName}: the file was refused");
        }
        work.Kind = check.Kind;
        if (work.Modality == Modality.Video && check.Modality == Modality.Audio)
        {
            // An audio-only MP4/WebM: fine when we guessed "video" from the container, wrong when the uploader said so.
            work.Modality = previous.ModalityInferred
                ? Modality.Audio
                : throw new AssetRejectedException($"{work.SourceName}: the file has no video stream (add it as audio)");
        }

        switch (work.Modality)
        {
            case Modality.Video:
                await VideoAsync(work, ct);
                break;
            case Modality.Audio:
                await AudioAsync(work, ct);
                break;
            case Modality.Image:
                await ImageAsync(work, ct);
                break;
            case Modality.Text:
                await TextAsync(work, ct);
                break;
            case Modality.PointCloud:
                await PointCloudAsync(work, cameras, ct);
                break;
            default:
                throw new AssetRejectedException($"{work.SourceName}: no processing for modality {work.Modality}");
        }
        await work.Stages.AtAsync(1, "done");
    }

    private static ProbeInfo Describe(ProbeResult probe)
    {
        var video = probe.Video;
        var audio = probe.Audio;
        return new ProbeInfo(
            probe.FormatName,
            probe.Duration,
            video?.CodecName,
            video?.PixelFormat,
            video?.DisplayWidth,
            video?.DisplayHeight,
            video?.Rotation ?? 0,
            video?.AverageFrameRate?.ToString(),
            audio?.CodecName,
            audio?.SampleRate,
            audio?.Channels,
            audio is null ? null : probe.StreamOffset(audio),
            probe.AudioOffsetFromVideo);
    }
}
