using MultimodalAnnotate.Media.Processes;

namespace MultimodalAnnotate.Media.Timing;

/// <summary>Where the frame list comes from.</summary>
public enum FrameTimestampSource
{
    /// <summary>
    /// Demuxed packets sorted by PTS (default): no decoding, about 20× faster than decoding (0.3 s vs 6.1 s for a
    /// 10-minute 640×360 H.264 file here); identical timestamps for every file we produce and accept.
    /// </summary>
    Packets,

    /// <summary>Fully decoded frames with their best-effort timestamps: slow, for containers whose packets lack PTS.</summary>
    DecodedFrames,
}

/// <summary>Runs ffprobe to list the first video stream's timestamps, then <see cref="FrameTimestampParser"/>.</summary>
public sealed class FrameTimestampReader(MediaTools tools)
{
    /// <summary>Reads the real per-frame presentation times of <paramref name="path"/>'s first video stream.</summary>
    public async Task<VideoTiming> ReadAsync(
        string path,
        FrameTimestampSource source,
        CancellationToken cancellationToken)
    {
        var entries = source == FrameTimestampSource.Packets
            ? "packet=pts,dts,duration,flags"
            : "frame=pts,pkt_dts,best_effort_timestamp,pkt_duration";
        var output = await tools.ProbeAsync(
            [
                "-v", "error", "-select_streams", "v:0",
                "-show_entries", $"format=start_time:stream=time_base,start_pts,duration_ts:{entries}",
                "-of", "compact=nk=0", MediaTools.InputUrl(path),
            ],
            cancellationToken).ConfigureAwait(false);
        return FrameTimestampParser.Parse(output.StandardOutput, Path.GetFileName(path));
    }

    /// <summary>Reads with the default (packet) source.</summary>
    public Task<VideoTiming> ReadAsync(string path, CancellationToken cancellationToken) =>
        ReadAsync(path, FrameTimestampSource.Packets, cancellationToken);
}
