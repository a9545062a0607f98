using System.Text.Json;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Tests.TestSupport;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Tests;

public sealed class InterchangeJsonTests
{
    private static ItemSnapshot EveryKind()
    {
        Guid[] assets = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var camera = new Calibration(
            [0, -1, 0, 0.1, 0, 0, -1, -0.08, 1, 0, 0, -0.27, 0, 0, 0, 1],
            new CameraIntrinsics(721.5377, 721.5377, 609.5593, 172.854, 1242, 375));
        var geometries = new Geometry[]
        {
            new Box2D(10.5, 20.25, 30, 40) { Time = 0.04 },
            new Polygon([new Point2(0, 0), new Point2(10, 0), new Point2(5, 8.5)]),
            new Mask(4, 3, [2, 3, 7]),
            new Keypoints([new Keypoint("nose", 1, 2, true), new Keypoint("tail", 3, 4, false)]),
            new Cuboid(new Vec3(12.1, -3.4, -0.9), new Vec3(4.2, 1.8, 1.5), 1.5707963267948966),
            new TimeSegment(1.25, 2.5),
            new TextSpan(2, 7, SegmentIndex: 1),
            new Track([
                new TrackKeyframe(0.0, new Box2D(1, 2, 3, 4)),
                new TrackKeyframe(0.5, new Cuboid(new Vec3(1, 2, 3), new Vec3(4, 5, 6), -0.3), Outside: true),
            ]),
            new Classification { Time = 0.08 },
            new Classification(),
        };
        return new ItemSnapshot(
            Guid.NewGuid(),
            [
                new AssetSnapshot(assets[0], Modality.Image, "cam2", new CaptureTime { Offset = 0.012 }, camera, 1242, 375),
                new AssetSnapshot(assets[1], Modality.Video, "front", new FrameTimes([0, 0.04, 0.0801, 0.12], 0.16) { Offset = -0.5 }, Width: 1280, Height: 720),
                new AssetSnapshot(assets[2], Modality.Audio, "mic", new SampleClock(16000, 480000) { Offset = 0.25 }),
                new AssetSnapshot(assets[3], Modality.Text, "dialogue", new TimedSegments([
                    new TextSegment(0, 1.5, 0, 5, "A"), new TextSegment(1.5, 3, 6, 12)]), Content: "Hello there, dog"),
                new AssetSnapshot(assets[4], Modality.Text, "report", new Untimed(), Content: "Ünïcödé \"quoted\" text"),
                new AssetSnapshot(assets[5], Modality.PointCloud, "velodyne", new CaptureTime(), new Calibration(Calibration.Identity)),
            ],
            geometries.Select((g, i) => new AnnotationSnapshot(
                Guid.NewGuid(), assets[i % assets.Length], "dog",
                new Dictionary<string, string> { ["colour"] = "navy", ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                g, i == 0 ? "annotator-1" : null)).ToList(),
            [new EntitySnapshot(Guid.NewGuid(), "dog #1", []), new EntitySnapshot(Guid.NewGuid(), null, [])],
            [new RelationSnapshot(Guid.NewGuid(), "describes", Guid.NewGuid(), Guid.NewGuid())]);
    }

    [Fact]
    public void RoundTrip_ItemWithEveryGeometryAndTimeBase_ReadsBackEqual()
    {
        var item = EveryKind();

        var json = InterchangeJson.SerializeItem(item);
        using var document = JsonDocument.Parse(json);
        var violations = InterchangeSchema.Item.Check(document.RootElement, "$");
        var back = InterchangeJson.DeserializeItem(document.RootElement);

        violations.Should().BeEmpty();
        back.Should().BeEquivalentTo(item, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        InterchangeJson.SerializeItem(back).Should().Be(json);
    }

    [Fact]
    public void Serialize_Item_UsesCamelCaseEnumsKindDiscriminatorsAndFormatFirst()
    {
        var json = InterchangeJson.SerializeItem(EveryKind());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.EnumerateObject().First().Name.Should().Be("format");
        root.GetProperty("format").GetString().Should().Be("multimodalannotate/v1");
        root.GetProperty("assets")[5].GetProperty("modality").GetString().Should().Be("pointCloud");
        root.GetProperty("assets")[1].GetProperty("timeBase").GetProperty("kind").GetString().Should().Be("frames");
        root.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("geometry").GetProperty("kind").GetString())
            .Should().Equal("box2d", "polygon", "mask", "keypoints", "cuboid", "segment", "span", "track", "classification", "classification");
        root.GetProperty("annotations")[1].TryGetProperty("author", out _).Should().BeFalse("nulls are left out");
    }

    [Fact]
    public void Deserialize_ItemWithoutOptionalLists_GetsEmptyListsAndAttributes()
    {
        var json = $$"""
            {
              "id": "{{Guid.NewGuid()}}",
              "assets": [{ "id": "{{Samples.ImageAsset}}", "modality": "image", "sensor": "cam", "timeBase": { "offset": 1.5, "kind": "capture" } }],
              "annotations": [{ "id": "{{Samples.BoxAnnotation}}", "assetId": "{{Samples.ImageAsset}}", "label": "dog",
                                "geometry": { "x": 1, "y": 2, "width": 3, "height": 4, "kind": "box2d" } }]
            }
            """;
        using var document = JsonDocument.Parse(json);

        var item = InterchangeJson.DeserializeItem(document.RootElement);

        InterchangeSchema.Item.Check(document.RootElement, "$").Should().BeEmpty();
        item.Entities.Should().BeEmpty();
        item.Relations.Should().BeEmpty();
        item.Annotations[0].Attributes.Should().BeEmpty();
        item.Annotations[0].Geometry.Should().Be(new Box2D(1, 2, 3, 4));
        item.Assets[0].TimeBase.Should().Be(new CaptureTime { Offset = 1.5 });
    }

    [Fact]
    public async Task ReadProject_AlignedBoundariesSwitchedOffOrMalformed_IsReadOrRejectedNamingTheField()
    {
        using var workspace = new Workspace();
        var project = Samples.Project();
        project["policy"] = new System.Text.Json.Nodes.JsonObject { ["alignedBoundaries"] = new System.Text.Json.Nodes.JsonArray() };
        var errors = new List<InputError>();

        var read = await ProjectReader.ReadAsync(workspace.Write("off.json", project), errors, CancellationToken.None);

        errors.Should().BeEmpty();
        read!.Policy!.AlignedBoundaries.Should().BeEmpty();

        project["policy"] = new System.Text.Json.Nodes.JsonObject { ["alignedBoundaries"] = new System.Text.Json.Nodes.JsonArray("Audio+Text") };
        var bad = await ProjectReader.ReadAsync(workspace.Write("bad.json", project), errors, CancellationToken.None);

        bad.Should().BeNull();
        errors.Should().ContainSingle().Which.ToString().Should().Contain("alignedBoundaries");
    }

    [Fact]
    public async Task ReadProject_PolicyPartlyGiven_MissingPropertiesTakeDefaults()
    {
        using var workspace = new Workspace();
        var project = Samples.Project();
        project["policy"] = new System.Text.Json.Nodes.JsonObject { ["minProjectionIoU"] = 0.7, ["requireCountAgreement"] = false };
        var path = workspace.Write("project.json", project);
        var errors = new List<InputError>();

        var read = await ProjectReader.ReadAsync(path, errors, CancellationToken.None);

        errors.Should().BeEmpty();
        read!.Policy!.MinProjectionIoU.Should().Be(0.7);
        read.Policy.RequireCountAgreement.Should().BeFalse();
        read.Policy.TemporalTolerance.Should().BeEquivalentTo(ValidationPolicy.Default.TemporalTolerance);
        read.Policy.ForbiddenGranularityLinks.Should().Equal(ValidationPolicy.Default.ForbiddenGranularityLinks);
        read.Policy.AlignedBoundaries.Should().Equal("Audio-Text");
        read.Ontology.Classes.Select(c => c.Name).Should().Equal("animal", "dog", "cat", "cow");
        read.Ontology.Classes[0].Parents.Should().BeEmpty();
        read.Ontology.Colours.Should().BeEmpty();
    }

    [Fact]
    public async Task ReadItems_ContentFile_IsReadRelativeToTheItemFile()
    {
        using var workspace = new Workspace();
        var node = Samples.ToNode(Samples.ImageCaption());
        node["assets"]![1]!.AsObject().Remove("content");
        node["assets"]![1]!["contentFile"] = "texts/caption.txt";
        workspace.Write("batch/texts/caption.txt", "Zwei Hunde – two dogs.\n");
        var path = workspace.Write("batch/item.json", node);
        var errors = new List<InputError>();

        var items = await ItemReader.ReadAsync([path], null, errors, CancellationToken.None);

        errors.Should().BeEmpty();
        items.Single().Item.Assets[1].Content.Should().Be("Zwei Hunde – two dogs.\n");
    }
}
