using System.Text.Json;
using CsCheck;
using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Tests;

/// <summary>Any valid snapshot survives the interchange format: the schema accepts it and it reads back equal.</summary>
public sealed class InterchangePropertyTests
{
    private static readonly Gen<double> Coordinate = Gen.Double[-1e6, 1e6];
    private static readonly Gen<double> NonNegative = Gen.Double[0, 1e6];
    private static readonly Gen<string?> MaybeText =
        Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.String[Gen.Char, 0, 30].Select(t => (string?)t)));
    private static readonly Gen<double?> MediaTime = Gen.Double[0, 3600].Nullable();

    private static readonly Gen<Geometry> Box =
        Gen.Select(Coordinate, Coordinate, NonNegative, NonNegative, MediaTime, (x, y, w, h, t) => (Geometry)new Box2D(x, y, w, h) { Time = t });

    private static readonly Gen<Geometry> Cube =
        Gen.Select(Coordinate, Coordinate, Coordinate, NonNegative, NonNegative, NonNegative, Gen.Double[-Math.PI, Math.PI],
            (x, y, z, l, w, h, yaw) => (Geometry)new Cuboid(new Vec3(x, y, z), new Vec3(l, w, h), yaw));

    private static readonly Gen<Geometry> AnyGeometry = Gen.OneOf(
        Box,
        Cube,
        Gen.Select(Coordinate, Coordinate).Array[3, 8].Select(ps => (Geometry)new Polygon(ps.Select(p => new Point2(p.Item1, p.Item2)).ToList())),
        Gen.Int[0, 1000].Array[0, 12].Select(Gen.Int[1, 4096], Gen.Int[1, 4096], (c, w, h) => (Geometry)new Mask(w, h, c)),
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 8], Coordinate, Coordinate, Gen.Bool)
            .Array[1, 5].Select(k => (Geometry)new Keypoints(k.Select(p => new Keypoint(p.Item1, p.Item2, p.Item3, p.Item4)).ToList())),
        Gen.Select(NonNegative, NonNegative, (a, b) => (Geometry)new TimeSegment(Math.Min(a, b), Math.Max(a, b))),
        Gen.Select(Gen.Int[0, 10000], Gen.Int[0, 10000], Gen.Int[0, 50].Nullable(), (a, b, s) => (Geometry)new TextSpan(a, b, s)),
        Gen.Select(Gen.Double[0, 60], Gen.OneOf(Box, Cube), Gen.Bool, (at, shape, outside) => new TrackKeyframe(at, shape, outside))
            .Array[1, 4].Select(k => (Geometry)new Track(k)),
        MediaTime.Select(t => (Geometry)new Classification { Time = t }));

    private static readonly Gen<TimeBase> AnyTimeBase = Gen.OneOf(
        Coordinate.Select(o => (TimeBase)new CaptureTime { Offset = o }),
        Gen.Select(Gen.Double[0, 100].Array[1, 20], NonNegative, Coordinate,
            (p, d, o) => (TimeBase)new FrameTimes(p.Order().ToList(), d) { Offset = o }),
        Gen.Select(Gen.Int[1, 192000], Gen.Long[0, long.MaxValue], (r, c) => (TimeBase)new SampleClock(r, c)),
        Gen.Select(NonNegative, NonNegative, Gen.Int[0, 1000], Gen.Int[0, 1000], MaybeText,
            (s, e, cs, ce, speaker) => new TextSegment(s, e, cs, ce, speaker)).Array[0, 4].Select(s => (TimeBase)new TimedSegments(s)),
        Gen.Const((TimeBase)new Untimed()));

    private static readonly Gen<ItemSnapshot> AnyItem =
        Gen.Select(AnyTimeBase, AnyGeometry.Array[0, 6], MaybeText, (timeBase, geometries, content) =>
        {
            var asset = new AssetSnapshot(Guid.NewGuid(), Modality.Video, "sensor", timeBase, Content: content);
            var annotations = geometries
                .Select(g => new AnnotationSnapshot(Guid.NewGuid(), asset.Id, "dog", new Dictionary<string, string> { ["k"] = "v" }, g))
                .ToList();
            return new ItemSnapshot(Guid.NewGuid(), [asset], annotations,
                [new EntitySnapshot(Guid.NewGuid(), "e", annotations.Select(a => a.Id).ToList())], []);
        });

    [Fact]
    public void RoundTrip_AnyValidItem_SchemaAcceptsAndReadsBackEqual()
    {
        AnyItem.Sample(item =>
        {
            using var document = JsonDocument.Parse(InterchangeJson.SerializeItem(item, indented: false));
            InterchangeSchema.Item.Check(document.RootElement, "$").Should().BeEmpty();
            InterchangeJson.DeserializeItem(document.RootElement)
                .Should().BeEquivalentTo(item, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        }, iter: 150);
    }
}
