using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>Writes the demo items (assets, annotations, entities) into the context; the caller saves.</summary>
internal sealed class DemoItemWriter(AppDbContext db, Guid projectId, IReadOnlyDictionary<string, Guid> classes, string author, DateTimeOffset now)
{
    public Item StreetItem(Batch batch, DemoMediaSet media, bool planted, ItemStatus status)
    {
        var item = NewItem(batch, "Street crossing", status);
        var camera = AddAsset(item, Modality.Image, "cam_front", new CaptureTime { Offset = 0.0 }, media.StreetImageKey, "image/png", media.StreetImageBytes,
            DemoScene.CameraCalibration, DemoScene.ImageWidth, DemoScene.ImageHeight);
        // Planted: the sweep is 120 ms away from the camera frame (policy: 50 ms).
        var lidar = AddAsset(item, Modality.PointCloud, "lidar_top", new CaptureTime { Offset = planted ? 0.12 : 0.02 }, media.LidarKey, "application/x-kitti-bin", media.LidarBytes,
            DemoScene.LidarCalibration);
        var text = planted
            ? "A red car waits at the crossing while a cat walks past."
            : "A red car waits at the crossing while a dog and a person walk past.";
        var caption = AddText(item, "caption", text, new Untimed());

        foreach (var o in media.Scene)
        {
            var cuboid = o.Box;
            if (planted && o.Label == "car")
            {
                // Planted: the car's cuboid is 1.5 m to the side of where the camera sees it.
                cuboid = cuboid with { Center = cuboid.Center with { Y = cuboid.Center.Y + 1.5 } };
            }
            var mentions = new List<Annotation> { Add(item, lidar, o.Label, cuboid) };
            if (!(planted && o.Label == "pedestrian"))
            {
                var attributes = o.Label == "car" ? new Dictionary<string, string> { ["colour"] = "red" } : null;
                mentions.Add(Add(item, camera, o.Label, DemoScene.Project(o.Box), attributes));
            }
            var word = o.Label switch { "car" => "red car", "pedestrian" => "person", _ => o.Label };
            var at = text.IndexOf(word, StringComparison.Ordinal);
            if (at < 0 && planted && o.Label == "dog")
            {
                // Planted: the caption calls the dog a cat.
                at = text.IndexOf("cat", StringComparison.Ordinal);
                mentions.Add(Add(item, caption, "cat", new TextSpan(at, at + 3)));
            }
            else if (at >= 0)
            {
                mentions.Add(Add(item, caption, o.Label == "pedestrian" ? "person" : o.Label, new TextSpan(at, at + word.Length),
                    o.Label == "car" ? new Dictionary<string, string> { ["colour"] = "red" } : null));
            }
            Link(item, $"{o.Label} #1", mentions);
        }
        return item;
    }

    public Item YardItem(Batch batch, DemoMediaSet media, bool planted, ItemStatus status)
    {
        var item = NewItem(batch, "Dog barking in the yard", status);
        var video = AddAsset(item, Modality.Video, "cam_yard", media.YardFrames, media.YardVideoKey, "video/mp4", media.YardVideoBytes,
            width: 320, height: 240, duration: media.YardFrames.Duration);
        var mic = AddAsset(item, Modality.Audio, "mic", media.YardMicClock, media.YardMicKey, "audio/wav", media.YardMicBytes,
            duration: (double)media.YardMicClock.SampleCount / media.YardMicClock.SampleRate);
        var cues = new List<(double Start, double End, string Text)>
        {
            (0.0, 1.8, "A brown dog runs across the yard."),
            planted ? (3.3, 3.9, "The dog barks at the gate.") : (2.5, 3.6, "The dog barks at the gate."),
        };
        var (content, segments) = Join(cues.Select(c => (c.Start, c.End, (string?)null, c.Text)));
        var captions = AddText(item, "captions", content, new TimedSegments(segments));

        // The brown box in the video moves at 40 px/s from x = 40; label it on a real frame at 1.0 s.
        var frame = media.YardFrames.PresentationTimes.First(t => t >= 1.0);
        var dogBox = Add(item, video, "dog", new Box2D(Math.Round(40 + (40 * frame), 1), 140, 70, 45) { Time = frame });
        var dogWord = content.IndexOf("dog", StringComparison.Ordinal);
        var dogSpan = Add(item, captions, "dog", new TextSpan(dogWord, dogWord + 3), new Dictionary<string, string> { ["colour"] = "brown" });
        Link(item, "dog #1", [dogBox, dogSpan]);

        var bark1 = Add(item, mic, "bark", new TimeSegment(1.0, 1.3));
        var bark2 = Add(item, mic, "bark", new TimeSegment(2.6, 2.9));
        var barksAt = content.IndexOf("barks", StringComparison.Ordinal);
        var barkSpan = Add(item, captions, "bark", new TextSpan(barksAt, barksAt + 5));
        Link(item, "bark at the gate", [bark2, barkSpan]);
        Link(item, "first bark", [bark1]);
        if (planted)
        {
            // Planted granularity mismatch: a clip-level audio label linked to a frame-level video label.
            var clipLabel = Add(item, mic, "dog", new Classification());
            var frameLabel = Add(item, video, "dog", new Classification { Time = frame });
            Link(item, "dog (whole clip)", [clipLabel, frameLabel]);
        }
        return item;
    }

