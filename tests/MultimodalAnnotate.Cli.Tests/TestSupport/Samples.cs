using System.Text.Json.Nodes;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Tests.TestSupport;

/// <summary>Small valid inputs that tests write to files and then break on purpose.</summary>
public static class Samples
{
    public static readonly Guid ImageAsset = Guid.Parse("a1e2c3d4-0001-4b5c-8d6e-7f8091a2b3c4");
    public static readonly Guid TextAsset = Guid.Parse("a1e2c3d4-0002-4b5c-8d6e-7f8091a2b3c4");
    public static readonly Guid BoxAnnotation = Guid.Parse("b7c8d9e0-0001-4f1a-9b2c-3d4e5f607182");
    public static readonly Guid SpanAnnotation = Guid.Parse("b7c8d9e0-0002-4f1a-9b2c-3d4e5f607182");
    public static readonly Guid DogEntity = Guid.Parse("c0d1e2f3-0001-4a5b-8c6d-7e8f90a1b2c3");

    public static JsonObject Project() => new()
    {
        ["format"] = InterchangeJson.FormatId,
        ["ontology"] = new JsonObject
        {
            ["classes"] = new JsonArray(
                new JsonObject { ["name"] = "animal" },
                new JsonObject { ["name"] = "dog", ["parents"] = new JsonArray("animal"), ["forms"] = new JsonArray("dogs") },
                new JsonObject { ["name"] = "cat", ["parents"] = new JsonArray("animal") },
                new JsonObject { ["name"] = "cow", ["parents"] = new JsonArray("animal"), ["synonyms"] = new JsonArray("cattle") }),
            ["disjoint"] = new JsonArray(new JsonObject { ["a"] = "dog", ["b"] = "cat" }),
        },
    };

    /// <summary>An image with a dog box and a caption naming the dog, linked as one entity: clean.</summary>
    public static ItemSnapshot ImageCaption(Guid? id = null) => new(
        id ?? Guid.NewGuid(),
        [
            new AssetSnapshot(ImageAsset, Modality.Image, "camera", new CaptureTime(), Width: 640, Height: 480),
            new AssetSnapshot(TextAsset, Modality.Text, "caption", new Untimed(), Content: "A brown dog runs on the beach."),
        ],
        [
            new AnnotationSnapshot(BoxAnnotation, ImageAsset, "dog", new Dictionary<string, string>(), new Box2D(200, 140, 180, 150)),
            new AnnotationSnapshot(SpanAnnotation, TextAsset, "dog", new Dictionary<string, string>(), new TextSpan(8, 11)),
        ],
        [new EntitySnapshot(DogEntity, "dog #1", [BoxAnnotation, SpanAnnotation])],
        []);

    /// <summary>
    /// A bark heard 0.5 s after the dog is seen opening its mouth, linked as one entity: video segment
    /// [2.0, 2.5) s, audio segment [3.0, 3.5) s, far beyond the 100 ms video-audio tolerance.
    /// </summary>
    public static ItemSnapshot VideoAudioHalfSecondApart(Guid? id = null)
    {
        var video = Guid.NewGuid();
        var audio = Guid.NewGuid();
        var seen = Guid.NewGuid();
        var heard = Guid.NewGuid();
        var frames = Enumerable.Range(0, 250).Select(i => i * 0.04).ToList();
        return new ItemSnapshot(
            id ?? Guid.NewGuid(),
            [
                new AssetSnapshot(video, Modality.Video, "front-camera", new FrameTimes(frames, 10.0), Width: 1280, Height: 720),
                new AssetSnapshot(audio, Modality.Audio, "microphone", new SampleClock(16000, 160000)),
            ],
            [
                new AnnotationSnapshot(seen, video, "dog", new Dictionary<string, string>(), new TimeSegment(2.0, 2.5)),
                new AnnotationSnapshot(heard, audio, "dog", new Dictionary<string, string>(), new TimeSegment(3.0, 3.5)),
            ],
            [new EntitySnapshot(Guid.NewGuid(), "barking dog", [seen, heard])],
            []);
    }

    public static JsonNode ToNode(ItemSnapshot item) => JsonNode.Parse(InterchangeJson.SerializeItem(item))!;
}
