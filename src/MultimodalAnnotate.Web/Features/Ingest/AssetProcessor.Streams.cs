using MultimodalAnnotate.Media.Audio;
using MultimodalAnnotate.Media.Imaging;
using MultimodalAnnotate.Media.Probing;
using MultimodalAnnotate.Media.Timing;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Assets;

namespace MultimodalAnnotate.Web.Features.Ingest;

public sealed partial class AssetProcessor
{
    private async Task VideoAsync(ProcessingWork work, CancellationToken ct)
    {
        var (probe, playable) = await PlayableAsync(work, ct);
        using (playable)
        {
            var video = probe.Video ?? throw new AssetRejectedException($"{work.SourceName}: the file has no video stream");
            var timing = await work.Stages.RunAsync(0.55, 0.62, "reading frame timestamps", _ => new FrameTimestampReader(tools).ReadAsync(playable.Path, ct));
            await work.PutBytesAsync(DerivedRoles.Frames, "frames.maft", FrameTimesCodec.Encode(timing.PresentationTimes, timing.Duration), ct);
            work.TimeBase = timing.ToTimeBase();
            work.Duration = timing.Duration;
            work.Width = video.DisplayWidth;
            work.Height = video.DisplayHeight;

            if (probe.Audio is not null)
            {
                await PeaksAsync(work, playable.Path, 0.62, 0.82, ct);
            }

            await work.Stages.AtAsync(0.82, "making the poster and thumbnails");
            var thumbnails = new VideoThumbnails(tools);
            var index = Math.Max(0, timing.FrameAt(timing.Duration * 0.1));
            var poster = work.Scratch.File("poster.jpg");
            await thumbnails.PosterAsync(playable.Path, poster, timing.PresentationTimes[index], Math.Min(PosterWidth, video.DisplayWidth ?? PosterWidth), ct);
            var thumbnail = work.Scratch.File("thumbnail.jpg");
            ImageProcessor.Thumbnail(poster, thumbnail, ThumbnailSize);
            await work.PutFileAsync(DerivedRoles.Poster, "poster.jpg", poster, ct);
            await work.PutFileAsync(DerivedRoles.Thumbnail, "thumbnail.jpg", thumbnail, ct);
            if (timing.Duration > 0)
            {
                var strip = work.Scratch.File("strip.jpg");
                await work.Stages.RunAsync(0.88, 0.99, "making the thumbnail strip", _ =>
                    thumbnails.StripAsync(playable.Path, strip, timing.Duration, StripFrames, StripFrameWidth, ct));
                await work.PutFileAsync(DerivedRoles.Strip, "strip.jpg", strip, ct);
            }
            work.Probe = Describe(probe);
        }
    }

    private async Task AudioAsync(ProcessingWork work, CancellationToken ct)
    {
        var (probe, playable) = await PlayableAsync(work, ct);
        using (playable)
        {
            var waveform = await PeaksAsync(work, playable.Path, 0.55, 0.98, ct);
            // Sample 0 sits at the audio stream's start in the file's media time; the save adds the asset's placement.
            work.TimeBase = new SampleClock(waveform.SampleRate, waveform.SampleCount);
            work.StreamOffset = waveform.StartOffset;
            work.Duration = waveform.Duration;
            work.Probe = Describe(probe);
        }
    }

    /// <summary>
    /// Probes the original and, when a browser cannot play it, transcodes it (copying the streams that already play) and
    /// stores the copy as what the browser gets. Frame times and peaks are then computed on that copy: it is what plays.
    /// </summary>
    private async Task<(ProbeResult Probe, LocalMediaFile Playable)> PlayableAsync(ProcessingWork work, CancellationToken ct)
    {
        var prober = new MediaProber(tools);
        var probe = await prober.ProbeAsync(work.SourcePath, ct);
        var assessment = BrowserPlayability.Assess(probe);
        if (assessment.Plan is not { } plan)
        {
            return (probe, new LocalMediaFile(work.SourcePath, null));
        }
        var name = "playable" + plan.OutputExtension;
        var output = work.Scratch.File(name);
        await work.Stages.RunAsync(0.1, 0.55, "transcoding for the browser", p =>
            new MediaTranscoder(tools).TranscodeAsync(work.SourcePath, output, plan, probe.Duration, p, ct));
        var key = await work.PutFileAsync(null, name, output, ct);
        work.ReplacementKey = key;
        work.ReplacementContentType = plan.Video == StreamAction.None ? "audio/mp4" : "video/mp4";
        work.TranscodeReasons = assessment.Reasons;
        var playable = await work.OpenLocalAsync(key, ct);
        return (await prober.ProbeAsync(playable.Path, ct), playable);
    }

    private async Task<Waveform> PeaksAsync(ProcessingWork work, string path, double from, double to, CancellationToken ct)
    {
        var waveform = await work.Stages.RunAsync(from, to, "computing waveform peaks", p => new WaveformBuilder(tools).BuildAsync(path, null, p, ct));
        using var buffer = new MemoryStream();
        WaveformFormat.Write(buffer, waveform);
        await work.PutBytesAsync(DerivedRoles.Peaks, "peaks.mawf", buffer.ToArray(), ct);
        work.Waveform = new WaveformFacts(
            waveform.SampleRate, waveform.Channels, waveform.SampleCount, waveform.StartOffset,
            [.. waveform.Levels.Select(l => new WaveformLevelFacts(l.SamplesPerBucket, l.BucketCount))]);
        return waveform;
    }
}
