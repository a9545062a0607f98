using CsCheck;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation.Tests.Timing;

public sealed class FrameLookupTests
{
    [Theory]
    [InlineData(-1.0, 0)]
    [InlineData(0.0, 0)]
    [InlineData(0.05, 1)]
    [InlineData(0.0165, 0)]
    [InlineData(0.0166, 1)]
    [InlineData(0.2, 2)]
    [InlineData(0.6, 3)]
    [InlineData(9.0, 3)]
    public void Nearest_VariableFrameRate_FindsTheClosestRealTimestamp(double time, int expected) =>
        FrameLookup.Nearest([0.0, 0.033, 0.1, 0.5], time).Should().Be(expected);

    [Fact]
    public void Nearest_NoFrames_IsMinusOne() => FrameLookup.Nearest(Array.Empty<double>(), 1).Should().Be(-1);

    [Fact]
    public void Nearest_AnySortedTimestamps_AgreesWithALinearScan()
    {
        Gen.Double[0, 100].Array[1, 300].Select(a => a.Distinct().OrderBy(x => x).ToArray())
            .Select(Gen.Double[-10, 110], (times, t) => (times, t))
            .Sample(c =>
            {
                var expected = 0;
                for (var i = 1; i < c.times.Length; i++)
                {
                    if (Math.Abs(c.times[i] - c.t) < Math.Abs(c.times[expected] - c.t))
                    {
                        expected = i;
                    }
                }

                var found = FrameLookup.Nearest(c.times, c.t);
                Math.Abs(c.times[found] - c.t).Should().Be(Math.Abs(c.times[expected] - c.t));
                FrameLookup.Nearest(c.times.ToList(), c.t).Should().Be(found);
            }, iter: 500);
    }

    [Fact]
    public void ContainmentExcess_ShorterInsideLonger_IsZeroElseTheOverhang()
    {
        TimeExtent.ContainmentExcess(new TimeExtent(1, 2), new TimeExtent(0, 5)).Should().Be(0);
        TimeExtent.ContainmentExcess(new TimeExtent(0, 5), new TimeExtent(4, 6)).Should().Be(1, "the shorter [4,6] sticks out 1 s past 5");
        TimeExtent.ContainmentExcess(TimeExtent.At(3), TimeExtent.At(3.25)).Should().Be(0.25);
    }
}