    public Item KitchenItem(Batch batch, DemoMediaSet media, bool planted, ItemStatus status)
    {
        var item = NewItem(batch, "Kitchen conversation", status);
        var audio = AddAsset(item, Modality.Audio, "mic", media.KitchenClock, media.KitchenKey, "audio/wav", media.KitchenBytes,
            duration: (double)media.KitchenClock.SampleCount / media.KitchenClock.SampleRate);
        var turns = new List<(double, double, string?, string)>
        {
            (0.2, 2.5, "A", "A: Could you pass me the red cup?"),
            (3.0, 5.5, "B", "B: Sure, here is the navy one."),
        };
        var (content, segments) = Join(turns);
        var dialogue = AddText(item, "dialogue", content, new TimedSegments(segments));
        for (var i = 0; i < segments.Count; i++)
        {
            var seg = segments[i];
            // Planted: the second speaker's audio segment starts 0.9 s before the transcript turn.
            var shift = planted && i == 1 ? -0.9 : 0.0;
            var speech = Add(item, audio, "speech", new TimeSegment(seg.Start + shift, Math.Min(seg.End + shift, 5.95)),
                new Dictionary<string, string> { ["speaker"] = seg.Speaker! });
            var turn = Add(item, dialogue, "speech", new TextSpan(seg.CharStart, seg.CharEnd, i),
                new Dictionary<string, string> { ["speaker"] = seg.Speaker!, ["sentiment"] = i == 0 ? "neutral" : "positive" });
            Link(item, $"turn {i + 1} ({seg.Speaker})", [speech, turn]);
        }
        return item;
    }

    private static (string Content, List<TextSegment> Segments) Join(IEnumerable<(double Start, double End, string? Speaker, string Text)> parts)
    {
        var content = "";
        var segments = new List<TextSegment>();
        foreach (var (start, end, speaker, text) in parts)
        {
            if (content.Length > 0)
            {
                content += "\n";
            }
            segments.Add(new TextSegment(start, end, content.Length, content.Length + text.Length, speaker));
            content += text;
        }
        return (content, segments);
    }

    private Item NewItem(Batch batch, string name, ItemStatus status)
    {
        var item = new Item { ProjectId = projectId, BatchId = batch.Id, Name = $"{name} · iteration {batch.Iteration}", Status = status, CreatedAt = now, UpdatedAt = now };
        db.Items.Add(item);
        return item;
    }

    private Asset AddAsset(Item item, Modality modality, string sensor, TimeBase timeBase, string? key, string? contentType, long size,
        Calibration? calibration = null, int? width = null, int? height = null, double? duration = null)
    {
        var asset = new Asset
        {
            ItemId = item.Id,
            Modality = modality,
            Sensor = sensor,
            TimeBase = timeBase,
            MediaKey = key,
            // Media files go through the processing job like uploads; until it has run they are pending.
            Status = key is null ? AssetStatus.Ready : AssetStatus.Pending,
            OriginalFileName = key is null ? null : Path.GetFileName(key),
            ContentType = contentType,
            SizeBytes = size,
            Calibration = calibration,
            Width = width,
            Height = height,
            Duration = duration,
            SortOrder = item.Assets.Count,
            CreatedAt = now,
        };
        item.Assets.Add(asset);
        return asset;
    }

    private Asset AddText(Item item, string sensor, string content, TimeBase timeBase)
    {
        var asset = AddAsset(item, Modality.Text, sensor, timeBase, null, "text/plain", content.Length);
        asset.TextContent = content;
        return asset;
    }

    private Annotation Add(Item item, Asset asset, string label, Geometry geometry, Dictionary<string, string>? attributes = null)
    {
        var (start, end, granularity) = AnnotationDerivation.Derive(asset, geometry);
        var annotation = new Annotation
        {
            ItemId = item.Id,
            AssetId = asset.Id,
            ClassId = classes[label],
            Attributes = attributes ?? [],
            Geometry = geometry,
            GeometryKind = GeometryCheck.KindOf(geometry),
            TimeStart = start,
            TimeEnd = end,
            Granularity = granularity,
            AuthorId = author,
            UpdatedById = author,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Annotations.Add(annotation);
        return annotation;
    }

    private void Link(Item item, string name, IReadOnlyList<Annotation> mentions)
    {
        var entity = new Entity { ItemId = item.Id, Name = name, CreatedAt = now, UpdatedAt = now };
        db.Entities.Add(entity);
        foreach (var m in mentions)
        {
            m.EntityId = entity.Id;
        }
    }
}
