using CsCheck;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation.Tests.Timing;

/// <summary>The segment lookup must find the segments a character range overlaps as a plain scan over all of them does.</summary>
public sealed class SegmentLookupTests
{
    [Fact]
    public void Overlapping_AgreesWithAScan_ForOrderedAndOverlappingSegments()
    {
        // Ordered cues with gaps, empty cues and shared boundaries, or cues in any order (the lookup's slow path).
        var ordered = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 6]).Array[0, 40].Select(steps =>
        {
            var segments = new List<TextSegment>();
            var at = 0;
            foreach (var (gap, length) in steps)
            {
                segments.Add(new TextSegment(0, 1, at + gap, at + gap + length));
                at += gap + length;
            }

            return segments;
        });
        var anyOrder = Gen.Select(Gen.Int[0, 60], Gen.Int[0, 8]).Array[0, 12]
            .Select(pairs => pairs.Select(p => new TextSegment(0, 1, p.Item1, p.Item1 + p.Item2)).ToList());

        Gen.Select(Gen.OneOf(ordered, anyOrder), Gen.Int[-2, 200], Gen.Int[0, 12]).Sample((segments, start, length) =>
        {
            var lookup = new SegmentLookup(segments);
            var end = start + length;

            var expected = Scan(segments, start, Math.Max(end, start + 1));

            lookup.Overlapping(start, end).Should().Be(expected, $"characters {start}–{end} over [{string.Join(", ", segments.Select(s => $"{s.CharStart}–{s.CharEnd}"))}]");
        }, iter: 5000);
    }

    private static (int, int) Scan(List<TextSegment> segments, int start, int end)
    {
        int first = -1, last = -1;
        for (var i = 0; i < segments.Count; i++)
        {
            if (start < segments[i].CharEnd && segments[i].CharStart < end)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        return (first, last);
    }
}
