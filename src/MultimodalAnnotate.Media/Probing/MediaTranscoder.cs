using System.Globalization;
using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Probing;

/// <summary>Carries out a <see cref="TranscodePlan"/> with ffmpeg, reporting progress (0–1) from its <c>-progress</c> output.</summary>
public sealed class MediaTranscoder(MediaTools tools)
{
    /// <summary>
    /// Writes the browser-playable copy to <paramref name="outputPath"/> (via a temporary file, so a failed or
    /// cancelled run never leaves a half-written output behind).
    /// </summary>
    public async Task TranscodeAsync(
        string inputPath,
        string outputPath,
        TranscodePlan plan,
        double? durationSeconds,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var temporary = outputPath + ".partial";
        try
        {
            await MediaTools.RunStreamingAsync(tools.FfmpegPath, plan.FfmpegArguments(inputPath, temporary), async (stdout, ct) =>
            {
                using var reader = new StreamReader(stdout, leaveOpen: true);
                while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                {
                    if (progress is not null && durationSeconds is > 0 && FfmpegProgress.TryParseOutTime(line, out var seconds))
                    {
                        progress.Report(Math.Clamp(seconds / durationSeconds.Value, 0, 1));
                    }
                }
            }, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, outputPath, overwrite: true);
            progress?.Report(1);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

/// <summary>Parses ffmpeg's <c>-progress</c> key=value lines. Pure.</summary>
public static class FfmpegProgress
{
    /// <summary>Reads <c>out_time_us=…</c> (microseconds of output written) as seconds; false for other lines and N/A.</summary>
    public static bool TryParseOutTime(string line, out double seconds)
    {
        const string Key = "out_time_us=";
        seconds = 0;
        if (!line.StartsWith(Key, StringComparison.Ordinal) ||
            !long.TryParse(line.AsSpan(Key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us))
        {
            return false;
        }

        seconds = us / 1e6;
        return true;
    }
}
