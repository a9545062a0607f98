using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Timing;

/// <summary>
/// The real presentation times of every frame of a video stream, in media seconds (what an HTML
/// <c>&lt;video&gt;.currentTime</c> shows): PTS minus the container start time, ascending, rounded to
/// whole microseconds. <see cref="StreamStart"/> is where the stream's first frame sits in media time (0 for
/// most files; positive when other streams start earlier).
/// </summary>
public sealed record VideoTiming(
    IReadOnlyList<double> PresentationTimes,
    double Duration,
    double ContainerStart,
    double StreamStart)
{
    /// <summary>
    /// The shared-model time base. <see cref="TimeBase.Offset"/> is 0: where the asset sits on the item's
    /// shared timeline is the caller's decision, not the file's.
    /// </summary>
    public FrameTimes ToTimeBase(double offset = 0) => new(PresentationTimes, Duration) { Offset = offset };

    /// <summary>Index of the frame on screen at media time <paramref name="t"/> (the last frame with PTS ≤ t), or -1 before the first.</summary>
    public int FrameAt(double t)
    {
        var list = PresentationTimes;
        int lo = 0, hi = list.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid] <= t)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
