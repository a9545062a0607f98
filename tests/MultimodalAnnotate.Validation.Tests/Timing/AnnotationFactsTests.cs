using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation.Tests.Timing;

public sealed class AnnotationFactsTests
{
    private static AssetSnapshot Asset(Modality modality, TimeBase timeBase, string? content = null) =>
        new(Guid.NewGuid(), modality, modality.ToString(), timeBase, Content: content);

    private static readonly AssetSnapshot Video = Asset(Modality.Video, new FrameTimes([0.04, 0.08, 0.12], 2.0) { Offset = 10 });
    private static readonly AssetSnapshot Audio = Asset(Modality.Audio, new SampleClock(16000, 48000) { Offset = 1 });
    private static readonly AssetSnapshot Image = Asset(Modality.Image, new CaptureTime { Offset = 3.5 });
    private static readonly AssetSnapshot Cloud = Asset(Modality.PointCloud, new CaptureTime { Offset = 3.55 });
    private static readonly AssetSnapshot Document = Asset(Modality.Text, new Untimed(), "A dog. A cat.");
    private static readonly AssetSnapshot Dialogue = Asset(Modality.Text, new TimedSegments([new TextSegment(0, 2, 0, 6, "A"), new TextSegment(2.5, 4, 7, 13, "B")]) { Offset = 100 }, "A dog. A cat.");

    private static AnnotationFacts Facts(Model.Geometry geometry, AssetSnapshot asset) =>
        AnnotationFacts.Derive(new AnnotationSnapshot(Guid.NewGuid(), asset.Id, "x", new Dictionary<string, string>(), geometry), asset);

    public static TheoryData<string, Granularity> GranularityCases => new()
    {
        { "mask on image", Granularity.Pixel },
        { "box on image", Granularity.Region },
        { "cuboid on cloud", Granularity.Region },
        { "track on video", Granularity.Region },
        { "classification on image", Granularity.Frame },
        { "classification on cloud", Granularity.Frame },
        { "classification with time on video", Granularity.Frame },
        { "classification on video", Granularity.Clip },
        { "classification on audio", Granularity.Clip },
        { "classification on text", Granularity.Document },
        { "segment on audio", Granularity.Segment },
        { "span with segment index", Granularity.Sentence },
        { "span covering a whole segment", Granularity.Sentence },
        { "span inside a segment", Granularity.Span },
        { "span in a document", Granularity.Span },
    };

    [Theory]
    [MemberData(nameof(GranularityCases))]
    public void GranularityOf_GeometryOnAsset_FollowsTheRules(string situation, Granularity expected)
    {
        var (geometry, asset) = situation switch
        {
            "mask on image" => ((Model.Geometry)new Mask(2, 2, [1, 2, 1]), Image),
            "box on image" => (new Box2D(0, 0, 1, 1), Image),
            "cuboid on cloud" => (new Cuboid(new Vec3(0, 0, 0), new Vec3(1, 1, 1), 0), Cloud),
            "track on video" => (new Track([new TrackKeyframe(0.04, new Box2D(0, 0, 1, 1))]), Video),
            "classification on image" => (new Classification(), Image),
            "classification on cloud" => (new Classification(), Cloud),
            "classification with time on video" => (new Classification { Time = 0.08 }, Video),
            "classification on video" => (new Classification(), Video),
            "classification on audio" => (new Classification(), Audio),
            "classification on text" => (new Classification(), Document),
            "segment on audio" => (new TimeSegment(0, 1), Audio),
            "span with segment index" => (new TextSpan(2, 5, 0), Dialogue),
            "span covering a whole segment" => (new TextSpan(7, 13), Dialogue),
            "span inside a segment" => (new TextSpan(2, 5), Dialogue),
            "span in a document" => (new TextSpan(0, 13), Document),
            _ => throw new ArgumentOutOfRangeException(nameof(situation)),
        };

        Facts(geometry, asset).Granularity.Should().Be(expected);
    }

    [Fact]
    public void Extent_OnImageOrSweep_IsTheCaptureInstant()
    {
        Facts(new Box2D(0, 0, 1, 1), Image).Extent.Should().Be(TimeExtent.At(3.5));
        Facts(new Cuboid(new Vec3(0, 0, 0), new Vec3(1, 1, 1), 0), Cloud).Extent.Should().Be(TimeExtent.At(3.55));
    }

    [Fact]
    public void Extent_VideoGeometryWithTime_IsOffsetPlusMediaTime() =>
        Facts(new Box2D(0, 0, 1, 1) { Time = 0.08 }, Video).Extent.Should().Be(TimeExtent.At(10.08));

    [Fact]
    public void Extent_VideoGeometryWithoutTime_IsUnknown() =>
        Facts(new Box2D(0, 0, 1, 1), Video).Extent.Should().BeNull();

    [Fact]
    public void Extent_WholeStreamClassification_IsTheStream()
    {
        Facts(new Classification(), Video).Extent.Should().Be(new TimeExtent(10.04, 12.0));
        Facts(new Classification(), Audio).Extent.Should().Be(new TimeExtent(1, 4));
    }

    [Fact]
    public void Extent_SegmentAndTrack_AreTheirRanges()
    {
        Facts(new TimeSegment(0.5, 1.5), Audio).Extent.Should().Be(new TimeExtent(1.5, 2.5));
        Facts(new Track([new TrackKeyframe(0.04, new Box2D(0, 0, 1, 1)), new TrackKeyframe(0.12, new Box2D(0, 0, 1, 1))]), Video)
            .Extent.Should().Be(new TimeExtent(10.04, 10.12));
    }

    [Fact]
    public void Extent_TimedTextSpan_IsTheUnionOfTheSegmentsItTouches()
    {
        Facts(new TextSpan(2, 5), Dialogue).Extent.Should().Be(new TimeExtent(100, 102));
        Facts(new TextSpan(2, 10), Dialogue).Extent.Should().Be(new TimeExtent(100, 104));
        Facts(new TextSpan(9, 10, 0), Dialogue).Extent.Should().Be(new TimeExtent(100, 102), "the segment index decides");
    }

    [Fact]
    public void Extent_UntimedText_IsNone() =>
        Facts(new TextSpan(0, 5), Document).Extent.Should().BeNull();

    [Fact]
    public void DeriveAll_SkipsAnnotationsWhoseAssetIsMissing()
    {
        var item = new ItemSnapshot(Guid.NewGuid(), [Image],
            [new AnnotationSnapshot(Guid.NewGuid(), Image.Id, "dog", new Dictionary<string, string>(), new Box2D(0, 0, 1, 1)),
             new AnnotationSnapshot(Guid.NewGuid(), Guid.NewGuid(), "dog", new Dictionary<string, string>(), new Box2D(0, 0, 1, 1))], [], []);

        ItemValidator.Describe(item).Should().ContainSingle().Which.Modality.Should().Be(Modality.Image);
    }
}
