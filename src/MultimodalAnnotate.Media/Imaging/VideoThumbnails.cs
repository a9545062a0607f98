using System.Globalization;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Imaging;

/// <summary>Poster frames and thumbnail strips of videos, made by ffmpeg.</summary>
public sealed class VideoThumbnails(MediaTools tools)
{
    /// <summary>
    /// A JPEG/PNG (by extension) of the frame shown at media time <paramref name="atSeconds"/>, scaled to
    /// <paramref name="width"/> pixels wide (aspect kept; rotation applied).
    /// </summary>
    public Task PosterAsync(string videoPath, string outputPath, double atSeconds, int width, CancellationToken cancellationToken) =>
        tools.FfmpegAsync(
            [
                "-v", "error", "-nostdin", "-y", "-ss", atSeconds.ToString("0.######", CultureInfo.InvariantCulture),
                "-i", MediaTools.InputUrl(videoPath), "-map", "0:v:0", "-frames:v", "1",
                "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:-2"), "-update", "1", "file:" + Path.GetFullPath(outputPath),
            ],
            cancellationToken);

    /// <summary>
    /// A strip of <paramref name="count"/> thumbnails side by side, sampled evenly over <paramref name="durationSeconds"/>
    /// (one image, <paramref name="count"/> × <paramref name="thumbWidth"/> pixels wide), for the timeline scrubber.
    /// </summary>
    public Task StripAsync(string videoPath, string outputPath, double durationSeconds, int count, int thumbWidth, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationSeconds);
        var rate = count / durationSeconds;
        var filter = string.Create(CultureInfo.InvariantCulture, $"fps={rate:0.######},scale={thumbWidth}:-2,tile={count}x1");
        return tools.FfmpegAsync(
            [
                "-v", "error", "-nostdin", "-y", "-i", MediaTools.InputUrl(videoPath), "-map", "0:v:0",
                "-vf", filter, "-frames:v", "1", "-update", "1", "file:" + Path.GetFullPath(outputPath),
            ],
            cancellationToken);
    }
}
