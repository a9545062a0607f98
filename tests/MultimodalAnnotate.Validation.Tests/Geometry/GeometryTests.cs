using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Geometry;

public sealed class GeometryTests
{
    [Fact]
    public void Matrix4_RigidTransformTimesItsInverse_IsIdentity()
    {
        var m = Matrix4.FromYawTranslation(0.7, new Vec3(3, -2, 1)) * new Matrix4([1, 0, 0, 0, 0, 0, -1, 0.5, 0, 1, 0, 0, 0, 0, 0, 1]);

        m.TryInvert(out var inverse).Should().BeTrue();

        var p = new Vec3(1.5, -7, 2);
        var back = inverse.TransformPoint(m.TransformPoint(p));
        back.X.Should().BeApproximately(p.X, 1e-12);
        back.Y.Should().BeApproximately(p.Y, 1e-12);
        back.Z.Should().BeApproximately(p.Z, 1e-12);
    }

    [Fact]
    public void Matrix4_Singular_CannotBeInverted()
    {
        new Matrix4([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).TryInvert(out _).Should().BeFalse();
    }

    [Fact]
    public void Matrix4_WrongNumberOfValues_IsRejected()
    {
        var act = () => Matrix4.FromRowMajor([1, 2, 3]);

        act.Should().Throw<ArgumentException>().WithMessage("A 4x4 matrix needs 16 values, got 3.*");
    }

    [Fact]
    public void CuboidProjector_CuboidInFront_BoundsItsNearestFace()
    {
        var asset = new AssetSnapshot(Guid.NewGuid(), Modality.Image, "cam", new CaptureTime(), Rig.Camera, 640, 480);
        CameraModel.TryCreate(asset, out var camera).Should().BeTrue();

        var p = CuboidProjector.Project(new CuboidPose(new Vec3(10, 0, 0), new Vec3(4, 2, 1.5), 0), Matrix4.Identity, camera, 0.1);

        p.InFront.Should().BeTrue();
        p.Bounds.Should().Be(new Rect2(257.5, 193.125, 382.5, 286.875));
        p.VisibleFraction.Should().Be(1);
        p.CentreCamera.Z.Should().Be(10);
    }

    [Fact]
    public void CuboidProjector_CuboidStraddlingTheCamera_IsClippedAtTheNearPlane()
    {
        var asset = new AssetSnapshot(Guid.NewGuid(), Modality.Image, "cam", new CaptureTime(), Rig.Camera, 640, 480);
        CameraModel.TryCreate(asset, out var camera);

        var p = CuboidProjector.Project(new CuboidPose(new Vec3(0, 0, 0), new Vec3(4, 2, 1.5), 0), Matrix4.Identity, camera, 0.1);

        p.InFront.Should().BeTrue();
        double.IsFinite(p.Bounds.Area).Should().BeTrue();
        p.InImage.Should().Be(new Rect2(0, 0, 640, 480), "the part in front of the camera fills the view");
        p.VisibleFraction.Should().BeLessThan(0.1, "most of the near-plane projection lies outside the image");
    }

    [Fact]
    public void CuboidProjector_CuboidBehind_IsNotInFront()
    {
        var asset = new AssetSnapshot(Guid.NewGuid(), Modality.Image, "cam", new CaptureTime(), Rig.Camera, 640, 480);
        CameraModel.TryCreate(asset, out var camera);

        var p = CuboidProjector.Project(new CuboidPose(new Vec3(-10, 0, 0), new Vec3(4, 2, 1.5), 0), Matrix4.Identity, camera, 0.1);

        p.InFront.Should().BeFalse();
        p.VisibleFraction.Should().Be(0);
    }

    [Fact]
    public void CuboidCorners_YawQuarterTurn_SwapsLengthAndWidth()
    {
        Span<Vec3> corners = stackalloc Vec3[8];
        new CuboidPose(new Vec3(0, 0, 0), new Vec3(4, 2, 1), Math.PI / 2).Corners(corners);

        var xs = corners.ToArray().Select(c => c.X).ToArray();
        var ys = corners.ToArray().Select(c => c.Y).ToArray();
        xs.Max().Should().BeApproximately(1, 1e-12);
        ys.Max().Should().BeApproximately(2, 1e-12);
    }

    [Theory]
    [InlineData(0, 0, 10, 10, 0, 0, 10, 10, 1.0)]
    [InlineData(0, 0, 10, 10, 5, 0, 15, 10, 1.0 / 3)]
    [InlineData(0, 0, 10, 10, 10, 0, 20, 10, 0.0)]
    [InlineData(0, 0, 10, 10, 2, 2, 4, 4, 0.04)]
    public void Rect2_IoU_IsIntersectionOverUnion(double a0, double a1, double a2, double a3, double b0, double b1, double b2, double b3, double expected) =>
        new Rect2(a0, a1, a2, a3).IoU(new Rect2(b0, b1, b2, b3)).Should().BeApproximately(expected, 1e-12);

    [Fact]
    public void MaskBounds_ColumnMajorRle_CoverTheSetPixels()
    {
        // 4 rows × 3 columns; runs: 5 zeros, 2 ones (column 1, rows 1-2), 5 zeros.
        ShapeBounds.TryGetBounds(new Mask(3, 4, [5, 2, 5]), out var bounds).Should().BeTrue();

        bounds.Should().Be(new Rect2(1, 1, 2, 3));
    }

    [Fact]
    public void MaskBounds_RunAcrossColumns_SpansFullHeight()
    {
        ShapeBounds.TryGetBounds(new Mask(3, 4, [3, 3, 6]), out var bounds).Should().BeTrue();

        bounds.Should().Be(new Rect2(0, 0, 2, 4));
    }

    [Fact]
    public void MaskBounds_AllZero_HasNoBounds() =>
        ShapeBounds.TryGetBounds(new Mask(3, 4, [12]), out _).Should().BeFalse();

    [Fact]
    public void KeypointBounds_UseVisiblePointsOnly()
    {
        var keypoints = new Keypoints([new Keypoint("nose", 10, 10, true), new Keypoint("tail", 30, 20, true), new Keypoint("paw", 500, 500, false)]);

        ShapeBounds.TryGetBounds(keypoints, out var bounds).Should().BeTrue();
        bounds.Should().Be(new Rect2(10, 10, 30, 20));
    }

    [Fact]
    public void TrackBox_BetweenKeyframes_IsInterpolatedAndEndsAtOutside()
    {
        var track = new Track([
            new TrackKeyframe(0, new Box2D(0, 0, 10, 10)),
            new TrackKeyframe(1, new Box2D(10, 0, 10, 10)),
            new TrackKeyframe(2, new Box2D(20, 0, 10, 10), Outside: true),
        ]);

        ShapeBounds.TryBoxAt(track, 0.5, 0.001, out var mid).Should().BeTrue();
        mid.Should().Be(new Rect2(5, 0, 15, 10));
        ShapeBounds.TryBoxAt(track, 1.5, 0.001, out _).Should().BeTrue("still visible until the outside keyframe");
        ShapeBounds.TryBoxAt(track, 2.0, 0.001, out _).Should().BeFalse();
        ShapeBounds.TryBoxAt(track, 3.0, 0.001, out _).Should().BeFalse();
    }
}
