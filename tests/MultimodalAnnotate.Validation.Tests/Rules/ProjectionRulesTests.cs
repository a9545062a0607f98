using System.Globalization;
using System.Text.RegularExpressions;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Rules;

/// <summary>2D↔3D correspondence: TMP-006 (projection IoU), REF-002 (visible cuboid without box), REF-003 (box for a hidden cuboid), REF-006 (counts).</summary>
public sealed partial class ProjectionRulesTests
{
    private static readonly Cuboid Car = new(new Vec3(10, 0, 0), new Vec3(4, 2, 1.5), 0);

    private static IReadOnlyList<Finding> Validate(ItemSnapshot item, ValidationPolicy? policy = null) =>
        TestOntology.Validator(policy).Validate(item);

    [Fact]
    public void CuboidProjectingExactlyOntoItsBox_IsQuietAndHasIoU1()
    {
        var (b, image, cloud) = Rig.Create();
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car));
        var item = b.Build();

        Validate(item).Should().BeEmpty();
        TestOntology.Validator().MatchProjections(item).Should().ContainSingle().Which.IoU.Should().BeApproximately(1.0, 1e-9);
    }

    [Theory]
    [InlineData(41, false)]
    [InlineData(42, true)]
    public void BoxShiftedSideways_FailsOnlyBelowTheIoUThreshold(double shift, bool flagged)
    {
        // Projected box is 125 px wide: IoU after a horizontal shift d is (125 - d) / (125 + d): 0.506 at 41, 0.497 at 42.
        var (b, image, cloud) = Rig.Create();
        var box = Rig.Projected(Car);
        b.Link(b.Annotate(image, "car", box with { X = box.X + shift }), b.Annotate(cloud, "car", Car));

        var findings = Validate(b.Build()).WithCode(RuleCodes.ProjectionMismatch);

        findings.Should().HaveCount(flagged ? 1 : 0);
        if (flagged)
        {
            findings[0].Message.Should().StartWith("3D box 'car' on lidar_top projects into cam_front with IoU 0.50 to its 2D box, policy ≥ 0.50; LiDAR sweep is 0 ms from the camera frame");
        }
    }

    [Fact]
    public void CuboidOffSideways_SuggestsTheMoveThatBringsItBack()
    {
        var (b, image, cloud) = Rig.Create();
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car with { Center = new Vec3(10, 1.5, 0) }));

        var finding = Validate(b.Build()).WithCode(RuleCodes.ProjectionMismatch).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("simultaneous, so timing does not explain");
        var move = Move().Match(finding.SuggestedFix!);
        move.Success.Should().BeTrue(finding.SuggestedFix);
        double.Parse(move.Groups["x"].Value, CultureInfo.InvariantCulture).Should().BeApproximately(0, 0.01);
        double.Parse(move.Groups["y"].Value, CultureInfo.InvariantCulture).Should().BeApproximately(-1.5, 0.2, "moving it back to the right");
    }

    [Theory]
    [InlineData(0.096, "this explains the")]
    [InlineData(0.010, "this does not explain the")]
    public void SweepAndFrameApart_SaysWhetherTheGapExplainsTheOffset(double sweepTime, string verdict)
    {
        var (b, image, cloud) = Rig.Create(0, sweepTime);
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car with { Center = new Vec3(10, 1.5, 0) }));

        var finding = Validate(b.Build()).WithCode(RuleCodes.ProjectionMismatch).Should().ContainSingle().Subject;

        finding.Message.Should().Contain($"LiDAR sweep is {sweepTime * 1000:0} ms from the camera frame").And.Contain(verdict).And.Contain("policy max 40.0 m/s");
    }

    [Theory]
    [InlineData(0.1, "this explains the")]
    [InlineData(-0.1, "this does not explain the")]
    public void MaxObjectSpeed_JustAboveAndBelowTheSpeedTheGapNeeds(double delta, string verdict)
    {
        var (b, image, cloud) = Rig.Create(0, 0.096);
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car with { Center = new Vec3(10, 1.5, 0) }));
        var item = b.Build();
        var message = Validate(item).WithCode(RuleCodes.ProjectionMismatch).Single().Message;
        var speed = double.Parse(Regex.Match(message, @"at (?<v>[0-9.]+) m/s").Groups["v"].Value, CultureInfo.InvariantCulture);

        var finding = Validate(item, ValidationPolicy.Default with { MaxObjectSpeed = speed + delta }).WithCode(RuleCodes.ProjectionMismatch).Single();

        finding.Message.Should().Contain(verdict);
    }

    [Fact]
    public void BoxCentredOnTheProjectionButTwiceAsLarge_IsASizeMismatch()
    {
        var (b, image, cloud) = Rig.Create();
        var box = Rig.Projected(Car);
        b.Link(
            b.Annotate(image, "car", new Box2D(box.X - box.Width / 2, box.Y - box.Height / 2, box.Width * 2, box.Height * 2)),
            b.Annotate(cloud, "car", Car));

        var finding = Validate(b.Build()).WithCode(RuleCodes.ProjectionMismatch).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("centred alike but differ in size");
        finding.SuggestedFix.Should().Be("resize the cuboid or the 2D box");
    }

    [Fact]
    public void PolygonAsThe2DMention_IsComparedThroughItsBounds()
    {
        var (b, image, cloud) = Rig.Create();
        var box = Rig.Projected(Car);
        var polygon = new Polygon([new Point2(box.X, box.Y), new Point2(box.X + box.Width, box.Y), new Point2(box.X + box.Width, box.Y + box.Height), new Point2(box.X, box.Y + box.Height)]);
        b.Link(b.Annotate(image, "car", polygon), b.Annotate(cloud, "car", Car));

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void BoxTrackOnACalibratedVideo_IsReadAtTheSweepTime()
    {
        var b = new ItemBuilder();
        var video = b.Video([0.0, 0.1, 0.2], 0.3, calibration: Rig.Camera);
        var cloud = b.PointCloud(0.1);
        var box = Rig.Projected(Car);
        var track = new Track([new TrackKeyframe(0.0, box with { X = box.X - 200 }), new TrackKeyframe(0.2, box with { X = box.X + 200 })]);
        b.Link(b.Annotate(video, "car", track), b.Annotate(cloud, "car", Car));

        Validate(b.Build()).WithCode(RuleCodes.ProjectionMismatch).Should().BeEmpty("at 0.1 s the track is interpolated onto the projection");
    }

    // ---- REF-002 ----

    [Fact]
    public void VisibleCuboidWithoutBox_IsMissingWithTheProjectedBoxAsFix()
    {
        var (b, _, cloud) = Rig.Create();
        var cuboid = b.Annotate(cloud, "car", Car);

        var finding = Validate(b.Build()).WithCode(RuleCodes.VisibleCuboidWithoutBox).Should().ContainSingle().Subject;

        finding.AnnotationIds.Should().Equal(cuboid);
        finding.Message.Should().Contain("projects into cam_front (100% of its projection inside the image, 125×94 px at 10.0 m");
        finding.SuggestedFix.Should().Be("draw a box at x=258, y=193, 125×94 px on cam_front and link it to the cuboid's entity");
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.5000001, false)]
    public void CuboidHalfInsideTheImage_NeedsABoxOnlyFromTheVisibleFraction(double visibleFraction, bool flagged)
    {
        // A flat cuboid centred at u = 0: exactly half of its 100 px wide projection lies inside the image.
        var (b, _, cloud) = Rig.Create();
        b.Annotate(cloud, "car", new Cuboid(new Vec3(10, 6.4, 0), new Vec3(0, 2, 1.5), 0));

        Validate(b.Build(), ValidationPolicy.Default with { CuboidVisibleFraction = visibleFraction })
            .WithCode(RuleCodes.VisibleCuboidWithoutBox).Should().HaveCount(flagged ? 1 : 0);
    }

    [Theory]
    [InlineData(3750, true)]
    [InlineData(3750.1, false)]
    public void SmallFarProjection_NeedsABoxOnlyFromTheMinimumArea(double minArea, bool flagged)
    {
        var (b, _, cloud) = Rig.Create();
        b.Annotate(cloud, "car", new Cuboid(new Vec3(10, 6.4, 0), new Vec3(0, 2, 1.5), 0)); // 50 × 75 px inside

        Validate(b.Build(), ValidationPolicy.Default with { MinProjectedBoxArea = minArea })
            .WithCode(RuleCodes.VisibleCuboidWithoutBox).Should().HaveCount(flagged ? 1 : 0);
    }

    [Fact]
    public void CuboidBehindTheCamera_NeedsNoBox()
    {
        var (b, _, cloud) = Rig.Create();
        b.Annotate(cloud, "car", Car with { Center = new Vec3(-10, 0, 0) });

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void PolicyNotRequiringBoxes_IsQuietAboutVisibleCuboids()
    {
        var (b, _, cloud) = Rig.Create();
        b.Annotate(cloud, "car", Car);

        Validate(b.Build(), ValidationPolicy.Default with { RequireBoxForVisibleCuboid = false, RequireCountAgreement = false }).Should().BeEmpty();
    }

    [Fact]
    public void OnlyTheImageNearestTheSweepPerCamera_NeedsTheBox()
    {
        var (b, image, cloud) = Rig.Create(0, 0);
        b.Image("cam_front", 1.0, Rig.Camera);
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car));

        Validate(b.Build()).Should().BeEmpty("the later image of cam_front is not the one the sweep is compared with");
    }

    // ---- REF-003 ----

    [Fact]
    public void BoxLinkedToACuboidBehindTheCamera_IsABoxForAHiddenCuboid()
    {
        var (b, image, cloud) = Rig.Create();
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car with { Center = new Vec3(-10, 0, 0) }));

        var finding = Validate(b.Build()).WithCode(RuleCodes.BoxForHiddenCuboid).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("cam_front cannot see: it is behind the camera");
        Validate(b.Build()).WithCode(RuleCodes.ProjectionMismatch).Should().BeEmpty("an invisible cuboid has no IoU to judge");
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(0.5000001, true)]
    public void BoxLinkedToAPartlyVisibleCuboid_IsHiddenOnlyBelowTheHiddenFraction(double hiddenFraction, bool flagged)
    {
        var (b, image, cloud) = Rig.Create();
        var cuboid = new Cuboid(new Vec3(10, 6.4, 0), new Vec3(0, 2, 1.5), 0);
        b.Link(b.Annotate(image, "car", Rig.Projected(cuboid)), b.Annotate(cloud, "car", cuboid));

        var findings = Validate(b.Build(), ValidationPolicy.Default with { CuboidHiddenFraction = hiddenFraction });

        findings.WithCode(RuleCodes.BoxForHiddenCuboid).Should().HaveCount(flagged ? 1 : 0);
        findings.WithCode(RuleCodes.ProjectionMismatch).Should().BeEmpty();
    }

    // ---- REF-006 ----

    [Fact]
    public void TwoVisibleCarCuboidsButOneCarBox_Unlinked_IsASensorCountMismatch()
    {
        var (b, image, cloud) = Rig.Create();
        b.Annotate(image, "car", Rig.Projected(Car));
        b.Annotate(cloud, "car", Car);
        b.Annotate(cloud, "car", Car with { Center = new Vec3(20, 3, 0) });

        var findings = Validate(b.Build(), ValidationPolicy.Default with { RequireBoxForVisibleCuboid = false });

        var finding = findings.WithCode(RuleCodes.SensorCountMismatch).Should().ContainSingle().Subject;
        finding.Message.Should().Be("cam_front has 1 'car' object(s) but lidar_top has 2 'car' cuboid(s) visible in cam_front.");
        finding.AnnotationIds.Should().HaveCount(3);
    }

    [Fact]
    public void MissingLinkedBox_IsReportedOnceAsRef002NotAgainAsACount()
    {
        var (b, image, cloud) = Rig.Create();
        b.Link(b.Annotate(image, "car", Rig.Projected(Car)), b.Annotate(cloud, "car", Car));
        b.Link(b.Annotate(cloud, "car", Car with { Center = new Vec3(20, 3, 0) }));

        var findings = Validate(b.Build());

        findings.Select(f => f.RuleCode).Should().Equal(RuleCodes.VisibleCuboidWithoutBox);
    }

    [GeneratedRegex(@"move the cuboid by \((?<x>[+-][0-9.]+), (?<y>[+-][0-9.]+), (?<z>[+-][0-9.]+)\) m")]
    private static partial Regex Move();
}
