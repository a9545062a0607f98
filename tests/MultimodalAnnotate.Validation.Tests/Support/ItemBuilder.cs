using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Support;

/// <summary>Builds item snapshots for tests: assets, annotations, entities, relations.</summary>
public sealed class ItemBuilder
{
    private readonly List<AssetSnapshot> _assets = [];
    private readonly List<AnnotationSnapshot> _annotations = [];
    private readonly List<EntitySnapshot> _entities = [];
    private readonly List<RelationSnapshot> _relations = [];
    private int _next = 1;

    public Guid NewId() => new(_next++, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    public Guid Asset(Modality modality, string sensor, TimeBase timeBase, Calibration? calibration = null, int? width = null, int? height = null, string? content = null)
    {
        var id = NewId();
        _assets.Add(new AssetSnapshot(id, modality, sensor, timeBase, calibration, width, height, content));
        return id;
    }

    public Guid Image(string sensor = "cam", double at = 0, Calibration? calibration = null, int width = 640, int height = 480) =>
        Asset(Modality.Image, sensor, new CaptureTime { Offset = at }, calibration, width, height);

    public Guid Video(IReadOnlyList<double> pts, double duration, double offset = 0, string sensor = "video", Calibration? calibration = null) =>
        Asset(Modality.Video, sensor, new FrameTimes(pts, duration) { Offset = offset }, calibration, 640, 480);

    public Guid Audio(double seconds, double offset = 0, string sensor = "mic", int rate = 16000) =>
        Asset(Modality.Audio, sensor, new SampleClock(rate, (long)(seconds * rate)) { Offset = offset });

    public Guid Text(string content, string sensor = "text") => Asset(Modality.Text, sensor, new Untimed(), content: content);

    public Guid TimedText(string content, IReadOnlyList<TextSegment> segments, double offset = 0, string sensor = "captions") =>
        Asset(Modality.Text, sensor, new TimedSegments(segments) { Offset = offset }, content: content);

    public Guid PointCloud(double at = 0, string sensor = "lidar", Calibration? calibration = null) =>
        Asset(Modality.PointCloud, sensor, new CaptureTime { Offset = at }, calibration ?? new Calibration(Calibration.Identity));

    public Guid Annotate(Guid asset, string label, Model.Geometry geometry, params (string Key, string Value)[] attributes)
    {
        var id = NewId();
        _annotations.Add(new AnnotationSnapshot(id, asset, label, attributes.ToDictionary(a => a.Key, a => a.Value), geometry));
        return id;
    }

    /// <summary>A span over the first occurrence of <paramref name="words"/> in the text asset's content.</summary>
    public Guid Span(Guid textAsset, string label, string words, int? segmentIndex = null, int occurrence = 0, params (string Key, string Value)[] attributes)
    {
        var content = _assets.Single(a => a.Id == textAsset).Content!;
        var start = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            start = content.IndexOf(words, start + 1, StringComparison.Ordinal);
        }

        start.Should().BeGreaterThanOrEqualTo(0, $"'{words}' occurs in the text");
        return Annotate(textAsset, label, new TextSpan(start, start + words.Length, segmentIndex), attributes);
    }

    public Guid Link(params Guid[] mentions) => LinkNamed(null, mentions);

    public Guid LinkNamed(string? name, params Guid[] mentions)
    {
        var id = NewId();
        _entities.Add(new EntitySnapshot(id, name, mentions));
        return id;
    }

    public Guid Relate(string type, Guid from, Guid to)
    {
        var id = NewId();
        _relations.Add(new RelationSnapshot(id, type, from, to));
        return id;
    }

    public ItemSnapshot Build() => new(NewId(), [.. _assets], [.. _annotations], [.. _entities], [.. _relations]);

    /// <summary>Text segments from (start, end, text, speaker) tuples joined by newlines, with their character ranges.</summary>
    public static (string Content, IReadOnlyList<TextSegment> Segments) Dialogue(params (double Start, double End, string Text, string? Speaker)[] turns)
    {
        var content = new System.Text.StringBuilder();
        var segments = new List<TextSegment>();
        foreach (var (start, end, text, speaker) in turns)
        {
            if (content.Length > 0)
            {
                content.Append('\n');
            }

            var charStart = content.Length;
            content.Append(text);
            segments.Add(new TextSegment(start, end, charStart, content.Length, speaker));
        }

        return (content.ToString(), segments);
    }
}
