using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using static MultimodalAnnotate.Validation.Rules.ItemContext;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>
/// Rule family 3, missing cross-modal reference: REF-001 image object not mentioned in the text, REF-002 visible cuboid
/// without 2D box, REF-003 2D box for a cuboid the camera cannot see, REF-004 sound without visual mention, REF-005
/// text count vs image objects, REF-006 camera vs LiDAR counts, REF-007 required link missing.
/// </summary>
internal static class MissingReferenceRules
{
    public static void Run(ItemContext ctx, List<CameraPair> pairs)
    {
        CheckTextMentions(ctx);
        var suppressed = new List<long>();
        if (ctx.Policy.RequireBoxForVisibleCuboid)
        {
            CheckVisibleCuboids(ctx, suppressed);
            foreach (var pair in pairs)
            {
                CheckHiddenCuboid(ctx, pair, suppressed);
            }
        }

        CheckSounds(ctx);
        CheckRequiredLinks(ctx);
        if (ctx.Policy.RequireCountAgreement)
        {
            CheckTextCounts(ctx);
            CheckSensorCounts(ctx, suppressed);
        }
    }

    private static bool IsImageObjectOnImage(ItemContext ctx, int a) =>
        ctx.AssetOf[a] >= 0 && ctx.ModalityOf(a) == Modality.Image && ctx.Annotations[a].Geometry is Box2D or Polygon or Mask or Keypoints;

    private static void CheckTextMentions(ItemContext ctx)
    {
        var required = ctx.Compiled.RequiredTextClasses;
        if (required.Length == 0 || !ctx.HasTextAsset)
        {
            return;
        }

        // Per class: 0 unknown yet, 1 found in the text, 2 not found.
        var found = new byte[ctx.Ontology.ClassCount];
        for (var a = 0; a < ctx.Count; a++)
        {
            var c = ctx.ClassOf[a];
            if (c < 0 || !IsImageObjectOnImage(ctx, a) || !IsRequired(ctx, required, c) || LinkedTo(ctx, a, Modality.Text))
            {
                continue;
            }

            if (!ctx.Policy.TextMentionMustBeLinked)
            {
                if (found[c] == 0)
                {
                    found[c] = FoundInText(ctx, c) ? (byte)1 : (byte)2;
                }

                if (found[c] == 1)
                {
                    continue;
                }
            }

            var how = ctx.Policy.TextMentionMustBeLinked
                ? "it is not linked to any text annotation (policy requires a link)"
                : $"it is not linked to a text annotation, and neither '{ctx.Ontology.NameOf(c)}' nor a synonym, broader or narrower term occurs in the text";
            ctx.Report(
                FindingType.MissingReference, RuleCodes.NotMentionedInText, Severity.Error,
                $"{ctx.Describe(a)} is not mentioned in the text: {how}.",
                [a], ctx.EntityOf[a], "mention it in the text, or link it to the text span that describes it",
                ctx.HasExtent[a] ? ctx.Extent[a].Start : null);
        }
    }

