using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>What the rules need to know about one asset, computed once per validation.</summary>
internal struct AssetInfo
{
    public AssetSnapshot Asset;
    public bool HasRange;
    public TimeExtent Range;

    /// <summary>The asset's range in its own media seconds (<see cref="TimeExtents.MediaRange"/>; null when it has none), read once per validation.</summary>
    public TimeExtent? MediaRange;
    public bool IsCamera;
    public CameraModel Camera;
    public Matrix4 SensorToCommon;
    public int TermStart;
    public int TermEnd;
    public Timing.SegmentLookup? Segments;
    public bool IsDialogue;

    public readonly Modality Modality => Asset.Modality;

    public readonly double Offset => Asset.TimeBase.Offset;

    public readonly string Name => string.IsNullOrEmpty(Asset.Sensor) ? Asset.Modality.ToString() : Asset.Sensor;
}

/// <summary>
/// The per-validation working set: indexes over the item's assets, annotations and entities plus derived facts
/// (class ids, granularities, time extents, text term matches, cached projections). Reused per thread so that a
/// validation allocates little more than its findings.
/// </summary>
internal sealed class ItemContext
{
    [ThreadStatic]
    private static ItemContext? s_cached;

    private readonly GuidIndex _index = new();
    private readonly Dictionary<long, ProjectedCuboid> _projections = [];
    private Matrix4[] _toCamera = new Matrix4[64];
    private bool[] _toCameraReady = new bool[64];
    private int[] _seen = new int[64];
    private string?[] _strings = new string?[64];
    private readonly int[][] _intScratch = [new int[64], new int[64], new int[64]];
    private string?[] _attributeValues = new string?[256];
    private bool[] _attributesRead = new bool[64];

    public ItemSnapshot Item { get; private set; } = null!;

    public CompiledOntology Ontology { get; private set; } = null!;

    public CompiledPolicy Compiled { get; private set; } = null!;

    public ValidationPolicy Policy => Compiled.Policy;

    public List<Finding>? Findings { get; private set; }

    public AssetInfo[] Assets = new AssetInfo[8];
    public int AssetCount;

    public AnnotationSnapshot[] Annotations = new AnnotationSnapshot[64];
    public int[] AssetOf = new int[64];
    public int[] ClassOf = new int[64];
    public Granularity[] GranularityOf = new Granularity[64];
    public TimeExtent[] Extent = new TimeExtent[64];
    public bool[] HasExtent = new bool[64];
    public int[] EntityOf = new int[64];

    /// <summary>Per annotation: bit (1 &lt;&lt; modality) set for every modality some entity holding it also mentions.</summary>
    public byte[] LinkedModalities = new byte[64];
    public int Count;

    public int EntityCount;
    public int[] EntityStart = new int[65];
    public int[] Mentions = new int[128];
    public EntitySnapshot[] Entities = new EntitySnapshot[64];

    public readonly List<TermMatch> Terms = [];

    /// <summary>The 2D↔3D pairs of the item (see <see cref="CrossSensor"/>), filled once per validation.</summary>
    public readonly List<CameraPair> Pairs = [];

    /// <summary>Resolved colour attributes, one slot per (colour attribute, annotation): the value, its term id (-1 literal #rrggbb, -2 unknown) and Lab.</summary>
    public string?[] ColourValue = new string?[64];
    public int[] ColourTerm = new int[64];
    public LabColour[] ColourLab = new LabColour[64];

    public bool HasTextAsset;

    /// <summary>What <see cref="TouchObjects"/> read (kept so that its reads are not optimised away).</summary>
    public int Touched;

    public static ItemContext Rent()
    {
        var context = s_cached ?? new ItemContext();
        s_cached = null;
        return context;
    }

    /// <summary>Marks a <see cref="Wording"/> entry not computed yet.</summary>
    public const int WordingUnknown = int.MinValue;

    /// <summary>Per annotation, the class its text span's words denote (-1 none), computed on first use.</summary>
    public int[] Wording = new int[64];

    public void PrepareWordings()
    {
        Grow(ref Wording, Count);
        Array.Fill(Wording, WordingUnknown, 0, Count);
    }

    /// <summary>Colour slots resolved in this validation (colour attributes × annotations; 0 before <see cref="PrepareColours"/>).</summary>
    public int ColourSlots;

    public void PrepareColours(int attributes)
    {
        var slots = attributes * Count;
        ColourSlots = slots;
        Grow(ref ColourValue, slots);
        Grow(ref ColourTerm, slots);
        Grow(ref ColourLab, slots);
        Array.Clear(ColourValue, 0, slots);
    }

