using System.Globalization;
using System.Text;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Benchmarks.Validation;

/// <summary>
/// A realistic street-scene item for benchmarks: 5 assets (calibrated camera image, LiDAR sweep, 30 s variable-frame-rate
/// video, audio track, timed captions), 300 annotations in 100 entities, and a 60-class ontology with synonyms, forms,
/// disjoint branches and a colour taxonomy. About one entity in twelve carries a deliberate error so that findings (and
/// their messages) are part of the measured work.
/// </summary>
public static class RealisticItem
{
    private static readonly string[] Vehicles = ["car", "truck", "bus", "van", "motorcycle", "bicycle", "tram", "police car", "taxi", "ambulance", "pickup", "scooter"];
    private static readonly string[] People = ["pedestrian", "cyclist", "child", "driver", "police officer", "runner"];
    private static readonly string[] Animals = ["dog", "puppy", "cat", "kitten", "bird", "pigeon", "crow", "horse", "cow", "sheep"];
    private static readonly string[] Colours = ["red", "blue", "navy", "white", "black", "grey", "green", "yellow", "silver", "maroon"];

    public static OntologyDefinition Ontology { get; } = BuildOntology();

    public static ValidationPolicy Policy { get; } = ValidationPolicy.Default with
    {
        RequiredTextMentionClasses = ["vehicle", "animal"],
        VisualSourceClasses = ["vehicle", "animal"],
    };

    private static OntologyDefinition BuildOntology()
    {
        OntologyClassDefinition C(string name, string? parent = null, string[]? synonyms = null, string[]? forms = null) =>
            new(name, parent is null ? [] : [parent], synonyms ?? [], forms ?? []);
        var classes = new List<OntologyClassDefinition>
        {
            C("vehicle"), C("car", "vehicle", ["automobile"]), C("truck", "vehicle", ["lorry"]), C("bus", "vehicle", ["coach"]),
            C("van", "vehicle"), C("motorcycle", "vehicle", ["motorbike"]), C("bicycle", "vehicle", ["bike"]), C("tram", "vehicle", ["streetcar"]),
            C("police car", "car", ["patrol car"]), C("taxi", "car", ["cab"]), C("ambulance", "van"), C("pickup", "truck", ["pickup truck"]),
            C("scooter", "motorcycle"),
            C("person", null, ["human"], ["people", "men", "women"]), C("pedestrian", "person", ["walker"]), C("cyclist", "person", ["biker"]),
            C("child", "person", ["kid"], ["children"]), C("driver", "person"), C("police officer", "person", ["cop"]), C("runner", "person", ["jogger"]),
            C("animal"), C("dog", "animal", ["hound"], ["doggy"]), C("puppy", "dog", [], ["pup"]), C("cat", "animal", ["kitty"]), C("kitten", "cat"),
            C("bird", "animal"), C("pigeon", "bird", ["dove"]), C("crow", "bird", ["raven"]), C("horse", "animal", ["pony"]), C("cow", "animal", ["cattle"]),
            C("sheep", "animal", [], ["lamb"]),
            C("object"), C("traffic light", "object", ["stop light"]), C("stop sign", "object"), C("tree", "object"), C("bench", "object"),
            C("bag", "object"), C("backpack", "bag", ["rucksack"]), C("umbrella", "object"), C("ball", "object"), C("bottle", "object"),
            C("cup", "object", ["mug"]), C("chair", "object"), C("table", "object"), C("phone", "object", ["cellphone"]), C("laptop", "object"),
            C("sign", "object"),
            C("sound"), C("speech", "sound"), C("bark", "sound"), C("meow", "sound"), C("horn", "sound", ["honk"]), C("engine", "sound"),
            C("siren", "sound"), C("music", "sound"), C("footsteps", "sound"), C("rain", "sound"), C("applause", "sound"), C("laughter", "sound"),
            C("whistle", "sound"),
        };
        return new OntologyDefinition(
            classes,
            [new("vehicle", "person"), new("vehicle", "animal"), new("person", "animal"), new("object", "animal"), new("object", "vehicle"), new("dog", "cat"), new("bird", "dog")],
            [new("colour", AttributeKind.Colour, []), new("moving", AttributeKind.Boolean, []), new("occluded", AttributeKind.Enumeration, ["0", "1", "2"])],
            [
                new("red", null, "#ff0000"), new("maroon", "red", "#800000"), new("blue", null, "#0000ff"), new("navy", "blue", "#000080"),
                new("sky blue", "blue", "#87ceeb"), new("green", null, "#008000"), new("olive", "green", "#808000"), new("teal", null, "#008080"),
                new("white", null, "#ffffff"), new("black", null, "#000000"), new("grey", null, "#808080"), new("silver", "grey", "#c0c0c0"),
                new("yellow", null, "#ffff00"), new("orange", null, "#ffa500"), new("brown", null, "#a52a2a"), new("purple", null, "#800080"),
                new("pink", null, "#ffc0cb"), new("beige", "brown", "#f5f5dc"), new("gold", "yellow", "#ffd700"), new("cyan", null, "#00ffff"),
            ]);
    }

