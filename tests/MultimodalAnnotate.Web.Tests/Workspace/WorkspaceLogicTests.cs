using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

/// <summary>The workspace's pure pieces: undo id remapping, text chunking, the timeline model, canvas shapes, shortcuts.</summary>
public sealed class WorkspaceLogicTests
{
    [Fact]
    public void UndoStack_AnnotationRecreatedTwice_OlderStepsFollowToTheNewestId()
    {
        var stack = new UndoStack();
        var original = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        stack.Remap(original, first);
        stack.Remap(first, second);

        stack.Resolve(original).Should().Be(second);
        stack.Resolve(first).Should().Be(second);
        stack.Resolve((Guid?)null).Should().BeNull();
    }

    [Fact]
    public void UndoStack_NewEditAfterUndo_ClearsRedo()
    {
        var stack = new UndoStack();
        var a = Sample.Annotation("dog", Modality.Image, new Box2D(0, 0, 1, 1)).Annotation;
        stack.Record(new EditStep.Created(a));
        stack.Undone(stack.PopUndo()!);
        stack.CanRedo.Should().BeTrue();

        stack.Record(new EditStep.Deleted(a));

        stack.CanRedo.Should().BeFalse();
        stack.NextUndo!.Description.Should().Be("delete dog");
    }

    [Fact]
    public void TextLayout_OverlappingSpans_CutAtEveryBoundary_InnermostFirst()
    {
        const string text = "a red car waits";
        var car = Sample.Annotation("car", Modality.Text, new TextSpan(2, 9));
        var red = Sample.Annotation("red", Modality.Text, new TextSpan(2, 5));
        var turn = Sample.Annotation("speech", Modality.Text, new TextSpan(0, 15, 0));

        var chunks = TextLayout.Chunks(text, 0, text.Length, [car, red, turn]);

        chunks.Select(c => c.Text).Should().Equal("a ", "red", " car", " waits");
        chunks[1].Covering.Should().Equal(red, car);
        chunks[2].Covering.Should().Equal(car);
        chunks[0].Covering.Should().BeEmpty("a whole-turn label is shown as a chip, not as a highlight");
        TextLayout.Trim(text, 1, 6).Should().Be((2, 5));
        TextLayout.Trim(text, 1, 2).Should().BeNull();
    }

    [Fact]
    public void TimelineModel_CoversEveryTimedAsset_FramesIncludeTheVideoOffset_OpenFindingsAreMarkers()
    {
        var video = new ItemQueries.AssetView(Guid.NewGuid(), Modality.Video, "cam", "video/mp4", new FrameTimes([0, 0.04, 0.1], 0.2) { Offset = 1.0 }, 320, 240, 0.2, null, 1, AssetStatus.Ready, null);
        var audio = new ItemQueries.AssetView(Guid.NewGuid(), Modality.Audio, "mic", "audio/wav", new SampleClock(16000, 48000) { Offset = 0.5 }, null, null, 3, null, 1, AssetStatus.Ready, null);
        var text = new ItemQueries.AssetView(Guid.NewGuid(), Modality.Text, "doc", null, new Untimed(), null, null, null, "hi", 2, AssetStatus.Ready, null);
        var bark = Sample.Annotation("bark", Modality.Audio, new TimeSegment(1, 1.5), start: 1.5, end: 2.0, asset: audio.Id);
        var open = Sample.Finding(FindingType.Temporal, Severity.Error, "TMP-001", "late", FindingStatus.Open, bark.Annotation.Id);
        var gone = Sample.Finding(FindingType.Temporal, Severity.Error, "TMP-001", "late", FindingStatus.Fixed, bark.Annotation.Id);
        var item = new ItemQueries.ItemDetail(Guid.NewGuid(), Guid.NewGuid(), "p", "i", ItemStatus.Annotating, null, new HashSet<ProjectRole>(),
            [video, audio, text], [bark], [], [open, gone], [Modality.Video, Modality.Audio, Modality.Text]);

        var model = TimelineModel.Build(item);

        model.Start.Should().Be(0);
        model.End.Should().Be(3.5, "the audio ends last: 0.5 s + 48000 / 16000 s");
        model.Frames.Should().Equal(1.0, 1.04, 1.1);
        model.Tracks.Select(t => t.Name).Should().Equal("cam", "mic", "doc");
        model.Tracks[1].Items.Should().ContainSingle().Which.Should().Be(new TimelineItem(1.5, 2.0, bark.Colour, bark.Annotation.Id));
        model.Markers.Should().ContainSingle().Which.Should().Be(new TimelineMarker(1.5, 2, open.Id));
    }

    [Fact]
    public void ShapeCodec_RoundTripsBoxesPolygonsAndKeypoints_KeepingTheFrameTime()
    {
        var box = Sample.Annotation("car", Modality.Video, new Box2D(1, 2, 3, 4) { Time = 0.5 });
        var shape = ShapeCodec.ToCanvas(box)!;
        shape.K.Should().Be("box");
        shape.V.Should().Equal(1, 2, 3, 4);

        ShapeCodec.FromCanvas("box", [2, 2, 3, 4], box.Annotation.Geometry).Should().Be(new Box2D(2, 2, 3, 4) { Time = 0.5 });
        ShapeCodec.FromCanvas("polygon", [0, 0, 10, 0, 10, 10]).Should().BeOfType<Polygon>().Which.Points.Should().HaveCount(3);
        ShapeCodec.FromCanvas("polygon", [0, 0, 10, 0]).Should().BeNull("a polygon needs three points");
        var points = ShapeCodec.FromCanvas("points", [1, 1, 2, 2]).Should().BeOfType<Keypoints>().Subject;
        points.Points.Select(p => p.Name).Should().Equal("1", "2");
        ShapeCodec.FromCanvas("box", [double.NaN, 0, 1, 1]).Should().BeNull();
        ShapeCodec.ToCanvas(Sample.Annotation("speech", Modality.Text, new TextSpan(0, 1))).Should().BeNull();
    }

    [Fact]
    public void Shortcuts_LabelHotkeysJoinTheList_UnlessTheyCollideWithAFixedKey()
    {
        var labels = new[]
        {
            new WorkspaceLabel(Guid.NewGuid(), "dog", "#000", "d", []),
            new WorkspaceLabel(Guid.NewGuid(), "lorry", "#000", "L", []),
        };

        var forwarded = Shortcuts.Forwarded(labels);

        forwarded.Should().Contain(["d", "l", "ctrl+z", "ctrl+shift+z", "?", "delete"]);
        forwarded.Should().NotContain("space", "the browser handles the timeline keys itself");
        Shortcuts.For(labels).Where(s => s.Group == "Labels").Select(s => s.Keys).Should().Equal("D");
        Shortcuts.LabelFor(labels, "d")!.Name.Should().Be("dog");
    }
}