    public void Return()
    {
        Array.Clear(Annotations, 0, Count);
        Array.Clear(Entities, 0, EntityCount);
        for (var i = 0; i < AssetCount; i++)
        {
            Assets[i] = default;
        }

        Item = null!;
        Findings = null;
        Memo = null;
        s_cached = this;
    }

    /// <summary>Validations that reused assets from a memo, and annotations whose facts were reused (see <see cref="ValidationMemo"/>).</summary>
    public bool ReusedAssets;
    public int ReusedAnnotations;

    /// <summary>The memo whose facts this validation reuses (null: none), and per annotation whether it reuses them.</summary>
    public MemoState? Memo;
    public bool[] Reused = new bool[64];

    /// <summary>Per annotation: bit k set when its value of <see cref="CompiledPolicy.CheckedAttributes"/>[k] does not fit (SEM-011).</summary>
    public int[] InvalidAttributes = new int[64];

    public void Prepare(ItemSnapshot item, CompiledOntology ontology, CompiledPolicy policy, MemoState? memo = null)
    {
        Item = item;
        Ontology = ontology;
        Compiled = policy;
        Findings = null;
        ColourSlots = 0;
        _projections.Clear();
        Terms.Clear();
        Pairs.Clear();
        Grow(ref _toCamera, (item.Assets?.Count ?? 0) * (item.Assets?.Count ?? 0));
        Grow(ref _toCameraReady, (item.Assets?.Count ?? 0) * (item.Assets?.Count ?? 0));
        Array.Clear(_toCameraReady);
        HasTextAsset = false;

        var assets = item.Assets ?? [];
        AssetCount = assets.Count;
        Grow(ref Assets, AssetCount);
        ReusedAnnotations = 0;
        ReusedAssets = memo is not null && ReferenceEquals(memo.Ontology, ontology) && ReferenceEquals(memo.Policy, policy) &&
                       ReferenceEquals(memo.AssetList, item.Assets) && memo.Assets.Length == AssetCount;
        Memo = ReusedAssets ? memo : null;
        if (ReusedAssets)
        {
            memo!.Assets.CopyTo(Assets, 0);
            Terms.AddRange(memo.Terms);
            HasTextAsset = memo.HasTextAsset;
        }

        for (var i = 0; i < AssetCount && !ReusedAssets; i++)
        {
            ref var info = ref Assets[i];
            var asset = assets[i];
            info = default;
            info.Asset = asset;
            info.MediaRange = TimeExtents.MediaRange(asset.TimeBase);
            if (info.MediaRange is { } media)
            {
                info.HasRange = true;
                info.Range = new TimeExtent(media.Start + asset.TimeBase.Offset, media.End + asset.TimeBase.Offset);
            }

            info.SensorToCommon = asset.Calibration?.SensorToCommon is { Count: 16 } m ? Matrix4.FromRowMajor(m) : Matrix4.Identity;
            info.IsCamera = asset.Modality is Modality.Image or Modality.Video && CameraModel.TryCreate(asset, out info.Camera);
            info.TermStart = Terms.Count;
            info.Segments = asset.TimeBase is TimedSegments { Segments.Count: > 0 } timed ? new Timing.SegmentLookup(timed.Segments) : null;
            info.IsDialogue = info.Segments is not null && HasSpeaker(info.Segments.Segments);
            if (asset.Modality == Modality.Text)
            {
                HasTextAsset = true;
                if (asset.Content is { Length: > 0 } content)
                {
                    ontology.Lexicon.FindTerms(content, 0, content.Length, Terms, info.Segments);
                }
            }

            info.TermEnd = Terms.Count;
        }

        var annotations = item.Annotations ?? [];
        Count = annotations.Count;
        Touched = TouchObjects(annotations, item.Entities ?? []);
        _index.Reset(Count);
        GrowAnnotations(Count);
        Array.Clear(InvalidAttributes, 0, Count);
        for (var i = 0; i < Count; i++)
        {
            var annotation = annotations[i];
            Annotations[i] = annotation;
            _index.TryAdd(annotation.Id, i);
            EntityOf[i] = -1;
            SpanSegments[i] = SpanSegmentsUnknown;
            Reused[i] = ReusedAssets && i < memo!.Annotations.Length && ReferenceEquals(memo.Annotations[i], annotation);
            if (Reused[i])
            {
                AssetOf[i] = memo!.AssetOf[i];
                ClassOf[i] = memo.ClassOf[i];
                GranularityOf[i] = memo.GranularityOf[i];
                Extent[i] = memo.Extent[i];
                HasExtent[i] = memo.HasExtent[i];
                ReusedAnnotations++;
                continue;
            }

            var assetIndex = AssetIndex(annotation.AssetId);
            AssetOf[i] = assetIndex;
            ClassOf[i] = ontology.TryGetClass(annotation.Label ?? string.Empty, out var classId) ? classId : -1;
            if (assetIndex >= 0 && annotation.Geometry is not null)
            {
                var asset = Assets[assetIndex].Asset;
                var segments = Assets[assetIndex].Segments;
                if (annotation.Geometry is TextSpan { SegmentIndex: null } span && segments is not null)
                {
                    // The common caption/transcript span: one segment search serves its granularity and its time.
                    var (first, last) = segments.Overlapping(span.Start, span.End);
                    SpanSegments[i] = ((long)first << 32) | (uint)last;
                    GranularityOf[i] = AnnotationFacts.SpanGranularity(span, asset.Content, segments.Segments, first, last);
                    var time = segments.TimeOf(span.Start, span.End, first, last);
                    HasExtent[i] = time.HasValue;
                    Extent[i] = time is { } t ? new TimeExtent(t.Start + asset.TimeBase.Offset, t.End + asset.TimeBase.Offset) : default;
                    continue;
                }

                GranularityOf[i] = AnnotationFacts.GranularityOf(annotation.Geometry, asset, segments);
                var extent = TimeExtents.Of(annotation.Geometry, asset, segments);
                HasExtent[i] = extent.HasValue;
                Extent[i] = extent.GetValueOrDefault();
            }
            else
            {
                GranularityOf[i] = Granularity.Region;
                HasExtent[i] = false;
            }
        }

        Grow(ref _attributesRead, Count);
        Array.Clear(_attributesRead, 0, Count);
        Grow(ref _attributeValues, Count * policy.AttributeNames.Length);

        var entities = item.Entities ?? [];
        EntityCount = entities.Count;
        Grow(ref Entities, EntityCount);
        Grow(ref EntityStart, EntityCount + 1);
        Grow(ref _seen, Count);
        Array.Clear(_seen, 0, Count);
        var total = 0;
        for (var e = 0; e < EntityCount; e++)
        {
            var entity = entities[e];
            Entities[e] = entity;
            EntityStart[e] = total;
            var ids = entity.Mentions ?? [];
            for (var k = 0; k < ids.Count; k++)
            {
                if (!_index.TryGetValue(ids[k], out var a) || AssetOf[a] < 0 || _seen[a] == e + 1)
                {
                    continue;
                }

                _seen[a] = e + 1;
                Grow(ref Mentions, total + 1);
                Mentions[total++] = a;
                if (EntityOf[a] < 0)
                {
                    EntityOf[a] = e;
                }
            }
        }

        EntityStart[EntityCount] = total;

        Array.Clear(LinkedModalities, 0, Count);
        for (var e = 0; e < EntityCount; e++)
        {
            var mask = 0;
            foreach (var m in MentionsOf(e))
            {
                mask |= 1 << (int)Assets[AssetOf[m]].Asset.Modality;
            }

            foreach (var m in MentionsOf(e))
            {
                LinkedModalities[m] |= (byte)mask;
            }
        }
    }

