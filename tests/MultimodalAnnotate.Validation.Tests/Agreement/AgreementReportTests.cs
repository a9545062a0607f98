using MultimodalAnnotate.Validation.Agreement;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class AgreementReportTests
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    [Fact]
    public void Compute_TwoAnnotatorsAgreeOnEveryObject_KappaOneNobodyFlagged()
    {
        var images = Enumerable.Range(1, 4).Select(Image).ToList();
        var a = images.SelectMany(i => new[] { Box(i, "car", 10, 10), Box(i, "person", 60, 40) }).ToList();
        var b = images.SelectMany(i => new[] { Box(i, "person", 61, 41), Box(i, "car", 11, 11) }).ToList();

        var report = AgreementReport.Compute(images, [new("ann", a), new("bob", b)]);

        report.Labels.Cohen!.Kappa.Should().Be(1);
        report.Labels.Units.Should().Be(8);
        report.Labels.PercentAgreement.Should().Be(1);
        var pair = report.Pair("bob", "ann")!;
        pair.Spatial.F1.Should().Be(1);
        pair.Spatial.MeanIoU.Should().BeApproximately(19.0 * 19 / ((2 * 400) - (19 * 19)), 1e-12, "20-px boxes shifted by one pixel each way");
        report.FlaggedAnnotators.Should().BeEmpty();
        report.PerAnnotator.Should().OnlyContain(p => p.Basis == FlagBasis.PairwiseKappa && p.FlagScore == 1);
    }

    [Fact]
    public void Compute_LabelSwapAMissAndAnExtraBox_CountMissesAgainstNoneCategory()
    {
        // Matched pairs: car/car, car/truck, person/person, truck/truck; ann's person on image 4 is missed by bob
        // (person/none), bob's car on image 5 is extra (none/car). po = 3/6; pe = (2·2 + 2·1 + 1·1 + 1·2)/36 = 1/4;
        // κ = (1/2 − 1/4)/(3/4) = 1/3. F1 = 2·4/(5 + 5) = 0.8.
        var images = Enumerable.Range(1, 6).Select(Image).ToList();
        List<AnnotationSnapshot> a =
        [
            Box(images[0], "car", 0, 0), Box(images[1], "car", 0, 0), Box(images[2], "person", 0, 0),
            Box(images[3], "person", 0, 0), Box(images[5], "truck", 0, 0),
        ];
        List<AnnotationSnapshot> b =
        [
            Box(images[0], "car", 1, 0), Box(images[1], "truck", 0, 1), Box(images[2], "person", 0, 0),
            Box(images[4], "car", 0, 0), Box(images[5], "truck", 1, 1),
        ];

        var report = AgreementReport.Compute(images, [new("ann", a), new("bob", b)]);

        var pair = report.Pair("ann", "bob")!;
        pair.Kappa.Kappa.Should().BeApproximately(1.0 / 3, 1e-12);
        pair.Kappa.Items.Should().Be(6);
        pair.Spatial.Should().BeEquivalentTo(new { Matched = 4, UnmatchedA = 1, UnmatchedB = 1 });
        pair.Spatial.F1.Should().BeApproximately(0.8, 1e-12);
        report.Labels.Cohen!.Kappa.Should().BeApproximately(1.0 / 3, 1e-12);
        report.FlaggedAnnotators.Should().Equal("ann", "bob");
        report.Units.Should().Contain(u => u.Ratings.Any(r => r.Label == AgreementReport.NoneLabel && r.Annotator == "bob"));
    }

    [Fact]
    public void Compute_PolicyWithLowerKappaThreshold_FlagsNobodyForTheSameWork()
    {
        var image = Image(1);
        List<AnnotationSnapshot> a = [Box(image, "car", 0, 0), Box(image, "person", 50, 50), Box(image, "bike", 0, 50)];
        List<AnnotationSnapshot> b = [Box(image, "car", 0, 0), Box(image, "person", 50, 50), Box(image, "person", 0, 50)];

        var strict = AgreementReport.Compute([image], [new("ann", a), new("bob", b)]);
        var lenient = AgreementReport.Compute([image], [new("ann", a), new("bob", b)], AgreementOptions.FromPolicy(new ValidationPolicy { MinAnnotatorKappa = 0.4 }));

        strict.MinAnnotatorKappa.Should().Be(0.75);
        strict.Pair("ann", "bob")!.Kappa.Kappa.Should().BeApproximately(0.5, 1e-12);
        strict.FlaggedAnnotators.Should().HaveCount(2);
        lenient.FlaggedAnnotators.Should().BeEmpty();
    }

    [Fact]
    public void Compute_ThreeAnnotatorsOneCareless_OnlyTheCarelessOneIsFlagged()
    {
        // ann and bob agree on all 12 objects; cat gets half of them wrong. Against the consensus of the other
        // two, ann and bob agree perfectly wherever a consensus exists; cat does not.
        string[] truth = ["car", "person", "bike", "car", "person", "bike", "car", "person", "bike", "car", "person", "bike"];
        string[] careless = ["car", "person", "bike", "car", "person", "bike", "person", "bike", "car", "person", "bike", "car"];
        var images = Enumerable.Range(1, 12).Select(Image).ToList();
        var work = new[] { ("ann", truth), ("bob", truth), ("cat", careless) }
            .Select(w => new AnnotatorWork(w.Item1, images.Select((img, i) => Box(img, w.Item2[i], 5, 5)).ToList()))
            .ToList();

        var report = AgreementReport.Compute(images, work);

        report.FlaggedAnnotators.Should().Equal("cat");
        report.Annotator("ann")!.Basis.Should().Be(FlagBasis.ConsensusKappa);
        report.Annotator("ann")!.ConsensusKappa.Kappa.Should().Be(1);
        report.Annotator("cat")!.ConsensusKappa.Kappa.Should().BeLessThan(0.5);
        report.Annotator("cat")!.MeanPairwiseKappa.Should().BeLessThan(report.Annotator("bob")!.MeanPairwiseKappa);
        report.Labels.Cohen.Should().BeNull("Cohen's kappa is for two annotators");
        report.Labels.Fleiss!.RatersPerSubject.Should().Be(3);
        report.Labels.Fleiss.Kappa.Should().BeInRange(0.3, 0.9);
        report.Labels.Alpha.Alpha.Should().BeInRange(0.3, 0.9);
    }

    [Fact]
    public void Compute_ThreeAnnotatorsDrawInDifferentOrders_ClustersIntoOneUnitPerObject()
    {
        var image = Image(1);
        List<AnnotationSnapshot> a = [Box(image, "car", 0, 0), Box(image, "dog", 50, 50)];
        List<AnnotationSnapshot> b = [Box(image, "dog", 52, 49), Box(image, "car", 1, 2)];
        List<AnnotationSnapshot> c = [Box(image, "car", 2, 0), Box(image, "dog", 49, 51), Box(image, "cat", 80, 0)];

        var report = AgreementReport.Compute([image], [new("a", a), new("b", b), new("c", c)]);

        report.Units.Should().HaveCount(3);
        report.Units.Where(u => u.IsUnanimous).Select(u => u.Consensus).Should().BeEquivalentTo(["car", "dog"]);
        var lonely = report.Units.Single(u => !u.IsUnanimous);
        lonely.Ratings.Select(r => r.Label).Should().Equal(AgreementReport.NoneLabel, AgreementReport.NoneLabel, "cat");
        lonely.Consensus.Should().Be(AgreementReport.NoneLabel);
        report.Slice(Modality.Image, "cat")!.Should().BeEquivalentTo(new { Units = 1, UnanimousUnits = 0, IoUPairs = 0 });
    }

    [Fact]
    public void Compute_EveryModality_SlicesByModalityAndLabelAndMatchesEachKindByItsOverlap()
    {
        var image = Image(1);
        var cloud = new AssetSnapshot(Guid.NewGuid(), Modality.PointCloud, "lidar", new CaptureTime());
        var audio = new AssetSnapshot(Guid.NewGuid(), Modality.Audio, "mic", new SampleClock(16000, 16000 * 60));
        var text = new AssetSnapshot(Guid.NewGuid(), Modality.Text, "transcript", new Untimed(), Content: "Anna walks her dog past the red car.");
        var car3d = new Cuboid(new Vec3(10, 2, -0.9), new Vec3(4.2, 1.8, 1.5), 0.2);
        List<AnnotationSnapshot> a =
        [
            Box(image, "car", 10, 10), Ann(image, "street", new Classification()),
            Ann(cloud, "car", car3d), Ann(cloud, "car", car3d with { Center = new Vec3(-5, 3, -0.9) }),
            Ann(audio, "speech", new TimeSegment(1.0, 4.0)), Ann(audio, "music", new TimeSegment(10, 20)),
            Ann(text, "person", new TextSpan(0, 4)), Ann(text, "dog", new TextSpan(15, 18)),
        ];
        List<AnnotationSnapshot> b =
        [
            Box(image, "car", 11, 10), Ann(image, "street", new Classification()),
            Ann(cloud, "car", car3d with { Yaw = 0.25 }), Ann(cloud, "truck", car3d with { Center = new Vec3(-5.2, 3, -0.9) }),
            Ann(audio, "speech", new TimeSegment(1.2, 4.1)), Ann(audio, "music", new TimeSegment(14, 20)),
            Ann(text, "person", new TextSpan(0, 4)), Ann(text, "dog", new TextSpan(11, 18)),
        ];

        var report = AgreementReport.Compute([image, cloud, audio, text], [new("a", a), new("b", b)]);

        var pair = report.Pair("a", "b")!;
        pair.ByKind.Keys.Should().BeEquivalentTo(["box2d", "classification", "cuboid", "segment", "span"]);
        pair.ByKind["cuboid"].Matched.Should().Be(2);
        pair.ByKind["segment"].Matched.Should().Be(2, "music [10,20) vs [14,20) has temporal IoU 0.6");
        pair.ByKind["span"].Should().BeEquivalentTo(new { Matched = 1, UnmatchedA = 1, UnmatchedB = 1 }, "'dog' [15,18) vs 'her dog' [11,18) overlaps 3/7 < 0.5");
        pair.Spatial.Matched.Should().Be(pair.ByKind.Where(k => k.Key != "classification").Sum(k => k.Value.Matched));
        report.Slices.Select(s => (s.Modality, s.Label)).Should().Equal(
            (Modality.Image, "car"), (Modality.Image, "street"),
            (Modality.Audio, "music"), (Modality.Audio, "speech"),
            (Modality.Text, "dog"), (Modality.Text, "person"),
            (Modality.PointCloud, "car"), (Modality.PointCloud, "truck"));
        report.Slice(Modality.PointCloud, "car")!.Should().BeEquivalentTo(new { Units = 2, UnanimousUnits = 1, IoUPairs = 2 });
        report.Slice(Modality.PointCloud, "truck")!.UnanimousUnits.Should().Be(0);
        report.Slice(Modality.Audio, "speech")!.MeanIoU.Should().BeApproximately(2.8 / 3.1, 1e-12);
        double.IsNaN(report.Slice(Modality.Image, "street")!.MeanIoU).Should().BeTrue("classifications have no spatial extent");
        report.Slice(Modality.Audio, "speech")!.Alpha.Alpha.Should().Be(1);
    }

    [Fact]
    public void Compute_BoxesOnDifferentVideoFrames_NeverMatch()
    {
        var video = new AssetSnapshot(Guid.NewGuid(), Modality.Video, "cam", new FrameTimes([0, 0.04, 0.08], 0.12), Width: 100, Height: 100);
        var box = new Box2D(10, 10, 20, 20);
        List<AnnotationSnapshot> a = [Ann(video, "car", box with { Time = 0.04 })];
        List<AnnotationSnapshot> b = [Ann(video, "car", box with { Time = 0.08 })];

        var report = AgreementReport.Compute([video], [new("a", a), new("b", b)]);

        report.Pair("a", "b")!.Spatial.Should().BeEquivalentTo(new { Matched = 0, UnmatchedA = 1, UnmatchedB = 1 });
        report.Units.Should().HaveCount(2);
    }

    [Fact]
    public void Compute_SingleLabelTask_KappaUndefinedAndF1DecidesTheFlag()
    {
        // One class only: every disagreement is car/none or none/car and the none/none cell cannot exist, so
        // kappa would be ≤ 0 whatever the quality. The report falls back to the matching F1.
        var images = Enumerable.Range(1, 10).Select(Image).ToList();
        var a = images.Select(i => Box(i, "car", 0, 0)).ToList();
        var good = images.Select(i => Box(i, "car", 1, 1)).ToList();
        var poor = images.Take(4).Select(i => Box(i, "car", 1, 1)).ToList();

        var okReport = AgreementReport.Compute(images, [new("a", a), new("b", good.Take(9).ToList())]);
        var poorReport = AgreementReport.Compute(images, [new("a", a), new("c", poor)]);

        okReport.Pair("a", "b")!.Kappa.IsDefined.Should().BeFalse();
        okReport.Annotator("b")!.Basis.Should().Be(FlagBasis.F1);
        okReport.Annotator("b")!.FlagScore.Should().BeApproximately(18.0 / 19, 1e-12);
        okReport.FlaggedAnnotators.Should().BeEmpty();
        poorReport.Annotator("c")!.FlagScore.Should().BeApproximately(8.0 / 14, 1e-12);
        poorReport.FlaggedAnnotators.Should().Equal("a", "c");
    }

    [Fact]
    public void Compute_AnnotatorAssignedHalfTheAssets_UnassignedIsMissingNotDisagreement()
    {
        var images = Enumerable.Range(1, 4).Select(Image).ToList();
        string[] labels = ["car", "person", "car", "person"];
        var full = images.Select((img, i) => Box(img, labels[i], 0, 0)).ToList();
        var half = images.Take(2).Select((img, i) => Box(img, labels[i], 0, 0)).ToList();

        var report = AgreementReport.Compute(
            images,
            [new("a", full), new("b", full.Select(x => x with { Id = Guid.NewGuid() }).ToList()), new("c", half, images.Take(2).Select(i => i.Id).ToList())]);

        report.Labels.Fleiss.Should().BeNull("the number of annotators per unit varies");
        report.Labels.Alpha.Alpha.Should().Be(1);
        report.Units.Select(u => u.Ratings.Count).Should().Equal(3, 3, 2, 2);
        report.FlaggedAnnotators.Should().BeEmpty();
    }

    [Fact]
    public void Compute_InvalidInput_ThrowsWithAClearMessage()
    {
        var image = Image(1);
        var other = Image(2);
        var box = Box(image, "car", 0, 0);

        FluentActions.Invoking(() => AgreementReport.Compute([image], [new("a", [box])]))
            .Should().Throw<ArgumentException>().WithMessage("*at least two annotators*");
        FluentActions.Invoking(() => AgreementReport.Compute([image], [new("a", [box]), new("a", [])]))
            .Should().Throw<ArgumentException>().WithMessage("*'a' is listed twice*");
        FluentActions.Invoking(() => AgreementReport.Compute([image], [new("a", [Box(other, "car", 0, 0)]), new("b", [])]))
            .Should().Throw<ArgumentException>().WithMessage("*not among the compared assets*");
        FluentActions.Invoking(() => AgreementReport.Compute([image, other], [new("a", [Box(other, "car", 0, 0)], [image.Id]), new("b", [])]))
            .Should().Throw<ArgumentException>().WithMessage("*not assigned*");
        FluentActions.Invoking(() => AgreementReport.Compute([image], [new("a", [Box(image, AgreementReport.NoneLabel, 0, 0)]), new("b", [])]))
            .Should().Throw<ArgumentException>().WithMessage("*reserved label*");
    }

    private static AssetSnapshot Image(int n) =>
        new(new Guid(n, 0, 0, new byte[8]), Modality.Image, "cam", new CaptureTime(), Width: 200, Height: 200);

    private static AnnotationSnapshot Box(AssetSnapshot asset, string label, double x, double y) =>
        Ann(asset, label, new Box2D(x, y, 20, 20));

    private static AnnotationSnapshot Ann(AssetSnapshot asset, string label, Model.Geometry geometry) =>
        new(Guid.NewGuid(), asset.Id, label, NoAttributes, geometry);
}