    /// <summary>Builds one item; different seeds give different (equally sized) items.</summary>
    public static ItemSnapshot Create(int seed)
    {
        var random = new Random(seed);
        var idBytes = new byte[16];
        Guid Id()
        {
            // Random (version 4 style) ids, reproducible per seed.
            random.NextBytes(idBytes);
            return new Guid(idBytes);
        }

        // Video: 30 s at a variable frame rate (~30 fps with jitter and drops).
        var pts = new List<double>();
        for (var t = 0.0; t < 30; t += (random.NextDouble() < 0.05 ? 0.066 : 0.033) + (random.NextDouble() * 0.002))
        {
            pts.Add(Math.Round(t, 4));
        }

        double[] camera = [0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, -0.3, 0, 0, 0, 1];
        var intrinsics = new CameraIntrinsics(1000, 1000, 960, 540, 1920, 1080);
        var imageId = Id();
        var cloudId = Id();
        var videoId = Id();
        var audioId = Id();
        var textId = Id();
        var annotations = new List<AnnotationSnapshot>(300);
        var entities = new List<EntitySnapshot>(100);
        var text = new StringBuilder();
        var segments = new List<TextSegment>();
        var spans = new List<(int Start, int End, int Segment)>();

        // Captions: one cue per entity around the entity's moment, naming its object (mostly without a count) and colour.
        var colours = new string[100];
        for (var e = 0; e < 100; e++)
        {
            var (cls, kind) = ClassOf(e);
            colours[e] = Colours[random.Next(Colours.Length)];
            var cueStart = text.Length;
            var prefix = random.Next(4) switch { 0 => "One ", _ => "The " };
            text.Append(prefix).Append(colours[e]).Append(' ');
            var start = text.Length;
            text.Append(cls);
            var end = text.Length;
            text.Append(random.Next(3) switch { 0 => " moves along the street.", 1 => " stands near the corner.", _ => " passes the camera slowly." });
            var time = MomentOf(e);
            var (cueFrom, cueTo) = kind == 0 ? (CaptureTime - 0.4, CaptureTime + 0.6) : (time - 0.3, time + 1.6);
            segments.Add(new TextSegment(cueFrom, cueTo, cueStart, text.Length));
            spans.Add((start, end, e));
            text.Append('\n');
        }

        for (var e = 0; e < 100; e++)
        {
            var (cls, kind) = ClassOf(e);
            var faulty = e % 12 == 5;
            var colour = colours[e];
            var attrs = new Dictionary<string, string> { ["colour"] = colour, ["moving"] = random.Next(2) == 0 ? "true" : "false" };
            var mentions = new Guid[3];
            var time = MomentOf(e);
            var frame = pts[FrameAt(pts, time)];
            switch (kind)
            {
                case 0:
                {
                    // Camera image + LiDAR cuboid + caption: the cuboid projects onto its box.
                    var x = 8 + random.NextDouble() * 40;
                    var y = (random.NextDouble() - 0.5) * x * 0.8;
                    var size = new Vec3(3 + random.NextDouble() * 2, 1.6 + random.NextDouble() * 0.4, 1.4 + random.NextDouble() * 0.6);
                    var cuboid = new Cuboid(new Vec3(x, y, -1 + size.Z / 2), size, (random.NextDouble() - 0.5) * 0.4);
                    var box = Project(cuboid, camera, intrinsics);
                    if (faulty)
                    {
                        box = box with { X = box.X + box.Width * 0.7 };
                    }

                    mentions[0] = Add(imageId, cls, box, attrs);
                    mentions[1] = Add(cloudId, cls, cuboid, attrs);
                    break;
                }

                case 1:
                {
                    // Video box on a real frame + audio segment around it.
                    mentions[0] = Add(videoId, cls, new Box2D(random.Next(1800), random.Next(1000), 80, 60) { Time = faulty ? frame + 0.011 : frame }, attrs);
                    mentions[1] = Add(audioId, cls, new TimeSegment(Math.Max(0, frame - 0.2), frame + 0.4), new Dictionary<string, string> { ["moving"] = attrs["moving"] });
                    break;
                }

                default:
                {
                    // Video track over a few frames + a second track keyframe set; labels may drift.
                    var k = Math.Min(pts.Count - 40, FrameAt(pts, time));
                    var track = new Track([
                        new TrackKeyframe(pts[k], new Box2D(100, 100, 50, 50)),
                        new TrackKeyframe(pts[k + 10], new Box2D(120, 100, 50, 50)),
                        new TrackKeyframe(pts[k + 30], new Box2D(160, 110, 50, 50)),
                    ]);
                    mentions[0] = Add(videoId, cls, track, attrs);
                    mentions[1] = Add(videoId, faulty ? "cat" : cls, new TimeSegment(pts[k], pts[k + 30]), attrs);
                    break;
                }
            }

            var (s0, s1, seg) = spans[e];
            mentions[2] = Add(textId, cls, new TextSpan(s0, s1), new Dictionary<string, string> { ["colour"] = faulty ? "teal" : colour });
            entities.Add(new EntitySnapshot(Id(), $"{cls} #{e}", mentions));
            _ = seg;
        }

        var assets = new List<AssetSnapshot>
        {
            new(imageId, Modality.Image, "cam_front", new CaptureTime { Offset = CaptureTime }, new Calibration(camera, intrinsics), 1920, 1080),
            new(cloudId, Modality.PointCloud, "lidar_top", new CaptureTime { Offset = CaptureTime + 0.01 }, new Calibration(Calibration.Identity)),
            new(videoId, Modality.Video, "dashcam", new FrameTimes(pts, 30.0), null, 1920, 1080),
            new(audioId, Modality.Audio, "mic", new SampleClock(48000, 48000L * 31)),
            new(textId, Modality.Text, "captions", new TimedSegments(segments), Content: text.ToString()),
        };
        return new ItemSnapshot(Id(), assets, annotations, entities, []);

        Guid Add(Guid asset, string label, Geometry geometry, IReadOnlyDictionary<string, string> attributes)
        {
            var id = Id();
            // Each annotation has its own attribute map, of the type the store and the JSON reader build.
            annotations.Add(new AnnotationSnapshot(id, asset, label, AttributeDictionary.From(attributes), geometry));
            return id;
        }
    }