    /// <summary>
    /// Reads a field of each annotation's record, geometry, attribute map and label, and of each entity's mention list.
    /// A batch streams items whose objects are not in the CPU caches; in this short loop the CPU fetches many of those
    /// cache lines at once, where the long per-annotation loop of <see cref="Prepare"/> would wait for them one or two
    /// at a time (≈ 4 % of a batch validation, measured with the loop on and off in one process).
    /// </summary>
    private static int TouchObjects(IReadOnlyList<AnnotationSnapshot> annotations, IReadOnlyList<EntitySnapshot> entities)
    {
        var touched = 0;
        for (var i = 0; i < annotations.Count; i++)
        {
            var annotation = annotations[i];
            touched += annotation.Geometry is { Time: not null } ? 1 : 0;
            touched += annotation.Attributes is { Count: > 0 } ? 1 : 0;
            touched += annotation.Label?.Length ?? 0;
        }

        for (var e = 0; e < entities.Count; e++)
        {
            touched += entities[e].Mentions?.Count ?? 0;
        }

        return touched;
    }

    /// <summary>True when the assets and every annotation (at the same positions, no more, no fewer) came from the memo.</summary>
    public bool ReusedEverything => ReusedAssets && Memo is { } memo && ReusedAnnotations == Count && memo.Annotations.Length == Count;

