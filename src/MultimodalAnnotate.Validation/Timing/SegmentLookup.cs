using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Timing;

/// <summary>
/// Fast character → segment lookups over a timed text's segments (caption cues, dialogue turns). When the segments are
/// in character order and do not overlap (the normal case) lookups are binary searches; otherwise they fall back to
/// scanning, so any input stays correct.
/// </summary>
internal sealed class SegmentLookup
{
    private readonly IReadOnlyList<TextSegment> _segments;
    private readonly int[] _charStart;
    private readonly int[] _charEnd;
    private readonly bool _ordered;

    public SegmentLookup(IReadOnlyList<TextSegment> segments)
    {
        _segments = segments;
        _charStart = new int[segments.Count];
        _charEnd = new int[segments.Count];
        _ordered = true;
        for (var i = 0; i < segments.Count; i++)
        {
            _charStart[i] = segments[i].CharStart;
            _charEnd[i] = segments[i].CharEnd;
            if (i > 0 && (_charStart[i] < _charEnd[i - 1] || _charEnd[i] < _charEnd[i - 1]))
            {
                _ordered = false;
            }
        }
    }

    public IReadOnlyList<TextSegment> Segments => _segments;

    public int Count => _charStart.Length;

    /// <summary>The index of the segment holding character <paramref name="index"/>, or -1.</summary>
    public int IndexContaining(int index)
    {
        if (!_ordered)
        {
            for (var i = 0; i < _charStart.Length; i++)
            {
                if (index >= _charStart[i] && index < _charEnd[i])
                {
                    return i;
                }
            }

            return -1;
        }

        var k = LastStartingAtOrBefore(index);
        return k >= 0 && index < _charEnd[k] ? k : -1;
    }

    /// <summary>
    /// As <see cref="IndexContaining(int)"/> for increasing indexes: <paramref name="cursor"/> remembers where the previous
    /// lookup ended, so a left-to-right scan costs O(1) per lookup.
    /// </summary>
    public int IndexContaining(int index, ref int cursor)
    {
        if (!_ordered)
        {
            return IndexContaining(index);
        }

        if (cursor < 0 || cursor >= _charStart.Length || _charStart[cursor] > index)
        {
            cursor = 0;
        }

        while (cursor < _charStart.Length && _charEnd[cursor] <= index)
        {
            cursor++;
        }

        return cursor < _charStart.Length && _charStart[cursor] <= index ? cursor : -1;
    }

    /// <summary>The first and last index of the segments overlapping characters [start, end) (end is at least start + 1); (-1, -1) when none.</summary>
    public (int First, int Last) Overlapping(int start, int end)
    {
        end = Math.Max(end, start + 1);
        int first = -1, last = -1;
        if (!_ordered)
        {
            for (var i = 0; i < _charStart.Length; i++)
            {
                if (start < _charEnd[i] && _charStart[i] < end)
                {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }

            return (first, last);
        }

        // First segment whose end is past start: a search without branches on the data (the JIT makes the step a
        // conditional move), since caption spans land in unpredictable halves.
        var ends = _charEnd;
        int lo = 0, n = ends.Length;
        while (n > 1)
        {
            var half = n >> 1;
            lo = ends[lo + half - 1] <= start ? lo + half : lo;
            n -= half;
        }

        if (n == 1 && ends[lo] <= start)
        {
            lo++;
        }

        for (var i = lo; i < _charStart.Length && _charStart[i] < end; i++)
        {
            if (start < _charEnd[i])
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        return (first, last);
    }

    /// <summary>The time hull of the segments overlapping characters [start, end), or null.</summary>
    public TimeExtent? TimeOf(int start, int end)
    {
        var (first, last) = Overlapping(start, end);
        return TimeOf(start, end, first, last);
    }

    /// <summary>As <see cref="TimeOf(int, int)"/> with the overlapping segments already found by <see cref="Overlapping"/>.</summary>
    public TimeExtent? TimeOf(int start, int end, int first, int last)
    {
        if (first < 0)
        {
            return null;
        }

        var extent = new TimeExtent(_segments[first].Start, _segments[first].End);
        for (var i = first + 1; i <= last; i++)
        {
            if (start < _charEnd[i] && _charStart[i] < Math.Max(end, start + 1))
            {
                extent = extent.Union(new TimeExtent(_segments[i].Start, _segments[i].End));
            }
        }

        return extent;
    }

    private int LastStartingAtOrBefore(int index)
    {
        int lo = 0, hi = _charStart.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (_charStart[mid] <= index)
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
