using System.Globalization;

namespace MultimodalAnnotate.Media.Timing;

/// <summary>
/// Parses ffprobe's <c>-of compact=nk=0</c> listing of one video stream: <c>packet|pts=…|dts=…|duration=…|flags=…</c>
/// lines (or <c>frame|pts=…|best_effort_timestamp=…|pkt_duration=…</c> lines), one <c>stream|time_base=…</c> line
/// and one <c>format|start_time=…</c> line, in any order. Pure; tested on captured outputs.
/// <para>Timestamps are read as integers in the stream time base (exact), converted to whole microseconds
/// relative to the container start, and sorted: packets come in decode order, which differs from
/// presentation order when the stream has B-frames. Packets flagged discard (<c>D</c>, e.g. cut by an MP4 edit
/// list) are skipped, as players skip them.</para>
/// </summary>
public static class FrameTimestampParser
{
    /// <summary>Parses the listing; <paramref name="sourceName"/> names the file in errors.</summary>
    public static VideoTiming Parse(string output, string sourceName)
    {
        long? timeBaseNum = null, timeBaseDen = null, startPts = null, durationTs = null;
        double containerStart = 0;
        var entries = new List<(long Pts, long Duration)>();
        var lineNumber = 0;
        foreach (var rawLine in output.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            var bar = line.IndexOf('|');
            var section = bar < 0 ? line : line[..bar];
            var rest = bar < 0 ? [] : line[(bar + 1)..];
            switch (section)
            {
                case "packet":
                case "frame":
                {
                    long? pts = null, dts = null, bestEffort = null, duration = null;
                    var discard = false;
                    foreach (var (key, value) in Fields(rest))
                    {
                        switch (key)
                        {
                            case "pts": pts = Integer(value); break;
                            case "dts" or "pkt_dts": dts = Integer(value); break;
                            case "best_effort_timestamp": bestEffort = Integer(value); break;
                            case "duration" or "pkt_duration": duration = Integer(value); break;
                            case "flags": discard = value.Contains('D', StringComparison.Ordinal); break;
                        }
                    }

                    if (discard)
                    {
                        continue;
                    }

                    // Decoded frames: best effort first (what players show); packets: pts, else dts.
                    var t = section is "frame" ? bestEffort ?? pts ?? dts : pts ?? dts;
                    if (t is null)
                    {
                        throw new MediaFormatException(sourceName, $"ffprobe output line {lineNumber}", "a frame has neither pts nor dts");
                    }

                    entries.Add((t.Value, duration ?? 0));
                    break;
                }

                case "stream":
                    foreach (var (key, value) in Fields(rest))
                    {
                        switch (key)
                        {
                            case "time_base":
                                var slash = value.IndexOf('/', StringComparison.Ordinal);
                                if (slash > 0)
                                {
                                    timeBaseNum = Integer(value.AsSpan(0, slash));
                                    timeBaseDen = Integer(value.AsSpan(slash + 1));
                                }

                                break;
                            case "start_pts": startPts = Integer(value); break;
                            case "duration_ts": durationTs = Integer(value); break;
                        }
                    }

                    break;
                case "format":
                    foreach (var (key, value) in Fields(rest))
                    {
                        if (key is "start_time" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
                        {
                            containerStart = s;
                        }
                    }

                    break;
            }
        }

        if (timeBaseNum is not > 0 || timeBaseDen is not > 0)
        {
            throw new MediaFormatException(sourceName, "stream time_base", "ffprobe did not report the video stream's time base (no video stream?)");
        }

        if (entries.Count == 0)
        {
            throw new MediaFormatException(sourceName, "frames", "the video stream has no frames");
        }

        entries.Sort((a, b) => a.Pts.CompareTo(b.Pts));
        var num = timeBaseNum.Value;
        var den = timeBaseDen.Value;
        var startUs = (long)Math.Round(containerStart * 1e6);
        long ToUs(long ticks) => (long)Math.Round((double)ticks * num * 1e6 / den) - startUs;

        var times = new double[entries.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = ToUs(entries[i].Pts) / 1e6;
        }

        // The stream ends when its last frame does: last PTS + its duration, or the container's stream duration if later.
        var last = entries[^1];
        var endUs = ToUs(last.Pts + Math.Max(last.Duration, 0));
        if (startPts is { } sp && durationTs is { } dt)
        {
            endUs = Math.Max(endUs, ToUs(sp + dt));
        }

        return new VideoTiming(times, endUs / 1e6, containerStart, times[0]);
    }

    private static long? Integer(ReadOnlySpan<char> value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static List<(string Key, string Value)> Fields(ReadOnlySpan<char> rest)
    {
        var fields = new List<(string, string)>(4);
        foreach (var range in rest.Split('|'))
        {
            var part = rest[range];
            var eq = part.IndexOf('=');
            if (eq > 0)
            {
                fields.Add((part[..eq].ToString(), part[(eq + 1)..].ToString()));
            }
        }

        return fields;
    }
}