    /// <summary>The facts derived for this validation (after the rules ran), copied for the next validation of the same item.</summary>
    public MemoState Capture() => new()
    {
        ColourSlots = ColourSlots,
        ColourValue = ColourValue[..ColourSlots],
        ColourTerm = ColourTerm[..ColourSlots],
        ColourLab = ColourLab[..ColourSlots],
        Ontology = Ontology,
        Policy = Compiled,
        AssetList = Item.Assets,
        // Published states are never changed, so the asset facts of a state whose assets were reused are shared.
        Assets = ReusedAssets ? Memo!.Assets : Assets[..AssetCount],
        Terms = ReusedAssets ? Memo!.Terms : [.. Terms],
        HasTextAsset = HasTextAsset,
        Annotations = Annotations[..Count],
        AssetOf = AssetOf[..Count],
        ClassOf = ClassOf[..Count],
        GranularityOf = GranularityOf[..Count],
        Extent = Extent[..Count],
        HasExtent = HasExtent[..Count],
        InvalidAttributes = InvalidAttributes[..Count],
    };

    /// <summary>True when an entity holding <paramref name="annotation"/> also has a mention on <paramref name="modality"/>.</summary>
    public bool IsLinkedTo(int annotation, Modality modality) => (LinkedModalities[annotation] & (1 << (int)modality)) != 0;

    private static bool HasSpeaker(IReadOnlyList<TextSegment> segments)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (!string.IsNullOrEmpty(segments[i].Speaker))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reusable int buffer number <paramref name="slot"/> (0–2) of <paramref name="length"/> entries, contents left
    /// over from earlier use: a rule method writes what it reads and does not call anything that uses the same slot.
    /// (A stackalloc would keep a hot method with loops from tiered, profile-guided compilation.)
    /// </summary>
    public Span<int> IntScratch(int slot, int length)
    {
        ref var buffer = ref _intScratch[slot];
        Grow(ref buffer, length);
        return buffer.AsSpan(0, length);
    }

    /// <summary>
    /// The value of attribute <see cref="CompiledPolicy.AttributeNames"/>[<paramref name="slot"/>] on an annotation (null
    /// when it is missing or null). An annotation's attribute map is read once per validation, on first use, for every
    /// attribute the rules read.
    /// </summary>
    public string? AttributeValue(int annotation, int slot)
    {
        var names = Compiled.AttributeNames;
        if (!_attributesRead[annotation])
        {
            ReadAttributes(annotation, names);
        }

        return _attributeValues[(annotation * names.Length) + slot];
    }

    private void ReadAttributes(int annotation, string[] names)
    {
        var values = _attributeValues.AsSpan(annotation * names.Length, names.Length);
        values.Clear();
        _attributesRead[annotation] = true;
        var attributes = Annotations[annotation].Attributes;
        if (attributes is null || attributes.Count == 0)
        {
            return;
        }

        if (attributes is AttributeDictionary compact)
        {
            // The snapshot's own map: its pairs in one pass, as for a small dictionary below.
            for (var i = 0; i < compact.Count; i++)
            {
                var slot = Array.IndexOf(names, compact.KeyAt(i));
                if (slot >= 0)
                {
                    values[slot] = compact.ValueAt(i);
                }
            }

            return;
        }

        if (attributes is Dictionary<string, string> map && map.Count <= 2 * names.Length &&
            (ReferenceEquals(map.Comparer, EqualityComparer<string>.Default) || ReferenceEquals(map.Comparer, StringComparer.Ordinal)))
        {
            // A small ordinal map (the usual case): one pass over its entries costs less than a hashed lookup per name.
            foreach (var (key, value) in map)
            {
                var slot = Array.IndexOf(names, key);
                if (slot >= 0)
                {
                    values[slot] = value;
                }
            }

            return;
        }

        // Any other map answers by its own comparer, as a lookup would.
        for (var slot = 0; slot < names.Length; slot++)
        {
            if (attributes.TryGetValue(names[slot], out var value))
            {
                values[slot] = value;
            }
        }
    }

    /// <summary>A reusable buffer of at least <paramref name="length"/> strings; callers clear what they used.</summary>
    public string?[] StringScratch(int length)
    {
        Grow(ref _strings, length);
        return _strings;
    }

