using System.Runtime.InteropServices;

namespace MultimodalAnnotate.Validation.Timing;

/// <summary>Nearest-frame lookup in a sorted list of presentation timestamps (binary search, no allocation).</summary>
public static class FrameLookup
{
    /// <summary>Index of the timestamp nearest to <paramref name="time"/> (the earlier one on a tie); -1 when empty.</summary>
    public static int Nearest(IReadOnlyList<double> presentationTimes, double time)
    {
        ArgumentNullException.ThrowIfNull(presentationTimes);
        return presentationTimes switch
        {
            double[] array => Nearest(array.AsSpan(), time),
            List<double> list => Nearest(CollectionsMarshal.AsSpan(list), time),
            _ => NearestSlow(presentationTimes, time),
        };
    }

    /// <summary>Index of the timestamp nearest to <paramref name="time"/>; -1 when empty.</summary>
    public static int Nearest(ReadOnlySpan<double> times, double time)
    {
        if (times.IsEmpty)
        {
            return -1;
        }

        var lo = 0;
        var hi = times.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (times[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // lo is the first timestamp >= time (or the last one).
        return lo > 0 && time - times[lo - 1] <= times[lo] - time ? lo - 1 : lo;
    }

    private static int NearestSlow(IReadOnlyList<double> times, double time)
    {
        if (times.Count == 0)
        {
            return -1;
        }

        var lo = 0;
        var hi = times.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (times[mid] < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo > 0 && time - times[lo - 1] <= times[lo] - time ? lo - 1 : lo;
    }
}