    /// <summary>The camera image and the LiDAR sweep are captured 15 s into the clip.</summary>
    private const double CaptureTime = 15.0;

    /// <summary>When entity <paramref name="e"/>'s event happens on the shared timeline (video, audio and captions share it).</summary>
    private static double MomentOf(int e) => 0.5 + (e * 0.28);

    private static int FrameAt(List<double> pts, double time)
    {
        var i = pts.BinarySearch(time);
        return Math.Clamp(i >= 0 ? i : ~i, 0, pts.Count - 1);
    }

    private static (string Class, int Kind) ClassOf(int e) => (e % 10) switch
    {
        < 4 => (e % 2 == 0 ? Vehicles[e % Vehicles.Length] : People[e % People.Length], 0),
        < 7 => (Animals[e % Animals.Length], 1),
        _ => (Vehicles[(e * 7) % Vehicles.Length], 2),
    };

    /// <summary>The projected box of a cuboid for the benchmark camera (enough precision for a matching 2D box).</summary>
    private static Box2D Project(Cuboid c, double[] cameraToLidar, CameraIntrinsics k)
    {
        double minU = double.MaxValue, minV = double.MaxValue, maxU = double.MinValue, maxV = double.MinValue;
        var (sin, cos) = Math.SinCos(c.Yaw);
        foreach (var (sx, sy, sz) in new[] { (1, 1, 1), (1, 1, -1), (1, -1, 1), (1, -1, -1), (-1, 1, 1), (-1, 1, -1), (-1, -1, 1), (-1, -1, -1) })
        {
            var lx = sx * c.Size.X / 2;
            var ly = sy * c.Size.Y / 2;
            var px = c.Center.X + cos * lx - sin * ly;
            var py = c.Center.Y + sin * lx + cos * ly;
            var pz = c.Center.Z + sz * c.Size.Z / 2;
            // lidar -> camera is the inverse of cameraToLidar (a rotation plus a -0.3 m z offset of the camera).
            var camX = -py;
            var camY = -(pz - cameraToLidar[11]);
            var camZ = px;
            var u = k.Fx * camX / camZ + k.Cx;
            var v = k.Fy * camY / camZ + k.Cy;
            (minU, maxU, minV, maxV) = (Math.Min(minU, u), Math.Max(maxU, u), Math.Min(minV, v), Math.Max(maxV, v));
        }

        minU = Math.Clamp(minU, 0, k.Width);
        maxU = Math.Clamp(maxU, 0, k.Width);
        minV = Math.Clamp(minV, 0, k.Height);
        maxV = Math.Clamp(maxV, 0, k.Height);
        return new Box2D(minU, minV, maxU - minU, maxV - minV);
    }

    /// <summary>A short description for the benchmark log.</summary>
    public static string Describe(ItemSnapshot item) => string.Create(
        CultureInfo.InvariantCulture,
        $"{item.Assets.Count} assets, {item.Annotations.Count} annotations, {item.Entities.Count} entities, {Ontology.Classes.Count} classes");
}
