namespace MultimodalAnnotate.Media.Probing;

/// <summary>What to do with one stream when making a browser-playable copy.</summary>
public enum StreamAction
{
    /// <summary>The output has no such stream.</summary>
    None,

    /// <summary>Copied bit for bit (remux only): timestamps and quality unchanged.</summary>
    Copy,

    /// <summary>Re-encoded (H.264 / AAC).</summary>
    Transcode,
}

/// <summary>
/// How to turn a file a browser cannot play into an MP4 it can: remux when only the container is the
/// problem, re-encode only the streams whose codec is. Frame timestamps are passed through unchanged
/// (<c>-fps_mode passthrough</c>) so variable frame rate survives; still, times and peaks must be computed
/// on the output, since it is the file the browser plays (AAC adds encoder priming to audio).
/// </summary>
public sealed record TranscodePlan(StreamAction Video, StreamAction Audio, IReadOnlyList<string> Reasons)
{
    /// <summary>File extension of the output (".mp4" with video, ".m4a" for audio only).</summary>
    public string OutputExtension => Video == StreamAction.None ? ".m4a" : ".mp4";

    /// <summary>ffmpeg arguments that carry out the plan from <paramref name="inputPath"/> to <paramref name="outputPath"/>.</summary>
    public IReadOnlyList<string> FfmpegArguments(string inputPath, string outputPath)
    {
        var args = new List<string> { "-v", "error", "-nostdin", "-y", "-i", Processes.MediaTools.InputUrl(inputPath) };
        if (Video != StreamAction.None)
        {
            args.AddRange(["-map", "0:v:0"]);
        }

        if (Audio != StreamAction.None)
        {
            args.AddRange(["-map", "0:a:0"]);
        }

        switch (Video)
        {
            case StreamAction.Copy:
                args.AddRange(["-c:v", "copy"]);
                break;
            case StreamAction.Transcode:
                // yuv420p + even dimensions: the only H.264 flavour every browser decodes.
                args.AddRange([
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
                    "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-fps_mode", "passthrough",
                ]);
                break;
        }

        switch (Audio)
        {
            case StreamAction.Copy:
                args.AddRange(["-c:a", "copy"]);
                break;
            case StreamAction.Transcode:
                args.AddRange(["-c:a", "aac", "-b:a", "160k"]);
                break;
        }

        args.AddRange(["-sn", "-dn", "-movflags", "+faststart", "-f", "mp4", "-progress", "pipe:1", "-nostats", "file:" + Path.GetFullPath(outputPath)]);
        return args;
    }
}

/// <summary>Whether a browser plays a file as is, why not, and the plan to fix it.</summary>
public sealed record PlaybackAssessment(bool IsBrowserPlayable, IReadOnlyList<string> Reasons, TranscodePlan? Plan);

/// <summary>
/// Decides from a probe whether current Chrome, Firefox and Safari all play a file natively. Conservative:
/// HEVC, 10-bit or 4:2:2/4:4:4 H.264, QuickTime and AVI containers are not trusted.
/// </summary>
public static class BrowserPlayability
{
    private static readonly HashSet<string> Mp4VideoCodecs = new(StringComparer.Ordinal) { "h264", "av1", "vp9" };
    private static readonly HashSet<string> WebmVideoCodecs = new(StringComparer.Ordinal) { "vp8", "vp9", "av1" };
    private static readonly HashSet<string> Mp4AudioCodecs = new(StringComparer.Ordinal) { "aac", "mp3", "opus", "flac" };
    private static readonly HashSet<string> WebmAudioCodecs = new(StringComparer.Ordinal) { "opus", "vorbis" };
    private static readonly HashSet<string> WavCodecs = new(StringComparer.Ordinal) { "pcm_s16le", "pcm_s24le", "pcm_f32le", "pcm_u8" };
    private static readonly HashSet<string> BrowserPixelFormats = new(StringComparer.Ordinal) { "yuv420p", "yuvj420p" };

