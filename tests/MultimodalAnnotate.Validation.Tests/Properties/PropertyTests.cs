using CsCheck;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Properties;

/// <summary>Properties that must hold for every input, checked on generated items with CsCheck.</summary>
public sealed class PropertyTests
{
    private static readonly ItemValidator Validator = TestOntology.Validator();

    [Fact]
    public void CuboidMovedFurtherSideways_NeverRaisesItsIoU()
    {
        var cuboids = Gen.Select(Gen.Double[8, 40], Gen.Double[-3, 3], Gen.Double[-1, 1], Gen.Double[1, 5], Gen.Double[0.5, 3], Gen.Double[0.5, 2.5], Gen.Double[-Math.PI, Math.PI])
            .Select((x, y, z, l, w, h, yaw) => new Cuboid(new Vec3(x, y, z), new Vec3(l, w, h), yaw));
        Gen.Select(cuboids, Gen.Double[0, 4], Gen.Double[0, 4], Gen.Bool).Sample((cuboid, s1, s2, right) =>
        {
            var (near, far) = s1 <= s2 ? (s1, s2) : (s2, s1);
            var sign = right ? -1 : 1;
            var box = ProjectedBox(cuboid);
            var iouNear = IoU(cuboid with { Center = cuboid.Center with { Y = cuboid.Center.Y + sign * near } }, box);
            var iouFar = IoU(cuboid with { Center = cuboid.Center with { Y = cuboid.Center.Y + sign * far } }, box);
            iouFar.Should().BeLessThanOrEqualTo(iouNear + 1e-9);
        }, iter: 300);
    }

    [Fact]
    public void ShiftingEveryMentionByTheSameOffset_NeverCreatesOrRemovesATemporalFinding()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Double[-0.4, 0.4].Array[18], Gen.Double[-100, 100], Gen.Int[0, 1000]).Sample((entities, jitter, shift, seed) =>
        {
            var item = TimedItem(entities, jitter, seed);
            var shifted = item with { Assets = item.Assets.Select(a => a with { TimeBase = a.TimeBase with { Offset = a.TimeBase.Offset + shift } }).ToList() };

            var before = Temporal(Validator.Validate(item));
            var after = Temporal(Validator.Validate(shifted));

            after.Should().BeEquivalentTo(before);
        }, iter: 200);

        static List<(string, string)> Temporal(IReadOnlyList<Finding> findings) =>
            findings.Where(f => f.Type == FindingType.Temporal).Select(f => (f.RuleCode, f.Key)).ToList();
    }

    [Fact]
    public void EntityBuiltAroundOneEvent_IsNeverOutOfStep()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 1000]).Sample((entities, seed) =>
        {
            var findings = Validator.Validate(TimedItem(entities, new double[18], seed));

            findings.Where(f => f.Type == FindingType.Temporal).Should().BeEmpty(findings.Dump());
        }, iter: 200);
    }

    [Fact]
    public void MentionsNamedBySynonymsInAnyCase_NeverProduceFindings()
    {
        (string Class, string[] Names)[] choices =
        [
            ("dog", ["dog", "hound"]),
            ("cow", ["cow", "cattle"]),
            ("cat", ["cat", "kitty"]),
            ("car", ["car", "automobile"]),
        ];
        Gen.Select(Gen.Int[0, choices.Length - 1], Gen.Int[0, 1].Array[3], Gen.Bool.Array[9]).Sample((c, pick, upper) =>
        {
            string Name(int i) => new([.. choices[c].Names[pick[i]].Select((ch, k) => upper[(i * 3) + (k % 3)] ? char.ToUpperInvariant(ch) : ch)]);
            var b = new ItemBuilder();
            var image = b.Image(at: 0);
            var audio = b.Audio(2, offset: -1);
            var text = b.Text("Something is here.");
            b.Link(
                b.Annotate(image, Name(0), new Box2D(0, 0, 5, 5)),
                b.Annotate(audio, Name(1), new TimeSegment(0.5, 1.5)),
                b.Annotate(text, Name(2), new TextSpan(0, 9)));

            var findings = Validator.Validate(b.Build());

            findings.Should().BeEmpty(findings.Dump());
        }, iter: 200);
    }

    [Fact]
    public void ReorderingAnnotationsAndEntities_KeepsTheSameFindingKeys()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Double[-0.4, 0.4].Array[18], Gen.Int[0, 1000]).Sample((entities, jitter, seed) =>
        {
            var item = TimedItem(entities, jitter, seed);
            var reordered = item with { Annotations = item.Annotations.Reverse().ToList(), Entities = item.Entities.Reverse().ToList() };

            Validator.Validate(reordered).Select(f => f.Key).Should().BeEquivalentTo(Validator.Validate(item).Select(f => f.Key));
        }, iter: 100);
    }

    /// <summary>
    /// A video (variable frame rate), an audio track and timed captions; per entity one event: a box on the video frame
    /// nearest the event, a sound segment around it and a caption cue around that, each moved by its jitter.
    /// </summary>
    private static ItemSnapshot TimedItem(int entities, double[] jitter, int seed)
    {
        var random = new Random(seed);
        var pts = new List<double>();
        for (var t = 0.0; t < 6; t += 0.02 + random.NextDouble() * 0.04)
        {
            pts.Add(Math.Round(t, 3));
        }

        var b = new ItemBuilder();
        var video = b.Video(pts, pts[^1] + 0.05, offset: random.NextDouble());
        var videoOffset = b.Build().Assets[0].TimeBase.Offset;
        var audio = b.Audio(8, offset: videoOffset - 0.5);
        var turns = new List<(double, double, string, string?)>();
        var events = new double[entities];
        for (var e = 0; e < entities; e++)
        {
            events[e] = 1 + e * 0.7 + random.NextDouble() * 0.2;
            turns.Add((events[e] - 0.2 + jitter[3 * e + 2], events[e] + 0.8 + jitter[3 * e + 2], $"a dog number {e}", null));
        }

        var (content, segments) = ItemBuilder.Dialogue([.. turns]);
        var captions = b.TimedText(content, segments, offset: videoOffset);
        for (var e = 0; e < entities; e++)
        {
            var frame = pts.MinBy(p => Math.Abs(p - events[e] - jitter[3 * e]));
            var audioStart = events[e] + 0.5 - 0.1 + jitter[3 * e + 1];
            b.Link(
                b.Annotate(video, "dog", new Box2D(0, 0, 5, 5) { Time = frame }),
                b.Annotate(audio, "dog", new TimeSegment(audioStart, audioStart + 0.6)),
                b.Span(captions, "dog", "dog", segmentIndex: null, occurrence: e));
        }

        return b.Build();
    }

    private static Rect ProjectedBox(Cuboid cuboid)
    {
        var (b, image, cloud) = Rig.Create();
        b.Link(b.Annotate(image, "car", new Box2D(0, 0, 1, 1)), b.Annotate(cloud, "car", cuboid));
        var match = Validator.MatchProjections(b.Build()).Single();
        return new Rect(match.Projected.MinX, match.Projected.MinY, match.Projected.Width, match.Projected.Height);
    }

    private static double IoU(Cuboid cuboid, Rect box)
    {
        var (b, image, cloud) = Rig.Create();
        b.Link(b.Annotate(image, "car", new Box2D(box.X, box.Y, box.W, box.H)), b.Annotate(cloud, "car", cuboid));
        return Validator.MatchProjections(b.Build()).Single().IoU;
    }

    private readonly record struct Rect(double X, double Y, double W, double H);
}
