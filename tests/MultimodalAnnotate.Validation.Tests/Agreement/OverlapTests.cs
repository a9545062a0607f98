using CsCheck;
using MultimodalAnnotate.Validation.Agreement;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class OverlapTests
{
    [Fact]
    public void BoxIoU_HalfShiftedSquare_IsOneThird()
    {
        Overlap.BoxIoU(new Box2D(0, 0, 10, 10), new Box2D(5, 0, 10, 10)).Should().BeApproximately(1.0 / 3, 1e-12);
        Overlap.BoxIoU(new Box2D(0, 0, 10, 10), new Box2D(20, 0, 10, 10)).Should().Be(0);
    }

    [Fact]
    public void CuboidIoU_AxisAlignedCubesShiftedInXAndZ_IsExactVolumeRatio()
    {
        var a = new Cuboid(new Vec3(0, 0, 0), new Vec3(2, 2, 2), 0);

        // Shift 1 m in x: intersection 1·2·2 = 4, union 8 + 8 − 4 = 12.
        Overlap.CuboidIoU(a, a with { Center = new Vec3(1, 0, 0) }).Should().BeApproximately(1.0 / 3, 1e-12);
        // Shift 1 m in x and 1 m in z: intersection 1·2·1 = 2, union 14.
        Overlap.CuboidIoU(a, a with { Center = new Vec3(1, 0, 1) }).Should().BeApproximately(1.0 / 7, 1e-12);
        // Stacked on top: no height overlap.
        Overlap.CuboidIoU(a, a with { Center = new Vec3(0, 0, 2) }).Should().Be(0);
    }

    [Fact]
    public void CuboidIoU_SquareFootprintRotated45Degrees_IsOneOverSqrtTwo()
    {
        // A unit square and the same square turned 45° intersect in a regular octagon of area 2(√2 − 1),
        // so IoU = 2(√2 − 1) / (2 − 2(√2 − 1)) = 1/√2, and the common height keeps that ratio in 3D.
        var a = new Cuboid(new Vec3(3, -2, 1), new Vec3(1, 1, 1.5), 0.3);
        var b = a with { Yaw = 0.3 + (Math.PI / 4) };

        Overlap.CuboidIoU(a, b).Should().BeApproximately(1 / Math.Sqrt(2), 1e-12);
        Overlap.BirdsEyeIoU(a, b).Should().BeApproximately(1 / Math.Sqrt(2), 1e-12);
    }

    [Fact]
    public void CuboidIoU_CarTurnedHalfARound_IsTheSameBox()
    {
        var car = new Cuboid(new Vec3(10, 4, -0.8), new Vec3(4.2, 1.8, 1.5), 1.1);

        Overlap.CuboidIoU(car, car with { Yaw = car.Yaw + Math.PI }).Should().BeApproximately(1, 1e-12);
        Overlap.CuboidIoU(car, car with { Yaw = car.Yaw + (Math.PI / 2) }).Should().BeLessThan(0.5, "a car turned sideways is a different box");
    }

    [Fact]
    public void BirdsEyeIoU_DifferentHeights_IgnoresHeightWhileCuboidIoUDoesNot()
    {
        var a = new Cuboid(new Vec3(0, 0, 0), new Vec3(4, 2, 2), 0);
        var b = a with { Size = new Vec3(4, 2, 1), Center = new Vec3(0, 0, -0.5) };

        Overlap.BirdsEyeIoU(a, b).Should().BeApproximately(1, 1e-12);
        Overlap.CuboidIoU(a, b).Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void CuboidIoU_RandomPairs_IsSymmetricBoundedAndInvariantToRotatingTheScene()
    {
        var cuboid =
            from x in Gen.Double[-3, 3]
            from y in Gen.Double[-3, 3]
            from z in Gen.Double[-1, 1]
            from l in Gen.Double[0.5, 5]
            from w in Gen.Double[0.5, 3]
            from h in Gen.Double[0.5, 2]
            from yaw in Gen.Double[-Math.PI, Math.PI]
            select new Cuboid(new Vec3(x, y, z), new Vec3(l, w, h), yaw);

        Gen.Select(cuboid, cuboid, Gen.Double[-Math.PI, Math.PI]).Sample((a, b, turn) =>
        {
            var iou = Overlap.CuboidIoU(a, b);

            iou.Should().BeInRange(0, 1);
            Overlap.CuboidIoU(b, a).Should().BeApproximately(iou, 1e-9);
            Overlap.CuboidIoU(Rotate(a, turn), Rotate(b, turn)).Should().BeApproximately(iou, 1e-9);
            Overlap.CuboidIoU(a, a).Should().BeApproximately(1, 1e-9);
        }, iter: 500);

        static Cuboid Rotate(Cuboid c, double t) => c with
        {
            Center = new Vec3((c.Center.X * Math.Cos(t)) - (c.Center.Y * Math.Sin(t)), (c.Center.X * Math.Sin(t)) + (c.Center.Y * Math.Cos(t)), c.Center.Z),
            Yaw = c.Yaw + t,
        };
    }

    [Fact]
    public void CuboidIoU_AxisAlignedRandomPairs_EqualsBoxIoUTimesHeightFormula()
    {
        var gen = Gen.Double[-2, 2].Array[6];
        gen.Sample(v =>
        {
            var a = new Cuboid(new Vec3(v[0], v[1], v[2]), new Vec3(2, 3, 1.5), 0);
            var b = new Cuboid(new Vec3(v[3], v[4], v[5]), new Vec3(3, 1, 2), 0);
            var ix = Math.Max(0, Math.Min(v[0] + 1, v[3] + 1.5) - Math.Max(v[0] - 1, v[3] - 1.5));
            var iy = Math.Max(0, Math.Min(v[1] + 1.5, v[4] + 0.5) - Math.Max(v[1] - 1.5, v[4] - 0.5));
            var iz = Math.Max(0, Math.Min(v[2] + 0.75, v[5] + 1) - Math.Max(v[2] - 0.75, v[5] - 1));
            var inter = ix * iy * iz;

            Overlap.CuboidIoU(a, b).Should().BeApproximately(inter / (9 + 6 - inter), 1e-9);
        }, iter: 300);
    }

    [Fact]
    public void PolygonIoU_ConcaveLShapeInsideSquare_IsExact()
    {
        var l = new Polygon([new(0, 0), new(2, 0), new(2, 1), new(1, 1), new(1, 2), new(0, 2)]);
        var square = new Polygon([new(0, 0), new(0, 2), new(2, 2), new(2, 0)]); // clockwise on purpose

        Overlap.PolygonIoU(l, square).Should().BeApproximately(0.75, 1e-12);
        Overlap.PolygonIoU(square, l).Should().BeApproximately(0.75, 1e-12);
    }

    [Fact]
    public void MaskIoU_ColumnMajorRuns_CountsSharedPixels()
    {
        // 3×2 image, column-major: A covers pixels 0–2, B covers pixels 2–3; one shared pixel of four.
        var a = new Mask(3, 2, [0, 3, 3]);
        var b = new Mask(3, 2, [2, 2, 2]);

        Overlap.MaskIoU(a, b).Should().BeApproximately(0.25, 1e-12);
        Overlap.MaskIoU(a, new Mask(2, 3, [0, 3, 3])).Should().Be(0, "masks of different images never match");
    }

    [Fact]
    public void TemporalAndTextIoU_OverlappingIntervals_AreLengthRatios()
    {
        Overlap.TemporalIoU(new TimeSegment(0, 10), new TimeSegment(5, 15)).Should().BeApproximately(1.0 / 3, 1e-12);
        Overlap.TemporalIoU(new TimeSegment(0, 5), new TimeSegment(5, 10)).Should().Be(0, "segments are half-open");
        Overlap.TextSpanIoU(new TextSpan(0, 10), new TextSpan(5, 10)).Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void Similarity_KindsAndFrames_OnlySameKindOnSameFrameOverlap()
    {
        var box = new Box2D(0, 0, 10, 10);

        Overlap.Similarity(box, new Polygon([new(0, 0), new(10, 0), new(10, 10)])).Should().Be(0);
        Overlap.Similarity(box with { Time = 1.0 }, box with { Time = 1.04 }).Should().Be(0, "boxes on different video frames");
        Overlap.Similarity(box with { Time = 1.0 }, box with { Time = 1.0 }).Should().Be(1);
        Overlap.Similarity(new Classification(), new Classification()).Should().Be(1);
        Overlap.Similarity(
                new Track([new(0, box), new(4, box)]),
                new Track([new(2, box), new(6, box, Outside: true)]))
            .Should().BeApproximately(2.0 / 6, 1e-12);
    }
}