    private enum Container
    {
        Other,
        Mp4,
        WebM,
        Mp3,
        Wav,
        Ogg,
        Flac,
    }

    /// <summary>Assesses <paramref name="probe"/>; <see cref="PlaybackAssessment.Plan"/> is null when the file plays as is.</summary>
    public static PlaybackAssessment Assess(ProbeResult probe)
    {
        var container = ContainerOf(probe);
        var video = probe.Video;
        var audio = probe.Audio;
        var reasons = new List<string>();

        var videoOk = video is null || VideoCodecPlays(video, container, reasons);
        var audioOk = audio is null || AudioCodecPlays(audio, container, reasons);
        var containerOk = container switch
        {
            Container.Mp4 or Container.WebM => true,
            Container.Mp3 or Container.Wav or Container.Ogg or Container.Flac => video is null,
            _ => false,
        };
        if (!containerOk)
        {
            reasons.Add($"container '{probe.FormatName}'{(probe.MajorBrand is { } b ? $" (brand '{b.Trim()}')" : string.Empty)} is not played by every browser");
        }

        if (video is null && audio is null)
        {
            reasons.Add("no audio or video stream");
            return new PlaybackAssessment(false, reasons, null);
        }

        if (videoOk && audioOk && containerOk)
        {
            return new PlaybackAssessment(true, reasons, null);
        }

        // Streams that play in MP4 are copied; others re-encoded. A WebM-only codec (vp8, vorbis) is
        // re-encoded because the target is MP4.
        var videoAction = video is null ? StreamAction.None
            : videoOk && Mp4VideoCodecs.Contains(video.CodecName ?? string.Empty) ? StreamAction.Copy : StreamAction.Transcode;
        var audioAction = audio is null ? StreamAction.None
            : audioOk && Mp4AudioCodecs.Contains(audio.CodecName ?? string.Empty) ? StreamAction.Copy : StreamAction.Transcode;
        return new PlaybackAssessment(false, reasons, new TranscodePlan(videoAction, audioAction, reasons));
    }

    private static bool VideoCodecPlays(ProbedStream video, Container container, List<string> reasons)
    {
        var codec = video.CodecName ?? "unknown";
        var allowed = container == Container.WebM ? WebmVideoCodecs : Mp4VideoCodecs;
        if (!allowed.Contains(codec))
        {
            reasons.Add($"video codec '{codec}' is not played by every browser in this container");
            return false;
        }

        if (video.PixelFormat is { } pix && !BrowserPixelFormats.Contains(pix))
        {
            reasons.Add($"video pixel format '{pix}' (only 8-bit 4:2:0 plays everywhere)");
            return false;
        }

        return true;
    }

    private static bool AudioCodecPlays(ProbedStream audio, Container container, List<string> reasons)
    {
        var codec = audio.CodecName ?? "unknown";
        var ok = container switch
        {
            Container.WebM => WebmAudioCodecs.Contains(codec),
            Container.Wav => WavCodecs.Contains(codec),
            Container.Mp3 => codec == "mp3",
            Container.Ogg => codec is "opus" or "vorbis" or "flac",
            Container.Flac => codec == "flac",
            _ => Mp4AudioCodecs.Contains(codec),
        };
        if (!ok)
        {
            reasons.Add($"audio codec '{codec}' is not played by every browser in this container");
        }

        return ok;
    }

    private static Container ContainerOf(ProbeResult probe)
    {
        var names = probe.FormatName.Split(',');
        if (names.Contains("mp4"))
        {
            // The mov demuxer reads both; Apple QuickTime files ('qt  ') are not reliably played by Chrome/Firefox.
            return probe.MajorBrand?.Trim() == "qt" ? Container.Other : Container.Mp4;
        }

        if (names.Contains("webm"))
        {
            return Container.WebM;
        }

        return names[0] switch
        {
            "mp3" => Container.Mp3,
            "wav" => Container.Wav,
            "ogg" => Container.Ogg,
            "flac" => Container.Flac,
            _ => Container.Other,
        };
    }
}
