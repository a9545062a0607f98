using MultimodalAnnotate.Validation.Agreement;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class GeometryMatcherTests
{
    [Fact]
    public void Match_TwoAnnotatorsBoxes_ReportsPairsUnmatchedMeanIoUAndF1()
    {
        // Reference: three boxes. Compared: one near-perfect, one shifted to IoU 1/3 (under 0.5), one elsewhere.
        Model.Geometry[] a = [new Box2D(0, 0, 10, 10), new Box2D(50, 50, 10, 10), new Box2D(100, 0, 10, 10)];
        Model.Geometry[] b = [new Box2D(55, 50, 10, 10), new Box2D(0, 1, 10, 10), new Box2D(200, 200, 5, 5), new Box2D(100, 0, 10, 10)];

        var match = GeometryMatcher.Match(a, b, minIoU: 0.5);

        match.Pairs.Should().Equal(new MatchedPair(0, 1, 90.0 / 110), new MatchedPair(2, 3, 1));
        match.UnmatchedA.Should().Equal(1);
        match.UnmatchedB.Should().Equal(0, 2);
        match.MeanIoU.Should().BeApproximately(((90.0 / 110) + 1) / 2, 1e-12);
        match.Recall.Should().BeApproximately(2.0 / 3, 1e-12);
        match.Precision.Should().BeApproximately(2.0 / 4, 1e-12);
        match.F1.Should().BeApproximately(4.0 / 7, 1e-12);
        GeometryMatcher.Match(a, b, minIoU: 0.3).Pairs.Should().HaveCount(3, "at 0.3 the shifted box counts as the same object");
    }

    [Fact]
    public void Match_NothingOnEitherSide_HasUndefinedF1()
    {
        var match = GeometryMatcher.Match([], [], 0.5);

        double.IsNaN(match.F1).Should().BeTrue();
        double.IsNaN(match.MeanIoU).Should().BeTrue();
    }
}