    private static bool IsRequired(ItemContext ctx, int[] required, int c)
    {
        foreach (var r in required)
        {
            if (ctx.Ontology.IsAncestorOrSelf(r, c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FoundInText(ItemContext ctx, int c)
    {
        foreach (var term in ctx.Terms)
        {
            var relation = ctx.Ontology.Relate(c, term.ClassId);
            if (relation is ClassRelation.Same or ClassRelation.Ancestor or ClassRelation.Descendant)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an entity holding <paramref name="a"/> also holds a mention on <paramref name="modality"/>.</summary>
    private static bool LinkedTo(ItemContext ctx, int a, Modality modality) => ctx.IsLinkedTo(a, modality);

    /// <summary>True when an entity of <paramref name="a"/>, or a relation from or to it, reaches an image, video or point-cloud annotation.</summary>
    private static bool LinkedToVisual(ItemContext ctx, int a)
    {
        if (LinkedTo(ctx, a, Modality.Image) || LinkedTo(ctx, a, Modality.Video) || LinkedTo(ctx, a, Modality.PointCloud))
        {
            return true;
        }

        var relations = ctx.Item.Relations;
        if (relations is null || relations.Count == 0)
        {
            return false;
        }

        var id = ctx.Annotations[a].Id;
        foreach (var relation in relations)
        {
            var other = relation.FromAnnotationId == id ? relation.ToAnnotationId : relation.ToAnnotationId == id ? relation.FromAnnotationId : Guid.Empty;
            if (other != Guid.Empty && ctx.TryIndexOf(other, out var o) && ctx.AssetOf[o] >= 0 &&
                ctx.ModalityOf(o) is Modality.Image or Modality.Video or Modality.PointCloud)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The camera assets a sweep at <paramref name="sweepTime"/> is checked against: per camera sensor, the image nearest in time; videos covering the time.</summary>
    private static bool IsCameraForSweep(ItemContext ctx, int k, double sweepTime)
    {
        ref var camera = ref ctx.Assets[k];
        if (!camera.IsCamera)
        {
            return false;
        }

        if (camera.Modality == Modality.Video)
        {
            var tolerance = ctx.Compiled.Tolerance(Modality.Video, Modality.PointCloud);
            return camera.HasRange && sweepTime >= camera.Range.Start - tolerance && sweepTime <= camera.Range.End + tolerance;
        }

        var gap = Math.Abs(camera.Offset - sweepTime);
        for (var other = 0; other < ctx.AssetCount; other++)
        {
            ref var o = ref ctx.Assets[other];
            if (other == k || !o.IsCamera || o.Modality != Modality.Image || !string.Equals(o.Asset.Sensor, camera.Asset.Sensor, StringComparison.Ordinal))
            {
                continue;
            }

            var otherGap = Math.Abs(o.Offset - sweepTime);
            if (otherGap < gap || (otherGap == gap && other < k))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVisible(ItemContext ctx, in ProjectedCuboid p) =>
        p.InFront && p.VisibleFraction >= ctx.Policy.CuboidVisibleFraction && p.InImage.Area >= ctx.Policy.MinProjectedBoxArea;

    private static void CheckVisibleCuboids(ItemContext ctx, List<long> suppressed)
    {
        for (var c = 0; c < ctx.Count; c++)
        {
            if (!CrossSensor.IsCuboidOnSweep(ctx, c))
            {
                continue;
            }

            var sweepTime = ctx.Extent[c].Start;
            for (var k = 0; k < ctx.AssetCount; k++)
            {
                if (!IsCameraForSweep(ctx, k, sweepTime) || !ctx.TryProject(c, k, out var projection) || !IsVisible(ctx, projection) ||
                    HasBoxOn(ctx, c, k, sweepTime))
                {
                    continue;
                }

                ref var camera = ref ctx.Assets[k];
                var box = projection.InImage;
                suppressed.Add(((long)k << 32) | (uint)ctx.ClassOf[c]);
                ctx.Report(
                    FindingType.MissingReference, RuleCodes.VisibleCuboidWithoutBox, Severity.Error,
                    $"{ctx.Describe(c)} projects into {camera.Name} ({F(projection.VisibleFraction * 100, "0")}% of its projection inside the image, {F(box.Width, "0")}×{F(box.Height, "0")} px at {F(projection.CentreCamera.Z, "0.0")} m; policy needs a box from {F(ctx.Policy.CuboidVisibleFraction * 100, "0")}%) but no 2D box on {camera.Name} is linked to it.",
                    [c], ctx.EntityOf[c],
                    $"draw a box at x={F(box.MinX, "0")}, y={F(box.MinY, "0")}, {F(box.Width, "0")}×{F(box.Height, "0")} px on {camera.Name} and link it to the cuboid's entity",
                    camera.Modality == Modality.Image ? camera.Offset : sweepTime, camera.Asset.Id.ToString("N"));
            }
        }
    }

    private static bool HasBoxOn(ItemContext ctx, int cuboid, int camera, double sweepTime)
    {
        var e = ctx.EntityOf[cuboid];
        if (e < 0)
        {
            return false;
        }

        var tolerance = ctx.Compiled.Tolerance(Modality.Video, Modality.PointCloud);
        foreach (var m in ctx.MentionsOf(e))
        {
            if (ctx.AssetOf[m] != camera || !CrossSensor.IsImageObject(ctx.Annotations[m].Geometry))
            {
                continue;
            }

            if (ctx.Assets[camera].Modality == Modality.Image ||
                (ctx.HasExtent[m] && sweepTime >= ctx.Extent[m].Start - tolerance && sweepTime <= ctx.Extent[m].End + tolerance))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckHiddenCuboid(ItemContext ctx, CameraPair pair, List<long> suppressed)
    {
        var projection = pair.Projection;
        if (projection.VisibleFraction >= ctx.Policy.CuboidHiddenFraction)
        {
            return;
        }

        ref var camera = ref ctx.Assets[pair.Camera];
        var why = !projection.InFront
            ? "it is behind the camera"
            : $"only {F(projection.VisibleFraction * 100, "0.#")}% of its projection falls inside the image (policy: below {F(ctx.Policy.CuboidHiddenFraction * 100, "0.#")}% is not visible)";
        suppressed.Add(((long)pair.Camera << 32) | (uint)ctx.ClassOf[pair.Cuboid]);
        ctx.Report(
            FindingType.MissingReference, RuleCodes.BoxForHiddenCuboid, Severity.Error,
            $"{ctx.Describe(pair.Box)} is linked to {ctx.Describe(pair.Cuboid)}, which {camera.Name} cannot see: {why}.",
            [pair.Box, pair.Cuboid], pair.Entity, "unlink the 2D box from the entity, or correct the cuboid", pair.FrameTime);
    }

    private static void CheckSounds(ItemContext ctx)
    {
        var visual = ctx.Compiled.VisualSourceClasses;
        if (visual.Length == 0)
        {
            return;
        }

        for (var a = 0; a < ctx.Count; a++)
        {
            var c = ctx.ClassOf[a];
            if (c < 0 || ctx.AssetOf[a] < 0 || ctx.ModalityOf(a) != Modality.Audio || LinkedToVisual(ctx, a))
            {
                continue;
            }

            var source = -1;
            foreach (var v in visual)
            {
                if (ctx.Ontology.IsAncestorOrSelf(v, c))
                {
                    source = v;
                    break;
                }
            }

            if (source < 0)
            {
                continue;
            }

            var where = ctx.HasExtent[a] ? $" ({ctx.Extent[a]})" : string.Empty;
            ctx.Report(
                FindingType.MissingReference, RuleCodes.SoundWithoutVisual, Severity.Error,
                $"Sound {ctx.Describe(a)}{where} has a visible source ('{ctx.Ontology.NameOf(source)}' is a visual source class in the policy) but {(ctx.EntityOf[a] < 0 ? "is linked to nothing visual" : "its entity has no image, video or point-cloud mention")}.",
                [a], ctx.EntityOf[a], "link it to the annotation of its source on the video or image, or annotate the source there",
                ctx.HasExtent[a] ? ctx.Extent[a].Start : null);
        }
    }

    private static void CheckRequiredLinks(ItemContext ctx)
    {
        foreach (var link in ctx.Compiled.RequiredLinks)
        {
            for (var a = 0; a < ctx.Count; a++)
            {
                var c = ctx.ClassOf[a];
                if (ctx.AssetOf[a] < 0 || ctx.ModalityOf(a) != link.From || (link.ClassId >= 0 && (c < 0 || !ctx.Ontology.IsAncestorOrSelf(link.ClassId, c))) ||
                    LinkedTo(ctx, a, link.To))
                {
                    continue;
                }

                var where = ctx.HasExtent[a] ? $" ({ctx.Extent[a]})" : string.Empty;
                ctx.Report(
                    FindingType.MissingReference, RuleCodes.RequiredLinkMissing, Severity.Error,
                    $"{ctx.Describe(a)}{where} has no linked {link.To} annotation; the policy requires {link.Text}.",
                    [a], ctx.EntityOf[a], $"link it to the {link.To} annotation it corresponds to, or add one",
                    ctx.HasExtent[a] ? ctx.Extent[a].Start : null, link.Text);
            }
        }
    }

    /// <summary>An image object counted for REF-005: its annotation, class and whether it is a crowd.</summary>
    private readonly record struct CountedObject(int Annotation, int Asset, int Class, bool Crowd);

    private static void CheckTextCounts(ItemContext ctx)
    {
        List<CountedObject>? objects = null;
        ObjectCounts? counts = null;
        for (var t = 0; t < ctx.AssetCount; t++)
        {
            if (ctx.Assets[t].Modality != Modality.Text)
            {
                continue;
            }

            var terms = ctx.TermsOf(t);
            var runStart = 0;
            while (runStart < terms.Length)
            {
                var runEnd = runStart + 1;
                while (runEnd < terms.Length && terms[runEnd].Sentence == terms[runStart].Sentence)
                {
                    runEnd++;
                }

                if (terms[runStart].Sentence >= 0)
                {
                    objects ??= CollectImageObjects(ctx);
                    counts ??= new ObjectCounts(ctx, objects);
                    CheckSentence(ctx, t, terms, runStart, runEnd, objects, counts);
                }

                runStart = runEnd;
            }
        }
    }

    /// <summary>Every 2D object on an image, counting an entity with several 2D mentions on one image once.</summary>
    private static List<CountedObject> CollectImageObjects(ItemContext ctx)
    {
        var objects = new List<CountedObject>();
        var crowdSlot = ctx.Compiled.CrowdAttributeSlot;
        for (var a = 0; a < ctx.Count; a++)
        {
            var c = ctx.ClassOf[a];
            if (c < 0 || !IsImageObjectOnImage(ctx, a) || CountedBefore(ctx, a, ctx.AssetOf[a]))
            {
                continue;
            }

            var crowd = crowdSlot >= 0 && ctx.AttributeValue(a, crowdSlot) is { } value &&
                        (value == "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
            objects.Add(new CountedObject(a, ctx.AssetOf[a], c, crowd));
        }

        return objects;
    }

    /// <summary>
    /// Per image asset and class, the counted objects labelled exactly that class, and those of that class or a subclass
    /// with whether one of them is a crowd: what each count in the text is compared with, looked up instead of counted
    /// again for every count word.
    /// </summary>
    private sealed class ObjectCounts
    {
        private readonly int _classes;
        private readonly int[] _exact;
        private readonly int[] _subtree;
        private readonly bool[] _crowd;

        public ObjectCounts(ItemContext ctx, List<CountedObject> objects)
        {
            _classes = ctx.Ontology.ClassCount;
            _objects = objects;
            _exact = new int[ctx.AssetCount * _classes];
            _subtree = new int[_exact.Length];
            _crowd = new bool[_exact.Length];
            foreach (var o in objects)
            {
                var row = o.Asset * _classes;
                _exact[row + o.Class]++;
                var ancestors = ctx.Ontology.AncestorsOrSelf(o.Class);
                for (var w = 0; w < ancestors.Length; w++)
                {
                    for (var bits = ancestors[w]; bits != 0; bits &= bits - 1)
                    {
                        var c = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                        _subtree[row + c]++;
                        _crowd[row + c] |= o.Crowd;
                    }
                }
            }
        }

        private readonly List<CountedObject> _objects;
        private int[]? _bucketStart;
        private int[]? _bucketObjects;

        /// <summary>
        /// The objects (indexes into the counted objects) on <paramref name="asset"/> labelled exactly <paramref name="c"/>;
        /// grouped on first use (only a count with a colour needs them).
        /// </summary>
        public ReadOnlySpan<int> Bucket(int asset, int c)
        {
            if (_bucketStart is null)
            {
                var start = new int[_exact.Length + 1];
                foreach (var o in _objects)
                {
                    start[(o.Asset * _classes) + o.Class + 1]++;
                }

                for (var k = 1; k < start.Length; k++)
                {
                    start[k] += start[k - 1];
                }

                var next = start[..^1];
                var members = new int[_objects.Count];
                for (var i = 0; i < _objects.Count; i++)
                {
                    members[next[(_objects[i].Asset * _classes) + _objects[i].Class]++] = i;
                }

                (_bucketStart, _bucketObjects) = (start, members);
            }

            var key = (asset * _classes) + c;
            return _bucketObjects.AsSpan(_bucketStart[key], _bucketStart[key + 1] - _bucketStart[key]);
        }

        /// <summary>True when an object on <paramref name="asset"/> is labelled exactly <paramref name="c"/>.</summary>
        public bool HasLabelled(int asset, int c) => _exact[(asset * _classes) + c] > 0;

        /// <summary>Objects of class <paramref name="c"/> or a subclass on <paramref name="asset"/>, and whether one is a crowd.</summary>
        public (int Count, bool Crowd) Of(int asset, int c) => (_subtree[(asset * _classes) + c], _crowd[(asset * _classes) + c]);
    }

    private static void CheckSentence(ItemContext ctx, int textAsset, ReadOnlySpan<TermMatch> terms, int from, int to, List<CountedObject> objects, ObjectCounts counts)
    {
        var content = ctx.Assets[textAsset].Asset.Content ?? string.Empty;
        for (var i = from; i < to; i++)
        {
            var c = terms[i].ClassId;
            if (terms[i].CountKind == CountKind.None || FirstWithCount(terms, from, i, c))
            {
                continue;
            }

            var claimed = 0;
            var atLeast = false;
            var colours = new ColourClaim();
            for (var j = from; j < to; j++)
            {
                if (terms[j].CountKind != CountKind.None && ctx.Ontology.IsAncestorOrSelf(c, terms[j].ClassId))
                {
                    claimed += terms[j].Count;
                    atLeast |= terms[j].CountKind == CountKind.AtLeast;
                    colours.Add(ctx, content, terms[j]);
                }
            }

            var firstCandidate = -1;
            var candidateCount = 0;
            var candidatePossible = 0;
            var candidateCrowd = false;
            var agrees = false;
            for (var k = 0; k < ctx.AssetCount && !agrees; k++)
            {
                if (ctx.Assets[k].Modality != Modality.Image || !counts.HasLabelled(k, c))
                {
                    continue;
                }

                // Without a colour in the text every object of the class counts; "one green taxi" counts the green
                // ones, and those whose colour is unknown or only near green may or may not be meant.
                var (count, possible, crowd) = colours.Restricts ? colours.Count(ctx, objects, counts, k, c) : (counts.Of(k, c).Count, 0, counts.Of(k, c).Crowd);
                agrees = atLeast ? crowd || count + possible >= claimed
                    : crowd ? claimed >= count
                    : count <= claimed && claimed <= count + possible;
                if (firstCandidate < 0)
                {
                    (firstCandidate, candidateCount, candidatePossible, candidateCrowd) = (k, count, possible, crowd);
                }
            }

            if (agrees || firstCandidate < 0)
            {
                continue;
            }

            var involved = colours.Restricts ? colours.ObjectsOf(ctx, objects, firstCandidate, c) : ObjectsOf(ctx, objects, firstCandidate, c);
            ref var text = ref ctx.Assets[textAsset];
            var sentence = terms[i].Sentence;
            var claim = atLeast ? $"at least {claimed}" : claimed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var seen = candidateCrowd ? $"at least {candidateCount}" : candidateCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = ctx.Ontology.NameOf(c);
            var image = ctx.Assets[firstCandidate].Name;
            double? time = text.Asset.TimeBase is TimedSegments timed && sentence < timed.Segments.Count
                ? text.Offset + timed.Segments[sentence].Start
                : ctx.Assets[firstCandidate].Offset;
            var colourWords = colours.Restricts ? colours.Words(ctx) : null;
            var objectsSeen = colourWords is null
                ? $"{seen} '{name}' object{(candidateCount == 1 ? string.Empty : "s")}"
                : $"{seen} '{name}' object{(candidateCount == 1 ? string.Empty : "s")} coloured {colourWords}" +
                  (candidatePossible > 0 ? $" and {candidatePossible} whose colour is unknown or only near it" : string.Empty);
            ctx.Report(
                FindingType.MissingReference, RuleCodes.TextCountMismatch, Severity.Warning,
                $"\"{SentenceText(text.Asset, terms[i])}\" on {text.Name} says {claim} × {(colourWords is null ? string.Empty : colourWords + " ")}'{name}', but {image} has {objectsSeen}.",
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(involved), -1,
                colourWords is not null
                    ? $"correct the count or the colour in the text, or the number or colour attribute of the '{name}' objects on {image}"
                    : $"correct the count in the text, or add/remove '{name}' objects on {image}",
                time, $"{text.Asset.Id:N}:{sentence}:{name}:{ctx.Assets[firstCandidate].Asset.Id:N}", annotationsInKey: false);
        }
    }

    /// <summary>
    /// The colours a sentence's count claims for one class ("one <u>green</u> taxi"): the colour terms of the taxonomy
    /// named between each count word and its term. A claim restricts the count to objects of those colours only when
    /// every counted term names one; a term that names two different colours ("a red and white bus") leaves every
    /// object's colour open.
    /// </summary>
    private struct ColourClaim
    {
        private int _terms;
        private int _coloured;
        private bool _open;
        private int _firstColour;
        private List<int>? _moreColours;

        public readonly bool Restricts => _terms > 0 && _coloured == _terms;

        /// <summary>The claimed colours as the taxonomy names them ("green", "green or red").</summary>
        public readonly string Words(ItemContext ctx) => _moreColours is null
            ? ctx.Ontology.Colours.NameOf(_firstColour)
            : string.Join(" or ", _moreColours.Prepend(_firstColour).Distinct().Select(ctx.Ontology.Colours.NameOf));

        public void Add(ItemContext ctx, string content, TermMatch term)
        {
            _terms++;
            if (term.QualifierStart >= term.CharStart)
            {
                return; // "two dogs": nothing stands between
            }

            var named = 0;
            var first = -1;
            var position = Math.Clamp(term.QualifierStart, 0, content.Length);
            var text = content.AsSpan(0, Math.Clamp(term.CharStart, position, content.Length));
            for (var id = ctx.Ontology.Colours.NextNamed(text, ref position); id >= 0; id = ctx.Ontology.Colours.NextNamed(text, ref position))
            {
                if (id != first)
                {
                    named++;
                    first = named == 1 ? id : first;
                }
            }

            if (named == 0)
            {
                return;
            }

            _coloured++;
            _open |= named > 1;
            if (_coloured == 1)
            {
                _firstColour = first;
            }
            else if (first != _firstColour)
            {
                (_moreColours ??= []).Add(first);
            }
        }

        /// <summary>
        /// Objects of class <paramref name="c"/> (or a subclass) on an image that have a claimed colour, those whose colour
        /// is unknown or near one of them, and whether one is a crowd. With one colour attribute in the ontology its
        /// resolved value is compared as the colour rules compare (a shade agrees); otherwise every colour is unknown.
        /// </summary>
        public readonly (int Count, int Possible, bool Crowd) Count(ItemContext ctx, List<CountedObject> objects, ObjectCounts counts, int asset, int c)
        {
            var (count, possible, crowd) = (0, 0, false);
            if (counts.Of(asset, c).Count == 0)
            {
                return (count, possible, crowd);
            }

            var classes = ctx.Ontology.DescendantsOrSelf(c);
            for (var w = 0; w < classes.Length; w++)
            {
                for (var bits = classes[w]; bits != 0; bits &= bits - 1)
                {
                    foreach (var index in counts.Bucket(asset, (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)))
                    {
                        var o = objects[index];
                        switch (Match(ctx, o.Annotation))
                        {
                            case ColourVerdict.Agree:
                                count++;
                                crowd |= o.Crowd;
                                break;
                            case ColourVerdict.Near or ColourVerdict.Unknown:
                                possible++;
                                crowd |= o.Crowd;
                                break;
                        }
                    }
                }
            }

            return (count, possible, crowd);
        }

        /// <summary>The annotations of the objects <see cref="Count"/> counts (with a claimed colour, or one that may be).</summary>
        public readonly List<int> ObjectsOf(ItemContext ctx, List<CountedObject> objects, int asset, int c)
        {
            var output = new List<int>();
            foreach (var o in objects)
            {
                if (o.Asset == asset && ctx.Ontology.IsAncestorOrSelf(c, o.Class) && Match(ctx, o.Annotation) != ColourVerdict.Conflict)
                {
                    output.Add(o.Annotation);
                }
            }

            return output;
        }

        /// <summary>How an object's colour compares with the claimed ones: the best verdict over them (Unknown when it has none).</summary>
        private readonly ColourVerdict Match(ItemContext ctx, int annotation)
        {
            if (_open || ctx.Compiled.ColourAttributes.Length != 1 || ctx.ColourValue[annotation] is null || ctx.ColourTerm[annotation] == -2)
            {
                return ColourVerdict.Unknown;
            }

            var own = ctx.ColourTerm[annotation];
            var best = ColourVerdict.Conflict;
            for (var k = -1; k < (_moreColours?.Count ?? 0); k++)
            {
                var term = k < 0 ? _firstColour : _moreColours![k];
                // A navy car is a blue car; a car labelled blue may or may not be the navy one the text means.
                var verdict = own >= 0 ? ctx.Compiled.CountVerdict(term, own)
                    : ctx.Ontology.Colours.Compare(term, ctx.Ontology.Colours.LabOf(term), own, ctx.ColourLab[annotation], ctx.Policy).Verdict;
                if (verdict == ColourVerdict.Agree)
                {
                    return verdict;
                }

                best = verdict == ColourVerdict.Near ? verdict : best;
            }

            return best;
        }
    }

    private static bool FirstWithCount(ReadOnlySpan<TermMatch> terms, int from, int i, int c)
    {
        for (var j = from; j < i; j++)
        {
            if (terms[j].ClassId == c && terms[j].CountKind != CountKind.None)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The annotations of the objects of class <paramref name="c"/> or a subclass on an asset (those <see cref="ObjectCounts.Of"/> counts).</summary>
    private static List<int> ObjectsOf(ItemContext ctx, List<CountedObject> objects, int asset, int c)
    {
        var output = new List<int>();
        foreach (var o in objects)
        {
            if (o.Asset == asset && ctx.Ontology.IsAncestorOrSelf(c, o.Class))
            {
                output.Add(o.Annotation);
            }
        }

        return output;
    }

    private static bool CountedBefore(ItemContext ctx, int a, int asset)
    {
        var e = ctx.EntityOf[a];
        if (e < 0)
        {
            return false;
        }

        foreach (var m in ctx.MentionsOf(e))
        {
            if (m < a && ctx.AssetOf[m] == asset && IsImageObjectOnImage(ctx, m))
            {
                return true;
            }
        }

        return false;
    }

    private static string SentenceText(AssetSnapshot text, TermMatch term)
    {
        var content = text.Content ?? string.Empty;
        int start, end;
        if (text.TimeBase is TimedSegments timed && term.Sentence >= 0 && term.Sentence < timed.Segments.Count)
        {
            start = timed.Segments[term.Sentence].CharStart;
            end = timed.Segments[term.Sentence].CharEnd;
        }
        else
        {
            start = term.CharStart;
            while (start > 0 && !IsSentenceEnd(content, start - 1))
            {
                start--;
            }

            end = term.CharEnd;
            while (end < content.Length && !IsSentenceEnd(content, end))
            {
                end++;
            }

            end = Math.Min(content.Length, end + 1);
        }

        start = Math.Clamp(start, 0, content.Length);
        end = Math.Clamp(end, start, content.Length);
        var sentence = content[start..end].Trim();
        return sentence.Length > 100 ? string.Concat(sentence.AsSpan(0, 99), "…") : sentence;

        static bool IsSentenceEnd(string s, int i) =>
            s[i] is '\n' or '\r' || (s[i] is '.' or '!' or '?' && (i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1])));
    }

    private static void CheckSensorCounts(ItemContext ctx, List<long> suppressed)
    {
        var classes = ctx.Ontology.ClassCount;
        if (classes == 0)
        {
            return;
        }

        var boxes = new int[classes];
        var cuboids = new int[classes];
        for (var s = 0; s < ctx.AssetCount; s++)
        {
            ref var sweep = ref ctx.Assets[s];
            if (sweep.Modality != Modality.PointCloud || sweep.Asset.TimeBase is not CaptureTime)
            {
                continue;
            }

            for (var k = 0; k < ctx.AssetCount; k++)
            {
                if (ctx.Assets[k].Modality != Modality.Image || !IsCameraForSweep(ctx, k, sweep.Offset))
                {
                    continue;
                }

                Array.Clear(boxes);
                Array.Clear(cuboids);
                var any = false;
                for (var a = 0; a < ctx.Count; a++)
                {
                    var c = ctx.ClassOf[a];
                    if (c < 0)
                    {
                        continue;
                    }

                    if (ctx.AssetOf[a] == k && IsImageObjectOnImage(ctx, a) && !CountedBefore(ctx, a, k))
                    {
                        boxes[c]++;
                        any = true;
                    }
                    else if (ctx.AssetOf[a] == s && CrossSensor.IsCuboidOnSweep(ctx, a) && ctx.TryProject(a, k, out var p) && IsVisible(ctx, p))
                    {
                        cuboids[c]++;
                        any = true;
                    }
                }

                if (!any)
                {
                    continue;
                }

                for (var c = 0; c < classes; c++)
                {
                    if (boxes[c] == cuboids[c] || suppressed.Contains(((long)k << 32) | (uint)c))
                    {
                        continue;
                    }

                    var involved = new List<int>();
                    for (var a = 0; a < ctx.Count; a++)
                    {
                        if (ctx.ClassOf[a] == c && ((ctx.AssetOf[a] == k && IsImageObjectOnImage(ctx, a)) || (ctx.AssetOf[a] == s && CrossSensor.IsCuboidOnSweep(ctx, a))))
                        {
                            involved.Add(a);
                        }
                    }

                    var name = ctx.Ontology.NameOf(c);
                    ctx.Report(
                        FindingType.MissingReference, RuleCodes.SensorCountMismatch, Severity.Warning,
                        $"{ctx.Assets[k].Name} has {boxes[c]} '{name}' object(s) but {sweep.Name} has {cuboids[c]} '{name}' cuboid(s) visible in {ctx.Assets[k].Name}.",
                        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(involved), -1,
                        boxes[c] > cuboids[c] ? $"add the missing '{name}' cuboid(s) on {sweep.Name}" : $"add the missing '{name}' box(es) on {ctx.Assets[k].Name}",
                        ctx.Assets[k].Offset, $"{sweep.Asset.Id:N}:{ctx.Assets[k].Asset.Id:N}:{name}", annotationsInKey: false);
                }
            }
        }
    }
}
