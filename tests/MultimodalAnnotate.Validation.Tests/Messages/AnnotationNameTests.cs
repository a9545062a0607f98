using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Rules;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Messages;

/// <summary>
/// Messages name annotations as "'label' kind on sensor" (<see cref="ItemContext.Describe"/>). The name writes itself
/// into the message it is interpolated into; its text must be the same either way, and a destination too small must
/// be refused, never overrun.
/// </summary>
public sealed class AnnotationNameTests
{
    private const string LongCaption = "A very long caption that goes on well past forty characters about a dog";

    private static readonly CompiledOntology Ontology = CompiledOntology.Compile(TestOntology.Definition);

    public static TheoryData<int, string> Names => new()
    {
        { 0, "'dog' box on cam" },
        { 1, "'car' cuboid on lidar" },
        { 2, "'bark' segment on mic" },
        { 3, "'dog' track on video" },
        { 4, "'dog' frame label on video" },
        { 5, "'dog' label on cam" },
        { 6, "'dog' polygon on cam" },
        { 7, "'dog' span \"the dog\" on text" },
        { 8, "'dog' span \"A very long caption that goes on well p…\" on text" },
        { 9, "'dog' box on ?" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Describe_NamesTheLabelKindAndSensor(int annotation, string expected)
    {
        var context = Prepare();
        try
        {
            context.Describe(annotation).ToString().Should().Be(expected);
            $"[{context.Describe(annotation)}]".Should().Be($"[{expected}]");
        }
        finally
        {
            context.Return();
        }
    }

    [Fact]
    public void Describe_IntoTooSmallADestination_IsRefused()
    {
        var context = Prepare();
        try
        {
            for (var a = 0; a < context.Count; a++)
            {
                var name = context.Describe(a);
                var text = name.ToString();
                var buffer = new char[text.Length + 1];
                buffer[^1] = '#';

                name.TryFormat(buffer.AsSpan(0, text.Length - 1), out _, default, null).Should().BeFalse(text);
                buffer[^1].Should().Be('#');
                name.TryFormat(buffer.AsSpan(0, text.Length), out var written, default, null).Should().BeTrue(text);
                new string(buffer, 0, written).Should().Be(text);
            }
        }
        finally
        {
            context.Return();
        }
    }

    private static ItemContext Prepare()
    {
        var b = new ItemBuilder();
        var cam = b.Image();
        var lidar = b.PointCloud();
        var mic = b.Audio(5);
        var video = b.Video([0, 0.5, 1], 1.5);
        var text = b.Text("We saw the dog. " + LongCaption);
        b.Annotate(cam, "dog", new Box2D(0, 0, 10, 10));
        b.Annotate(lidar, "car", new Cuboid(new Vec3(5, 0, 0), new Vec3(4, 2, 1.5), 0));
        b.Annotate(mic, "bark", new TimeSegment(1, 2));
        b.Annotate(video, "dog", new Track([new TrackKeyframe(0, new Box2D(0, 0, 5, 5))]));
        b.Annotate(video, "dog", new Classification { Time = 0.5 });
        b.Annotate(cam, "dog", new Classification());
        b.Annotate(cam, "dog", new Polygon([new Point2(0, 0), new Point2(1, 0), new Point2(0, 1)]));
        b.Span(text, "dog", "the dog");
        b.Span(text, "dog", LongCaption);
        b.Annotate(b.NewId(), "dog", new Box2D(0, 0, 1, 1));
        var context = ItemContext.Rent();
        context.Prepare(b.Build(), Ontology, new CompiledPolicy(ValidationPolicy.Default, Ontology));
        return context;
    }
}