    public ReadOnlySpan<int> MentionsOf(int entity) => Mentions.AsSpan(EntityStart[entity], EntityStart[entity + 1] - EntityStart[entity]);

    public int AssetIndex(Guid id)
    {
        for (var i = 0; i < AssetCount; i++)
        {
            if (Assets[i].Asset.Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    public bool TryIndexOf(Guid annotationId, out int index) => _index.TryGetValue(annotationId, out index);

    public ref AssetInfo AssetOfAnnotation(int annotation) => ref Assets[AssetOf[annotation]];

    public Modality ModalityOf(int annotation) => Assets[AssetOf[annotation]].Asset.Modality;

    public Guid? EntityId(int entity) => entity >= 0 ? Entities[entity].Id : null;

    public ReadOnlySpan<TermMatch> TermsOf(int asset) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Terms).Slice(Assets[asset].TermStart, Assets[asset].TermEnd - Assets[asset].TermStart);

    /// <summary>The terms of a text asset that lie inside characters [start, end) (terms are in text order).</summary>
    public ReadOnlySpan<TermMatch> TermsWithin(int asset, int start, int end)
    {
        var terms = TermsOf(asset);
        int lo = 0, hi = terms.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (terms[mid].CharStart < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var to = lo;
        while (to < terms.Length && terms[to].CharStart < end)
        {
            to++;
        }

        return terms[lo..to];
    }

    /// <summary>The projection of cuboid annotation <paramref name="cuboid"/> into camera asset <paramref name="camera"/>, cached.</summary>
    public bool TryProject(int cuboid, int camera, out ProjectedCuboid projection)
    {
        projection = default;
        if (Annotations[cuboid].Geometry is not Cuboid geometry || !Assets[camera].IsCamera)
        {
            return false;
        }

        var key = ((long)cuboid << 32) | (uint)camera;
        if (_projections.TryGetValue(key, out projection))
        {
            return true;
        }

        projection = CuboidProjector.ProjectFromSensor(CuboidPose.From(geometry), SensorToCamera(AssetOf[cuboid], camera), Assets[camera].Camera, Policy.CameraNearPlane);
        _projections[key] = projection;
        return true;
    }

    /// <summary>The transform from a sensor asset's frame into a camera asset's optical frame, cached per pair.</summary>
    public Matrix4 SensorToCamera(int sensor, int camera)
    {
        var k = (sensor * AssetCount) + camera;
        if (!_toCameraReady[k])
        {
            _toCamera[k] = Assets[camera].Camera.CommonToCamera * Assets[sensor].SensorToCommon;
            _toCameraReady[k] = true;
        }

        return _toCamera[k];
    }

    /// <summary>The 2D bounds of an image-like annotation at shared time <paramref name="sharedTime"/> (tracks are interpolated).</summary>
    public bool TryBoxAt(int annotation, double sharedTime, out Rect2 box)
    {
        var geometry = Annotations[annotation].Geometry;
        if (geometry is Track track)
        {
            return ShapeBounds.TryBoxAt(track, sharedTime - Assets[AssetOf[annotation]].Offset, Policy.FrameTimeEpsilon + Compiled.Tolerance(Modality.Video, Modality.PointCloud), out box);
        }

        return ShapeBounds.TryGetBounds(geometry, out box);
    }

    public void Report(
        FindingType type, string code, Severity severity, string message, ReadOnlySpan<int> annotations, int entity,
        string? fix, double? time, string discriminator = "", bool annotationsInKey = true)
    {
        var ids = new Guid[annotations.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Annotations[annotations[i]].Id;
        }

        Array.Sort(ids);
        var count = ids.Length;
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] == ids[i - 1])
            {
                count = -1;
                break;
            }
        }

        if (count < 0)
        {
            ids = ids.Distinct().ToArray();
        }

        var entityId = EntityId(entity);
        (Findings ??= []).Add(new Finding(type, code, severity, message, ids, entityId, fix, time, Key(code, entityId, annotationsInKey ? ids : [], discriminator)));
    }

