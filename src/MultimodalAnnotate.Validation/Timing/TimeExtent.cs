using System.Globalization;

namespace MultimodalAnnotate.Validation.Timing;

/// <summary>A closed interval [Start, End] on the item's shared timeline, in seconds. An instant has Start == End.</summary>
public readonly record struct TimeExtent(double Start, double End)
{
    /// <summary>An instant.</summary>
    public static TimeExtent At(double time) => new(time, time);

    /// <summary>Length in seconds.</summary>
    public double Duration => End - Start;

    /// <summary>True for a zero-length extent.</summary>
    public bool IsInstant => End <= Start;

    /// <summary>The smallest extent covering both.</summary>
    public TimeExtent Union(TimeExtent other) => new(Math.Min(Start, other.Start), Math.Max(End, other.End));

    /// <summary>
    /// How far the shorter of the two extents sticks out of the longer one (0 when it lies inside): the measure behind
    /// the temporal rule "the shorter mention must lie inside the longer one, within the tolerance".
    /// </summary>
    public static double ContainmentExcess(TimeExtent a, TimeExtent b)
    {
        var (inner, outer) = a.Duration <= b.Duration ? (a, b) : (b, a);
        return Math.Max(0, Math.Max(outer.Start - inner.Start, inner.End - outer.End));
    }

    /// <summary>"1.200–3.400 s" or "1.200 s", invariant culture.</summary>
    public override string ToString() => IsInstant
        ? string.Create(CultureInfo.InvariantCulture, $"{Start:F3} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Start:F3}–{End:F3} s");
}