    /// <summary>The stable key: "code|entity (N or -)|sorted ids (N, comma-joined)|discriminator", built in one allocation.</summary>
    private static string Key(string code, Guid? entity, Guid[] ids, string discriminator)
    {
        var length = code.Length + 1 + (entity is null ? 1 : 32) + 1 + Math.Max(0, (ids.Length * 33) - 1) + 1 + discriminator.Length;
        return string.Create(length, (code, entity, ids, discriminator), static (span, state) =>
        {
            var (code, entity, ids, discriminator) = state;
            code.AsSpan().CopyTo(span);
            var i = code.Length;
            span[i++] = '|';
            if (entity is { } e)
            {
                e.TryFormat(span[i..], out var written, "N");
                i += written;
            }
            else
            {
                span[i++] = '-';
            }

            span[i++] = '|';
            for (var k = 0; k < ids.Length; k++)
            {
                if (k > 0)
                {
                    span[i++] = ',';
                }

                ids[k].TryFormat(span[i..], out var written, "N");
                i += written;
            }

            span[i++] = '|';
            discriminator.AsSpan().CopyTo(span[i..]);
        });
    }

    /// <summary>
    /// "'dog' box on cam_front" — how messages name an annotation. Written straight into the message it is
    /// interpolated into (no string of its own); <c>ToString()</c> gives the text.
    /// </summary>
    public AnnotationName Describe(int annotation) => new(this, annotation);

    /// <summary>The text of a span (shortened to <paramref name="max"/> characters), empty when unavailable.</summary>
    public string SpanText(int annotation, TextSpan span, int max = int.MaxValue)
    {
        var text = SpanChars(annotation, span);
        return text.Length > max ? string.Concat(text[..(max - 1)], "…") : text.ToString();
    }

    /// <summary>The trimmed characters of a span (empty when its text is unavailable).</summary>
    public ReadOnlySpan<char> SpanChars(int annotation, TextSpan span)
    {
        var content = AssetOf[annotation] >= 0 ? Assets[AssetOf[annotation]].Asset.Content : null;
        if (content is null)
        {
            return [];
        }

        var start = Math.Clamp(span.Start, 0, content.Length);
        var end = Math.Clamp(span.End, start, content.Length);
        return content.AsSpan(start, end - start).Trim();
    }

    /// <summary>
    /// Formats with a fixed number of decimals ("0.000" → 3), invariant, never "-0.000"; written straight into the
    /// message it is interpolated into (see <see cref="FixedNumber"/>).
    /// </summary>
    public static FixedNumber F(double value, string format = "0.000") => new(value, format);

    public static string Signed(double value, string format = "0.000")
    {
        var text = F(Math.Abs(value), format).ToString();
        return (value >= 0 || text.AsSpan().IndexOfAnyExcept("0.") < 0 ? "+" : "-") + text;
    }

    private void GrowAnnotations(int count)
    {
        Grow(ref Annotations, count);
        Grow(ref AssetOf, count);
        Grow(ref ClassOf, count);
        Grow(ref GranularityOf, count);
        Grow(ref Extent, count);
        Grow(ref HasExtent, count);
        Grow(ref EntityOf, count);
        Grow(ref LinkedModalities, count);
        Grow(ref Reused, count);
        Grow(ref InvalidAttributes, count);
        Grow(ref SpanSegments, count);
    }

    /// <summary>Marks a <see cref="SpanSegments"/> entry not computed in this validation.</summary>
    public const long SpanSegmentsUnknown = long.MinValue;

    /// <summary>
    /// Per caption/transcript span without a segment index: the first and last segments its characters overlap, as
    /// <see cref="Timing.SegmentLookup.Overlapping"/> gives them (first in the high half, last in the low half), found
    /// once in <see cref="Prepare"/>; <see cref="SpanSegmentsUnknown"/> where preparation did not look them up.
    /// </summary>
    public long[] SpanSegments = new long[64];

    /// <summary>The segments span annotation <paramref name="a"/> overlaps (see <see cref="SpanSegments"/>), looked up when preparation did not.</summary>
    public (int First, int Last) OverlappedSegments(int a, Timing.SegmentLookup lookup, TextSpan span) =>
        SpanSegments[a] is var packed && packed != SpanSegmentsUnknown
            ? ((int)(packed >> 32), (int)packed)
            : lookup.Overlapping(span.Start, span.End);

    /// <summary>
    /// Per (annotation, modality): the one interval on that modality linked to the annotation (-1 none, -2 several),
    /// and an entity linking them; filled by TMP-008.
    /// </summary>
    public int[] IntervalPartner = new int[64 * 5];
    public int[] IntervalPartnerEntity = new int[64 * 5];

    public void PrepareIntervalPartners()
    {
        Grow(ref IntervalPartner, Count * 5);
        Grow(ref IntervalPartnerEntity, Count * 5);
        Array.Fill(IntervalPartner, -1, 0, Count * 5);
    }

    private static void Grow<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            Array.Resize(ref array, Math.Max(count, array.Length * 2));
        }
    }
}
