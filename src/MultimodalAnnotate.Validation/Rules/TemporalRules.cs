using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Timing;
using static MultimodalAnnotate.Validation.Rules.ItemContext;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>
/// Rule family 1, temporal misalignment: TMP-001 mentions out of step, TMP-002 between frames, TMP-003 outside the
/// stream, TMP-004 outside the dialogue turn, TMP-005 span across turns, TMP-006 cuboid vs 2D box projection,
/// TMP-007 reversed range, TMP-008 one-to-one intervals whose boundaries are out of step.
/// </summary>
internal static class TemporalRules
{
    public static void Run(ItemContext ctx, List<CameraPair> pairs)
    {
        for (var a = 0; a < ctx.Count; a++)
        {
            if (ctx.AssetOf[a] >= 0 && ctx.Annotations[a].Geometry is not null)
            {
                CheckAnnotation(ctx, a);
            }
        }

        for (var e = 0; e < ctx.EntityCount; e++)
        {
            CheckEntityAlignment(ctx, e);
        }

        if (ctx.Compiled.HasAlignedBoundaries)
        {
            CheckBoundaries(ctx);
        }

        foreach (var pair in pairs)
        {
            CheckProjection(ctx, pair);
        }
    }

    private static void CheckAnnotation(ItemContext ctx, int a)
    {
        ref var asset = ref ctx.AssetOfAnnotation(a);
        var geometry = ctx.Annotations[a].Geometry;
        switch (geometry)
        {
            case TimeSegment segment:
                CheckSegment(ctx, a, ref asset, segment);
                break;
            case TextSpan span:
                CheckSpan(ctx, a, ref asset, span);
                break;
            case Track track:
                CheckTrack(ctx, a, ref asset, track);
                break;
            case { Time: { } time }:
                CheckInstant(ctx, a, ref asset, time);
                break;
        }
    }

    private static void CheckSegment(ItemContext ctx, int a, ref AssetInfo asset, TimeSegment segment)
    {
        if (segment.End <= segment.Start)
        {
            var reversed = segment.End < segment.Start;
            ctx.Report(
                FindingType.Temporal, RuleCodes.ReversedRange, Severity.Error,
                reversed
                    ? $"{ctx.Describe(a)} ends at {F(segment.End)} s before it starts at {F(segment.Start)} s."
                    : $"{ctx.Describe(a)} is empty: it starts and ends at {F(segment.Start)} s.",
                [a], ctx.EntityOf[a], reversed ? "swap its start and end" : "give it a duration or make it a frame label",
                asset.Offset + Math.Min(segment.Start, segment.End));
            return;
        }

        if (asset.Asset.TimeBase is not (FrameTimes or SampleClock) || asset.MediaRange is not { } range)
        {
            return;
        }

        var eps = ctx.Policy.FrameTimeEpsilon;
        if (segment.Start < range.Start - eps)
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.OutsideStream, Severity.Error,
                $"{ctx.Describe(a)} starts at {F(segment.Start)} s, {F(range.Start - segment.Start)} s before {asset.Name} starts ({F(range.Start)} s).",
                [a], ctx.EntityOf[a], $"move the start to {F(range.Start)} s", asset.Offset + range.Start, "start");
        }

        if (segment.End > range.End + eps)
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.OutsideStream, Severity.Error,
                $"{ctx.Describe(a)} ends at {F(segment.End)} s, {F(segment.End - range.End)} s past the end of {asset.Name} ({F(range.End)} s).",
                [a], ctx.EntityOf[a], $"move the end to {F(range.End)} s", asset.Offset + range.End, "end");
        }
    }

    private static void CheckInstant(ItemContext ctx, int a, ref AssetInfo asset, double time)
    {
        var eps = ctx.Policy.FrameTimeEpsilon;
        switch (asset.Asset.TimeBase)
        {
            case FrameTimes frames:
                if (asset.MediaRange is not { } range)
                {
                    return;
                }

                if (time < range.Start - eps || time > range.End + eps)
                {
                    var before = time < range.Start;
                    var pts = frames.PresentationTimes;
                    var snap = pts.Count == 0 ? (before ? range.Start : range.End) : (before ? pts[0] : pts[^1]);
                    ctx.Report(
                        FindingType.Temporal, RuleCodes.OutsideStream, Severity.Error,
                        before
                            ? $"{ctx.Describe(a)} is at {F(time)} s, before the first frame of {asset.Name} ({F(range.Start)} s)."
                            : $"{ctx.Describe(a)} is at {F(time)} s, past the end of {asset.Name} ({F(range.End)} s).",
                        [a], ctx.EntityOf[a], $"snap to frame at {F(snap)} s", asset.Offset + snap, before ? "start" : "end");
                    return;
                }

                var k = FrameLookup.Nearest(frames.PresentationTimes, time);
                if (k >= 0 && Math.Abs(frames.PresentationTimes[k] - time) > eps)
                {
                    var pts = frames.PresentationTimes;
                    var (previous, next) = pts[k] <= time ? (k, k + 1) : (k - 1, k);
                    var between = previous >= 0 && next < pts.Count
                        ? $"between frames at {F(pts[previous])} s and {F(pts[next])} s"
                        : previous >= 0 ? $"after the last frame at {F(pts[previous])} s" : $"before the first frame at {F(pts[next])} s";
                    ctx.Report(
                        FindingType.Temporal, RuleCodes.BetweenFrames, Severity.Error,
                        $"{ctx.Describe(a)} sits at {F(time)} s, {between}: no frame of {asset.Name} within {F(eps * 1000, "0.#")} ms.",
                        [a], ctx.EntityOf[a], $"snap to frame at {F(pts[k])} s", asset.Offset + pts[k]);
                }

                break;
            case SampleClock clock when clock.SampleRate > 0:
                var duration = (double)clock.SampleCount / clock.SampleRate;
                if (time < -eps || time > duration + eps)
                {
                    var before = time < 0;
                    ctx.Report(
                        FindingType.Temporal, RuleCodes.OutsideStream, Severity.Error,
                        before
                            ? $"{ctx.Describe(a)} is at {F(time)} s, before {asset.Name} starts (0.000 s)."
                            : $"{ctx.Describe(a)} is at {F(time)} s, past the end of {asset.Name} ({F(duration)} s).",
                        [a], ctx.EntityOf[a], $"move it to {F(before ? 0 : duration)} s", asset.Offset + (before ? 0 : duration), before ? "start" : "end");
                }

                break;
        }
    }

    private static void CheckTrack(ItemContext ctx, int a, ref AssetInfo asset, Track track)
    {
        if (asset.Asset.TimeBase is not FrameTimes frames || asset.MediaRange is not { } range)
        {
            return;
        }

        var eps = ctx.Policy.FrameTimeEpsilon;
        var pts = frames.PresentationTimes;
        int offFrame = 0, outside = 0;
        double firstOff = 0, firstOffSnap = 0, firstOutside = 0;
        var keys = track.Keyframes;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key.At < range.Start - eps || key.At > range.End + eps)
            {
                if (outside++ == 0)
                {
                    firstOutside = key.At;
                }

                continue;
            }

            var k = FrameLookup.Nearest(pts, key.At);
            if (k >= 0 && Math.Abs(pts[k] - key.At) > eps && offFrame++ == 0)
            {
                (firstOff, firstOffSnap) = (key.At, pts[k]);
            }
        }

        if (outside > 0)
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.OutsideStream, Severity.Error,
                $"{ctx.Describe(a)} has {outside} of {track.Keyframes.Count} keyframes outside {asset.Name} ({range}); first at {F(firstOutside)} s.",
                [a], ctx.EntityOf[a], "delete or move the keyframes outside the stream", asset.Offset + Math.Clamp(firstOutside, range.Start, range.End));
        }

        if (offFrame > 0)
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.BetweenFrames, Severity.Error,
                $"{ctx.Describe(a)} has {offFrame} of {track.Keyframes.Count} keyframes between frames of {asset.Name}; first at {F(firstOff)} s (nearest frame {F(firstOffSnap)} s).",
                [a], ctx.EntityOf[a], $"snap keyframes to their nearest frames (first: {F(firstOff)} s → {F(firstOffSnap)} s)", asset.Offset + firstOffSnap);
        }
    }

    private static void CheckSpan(ItemContext ctx, int a, ref AssetInfo asset, TextSpan span)
    {
        if (span.End <= span.Start)
        {
            var reversed = span.End < span.Start;
            ctx.Report(
                FindingType.Temporal, RuleCodes.ReversedRange, Severity.Error,
                reversed
                    ? $"'{ctx.Annotations[a].Label}' span on {asset.Name} ends at character {span.End} before it starts at {span.Start}."
                    : $"'{ctx.Annotations[a].Label}' span on {asset.Name} is empty (characters {span.Start}–{span.End}).",
                [a], ctx.EntityOf[a], reversed ? "swap its start and end" : "select the words it labels", null);
            return;
        }

        var length = asset.Asset.Content?.Length;
        if (length is { } l && (span.Start < 0 || span.End > l))
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.OutsideStream, Severity.Error,
                $"'{ctx.Annotations[a].Label}' span on {asset.Name} covers characters {span.Start}–{span.End}, outside the text (length {l}).",
                [a], ctx.EntityOf[a], "re-select the span inside the text", null);
            return;
        }

        if (asset.Asset.TimeBase is not TimedSegments timed)
        {
            return;
        }

        var segments = timed.Segments;
        var unit = asset.IsDialogue ? "turn" : "cue";
        if (span.SegmentIndex is { } index)
        {
            if (index < 0 || index >= segments.Count)
            {
                ctx.Report(
                    FindingType.Temporal, RuleCodes.OutsideTurn, Severity.Error,
                    $"{ctx.Describe(a)} is put on {unit} #{index}, but {asset.Name} has {segments.Count} {unit}s.",
                    [a], ctx.EntityOf[a], Where(segments, span) is var w and >= 0 ? $"put the label on {unit} #{w}" : null, null);
                return;
            }

            var segment = segments[index];
            if (span.Start >= segment.CharStart && span.End <= segment.CharEnd)
            {
                return;
            }

            var actual = Where(segments, span);
            var said = Describe(segments, index, unit, asset.Offset);
            ctx.Report(
                FindingType.Temporal, RuleCodes.OutsideTurn, Severity.Error,
                actual >= 0
                    ? $"{ctx.Describe(a)} is put on {said}, but its text lies in {Describe(segments, actual, unit, asset.Offset)}."
                    : $"{ctx.Describe(a)} is put on {said}, but its text (characters {span.Start}–{span.End}) falls outside it.",
                [a], ctx.EntityOf[a],
                actual >= 0 ? $"move the label to {unit} #{actual}" : $"re-select the span inside {unit} #{index} (characters {segment.CharStart}–{segment.CharEnd})",
                asset.Offset + (actual >= 0 ? segments[actual].Start : segment.Start));
            return;
        }

        var (first, last) = asset.Segments is { } lookup ? ctx.OverlappedSegments(a, lookup, span) : (-1, -1);
        var crossing = first < 0 ? 0 : first == last ? 1 : 2;

        if (crossing == 0)
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.OutsideTurn, Severity.Error,
                $"{ctx.Describe(a)} lies outside every {unit} of {asset.Name}, so it has no time.",
                [a], ctx.EntityOf[a], $"re-select the span inside a {unit}", null);
        }
        else if (crossing > 1 && unit == "turn" && !string.Equals(segments[first].Speaker, segments[last].Speaker, StringComparison.Ordinal))
        {
            ctx.Report(
                FindingType.Temporal, RuleCodes.CrossesTurns, Severity.Warning,
                $"{ctx.Describe(a)} crosses from {Describe(segments, first, unit, asset.Offset)} into {Describe(segments, last, unit, asset.Offset)}.",
                [a], ctx.EntityOf[a], $"split the span at the {unit} boundary (character {segments[first].CharEnd})", asset.Offset + segments[first].Start);
        }
    }

    private static int Where(IReadOnlyList<TextSegment> segments, TextSpan span)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (span.Start >= segments[i].CharStart && span.End <= segments[i].CharEnd)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Describe(IReadOnlyList<TextSegment> segments, int index, string unit, double offset)
    {
        var s = segments[index];
        var who = string.IsNullOrEmpty(s.Speaker) ? string.Empty : s.Speaker + ", ";
        return $"{unit} #{index} ({who}{F(offset + s.Start)}–{F(offset + s.End)} s)";
    }

    private static void CheckEntityAlignment(ItemContext ctx, int e)
    {
        var mentions = ctx.MentionsOf(e);
        if (mentions.Length < 2)
        {
            return;
        }

        // Group the entity's timed mentions by asset: one span (first … last) per asset.
        var groupAssetBuffer = default(Buffer8<int>);
        var groupHullBuffer = default(Buffer8<TimeExtent>);
        Span<int> groupAsset = groupAssetBuffer;
        Span<TimeExtent> groupHull = groupHullBuffer;
        var groups = 0;
        var modalities = 0;
        foreach (var m in mentions)
        {
            if (!ctx.HasExtent[m])
            {
                continue;
            }

            var asset = ctx.AssetOf[m];
            var g = groupAsset[..groups].IndexOf(asset);
            if (g >= 0)
            {
                groupHull[g] = groupHull[g].Union(ctx.Extent[m]);
            }
            else if (groups < groupAsset.Length)
            {
                groupAsset[groups] = asset;
                groupHull[groups++] = ctx.Extent[m];
                modalities |= 1 << (int)ctx.Assets[asset].Modality;
            }
        }

        if (groups < 2 || (modalities & (modalities - 1)) == 0)
        {
            return; // fewer than two modalities carry time
        }

        var bestBuffer = default(Buffer8<int>);
        var bestExcessBuffer = default(Buffer8<double>);
        Span<int> best = ((Span<int>)bestBuffer)[..5];
        Span<double> bestExcess = ((Span<double>)bestExcessBuffer)[..5];
        var reported = 0UL;
        for (var g = 0; g < groups; g++)
        {
            var mg = ctx.Assets[groupAsset[g]].Modality;
            best.Fill(-1);
            for (var c = 0; c < groups; c++)
            {
                var mc = (int)ctx.Assets[groupAsset[c]].Modality;
                if (mc == (int)mg)
                {
                    continue;
                }

                var excess = TimeExtent.ContainmentExcess(groupHull[g], groupHull[c]);
                if (best[mc] < 0 || excess < bestExcess[mc])
                {
                    best[mc] = c;
                    bestExcess[mc] = excess;
                }
            }

            for (var modality = 0; modality < 5; modality++)
            {
                var c = best[modality];
                if (c < 0)
                {
                    continue;
                }

                var tolerance = ctx.Compiled.Tolerance(mg, (Modality)modality);
                if (bestExcess[modality] <= tolerance + 1e-9)
                {
                    continue;
                }

                var bit = 1UL << ((Math.Min(g, c) * 8) + Math.Max(g, c));
                if ((reported & bit) != 0)
                {
                    continue;
                }

                reported |= bit;
                ReportOutOfStep(ctx, e, mentions, groupAsset[g], groupHull[g], groupAsset[c], groupHull[c], bestExcess[modality], tolerance);
            }
        }
    }

    /// <summary>An interval that can be linked one to one: a time segment on a stream, or a whole turn or cue of a timed text.</summary>
    private static bool IsWholeInterval(ItemContext ctx, int a) =>
        ctx.HasExtent[a] && !ctx.Extent[a].IsInstant && ctx.GranularityOf[a] is Granularity.Segment or Granularity.Sentence;

    /// <summary>
    /// TMP-008: on a modality pair whose boundaries align (policy AlignedBoundaries), two intervals linked one to one
    /// — each is the only interval of the other's modality linked to it — must start and end together within the
    /// pair's tolerance. Containment (TMP-001) cannot see a speech segment shifted inside its turn; this can.
    /// Pairs that do not even nest within the tolerance are left to TMP-001, so one problem gives one finding.
    /// </summary>
    private static void CheckBoundaries(ItemContext ctx)
    {
        ctx.PrepareIntervalPartners();
        var partner = ctx.IntervalPartner;
        var linkedBy = ctx.IntervalPartnerEntity;
        var any = false;
        for (var e = 0; e < ctx.EntityCount; e++)
        {
            var mentions = ctx.MentionsOf(e);
            for (var i = 0; i < mentions.Length; i++)
            {
                var a = mentions[i];
                if (!IsWholeInterval(ctx, a))
                {
                    continue;
                }

                var ma = ctx.ModalityOf(a);
                for (var j = i + 1; j < mentions.Length; j++)
                {
                    var b = mentions[j];
                    var mb = ctx.ModalityOf(b);
                    if (ma == mb || !ctx.Compiled.AlignsBoundaries(ma, mb) || !IsWholeInterval(ctx, b))
                    {
                        continue;
                    }

                    Link(a, b, mb, e);
                    Link(b, a, ma, e);
                    any = true;
                }
            }
        }

        if (!any)
        {
            return;
        }

        for (var a = 0; a < ctx.Count; a++)
        {
            for (var mb = 0; mb < 5; mb++)
            {
                var b = partner[(a * 5) + mb];
                if (b <= a || partner[(b * 5) + (int)ctx.ModalityOf(a)] != a)
                {
                    continue; // none, several, or seen from the other side
                }

                var ma = ctx.ModalityOf(a);
                var tolerance = ctx.Compiled.Tolerance(ma, (Modality)mb);
                var (ea, eb) = (ctx.Extent[a], ctx.Extent[b]);
                var startDelta = ea.Start - eb.Start;
                var endDelta = ea.End - eb.End;
                if ((Math.Abs(startDelta) <= tolerance + 1e-9 && Math.Abs(endDelta) <= tolerance + 1e-9) ||
                    TimeExtent.ContainmentExcess(ea, eb) > tolerance + 1e-9)
                {
                    continue;
                }

                ReportBoundaries(ctx, a, b, linkedBy[(a * 5) + mb], startDelta, endDelta, tolerance);
            }
        }

        void Link(int from, int to, Modality modality, int entity)
        {
            var slot = (from * 5) + (int)modality;
            if (partner[slot] == -1)
            {
                partner[slot] = to;
                linkedBy[slot] = entity;
            }
            else if (partner[slot] != to)
            {
                partner[slot] = -2;
            }
        }
    }

    private static void ReportBoundaries(ItemContext ctx, int a, int b, int entity, double startDelta, double endDelta, double tolerance)
    {
        // The message and the fix speak of the mention to move: the time segment (its start and end are the
        // annotation's own numbers; a turn's times belong to the transcript); between two segments, the shorter.
        var moveA = ctx.Annotations[a].Geometry is TimeSegment &&
                    (ctx.Annotations[b].Geometry is not TimeSegment || ctx.Extent[a].Duration <= ctx.Extent[b].Duration);
        var (mover, other) = moveA ? (a, b) : (b, a);
        var (moverStart, moverEnd) = moveA ? (startDelta, endDelta) : (-startDelta, -endDelta);
        ref var moverAsset = ref ctx.AssetOfAnnotation(mover);
        ref var otherAsset = ref ctx.AssetOfAnnotation(other);
        var pair = CompiledPolicy.PairName(moverAsset.Modality, otherAsset.Modality);
        var starts = Math.Abs(moverStart) > tolerance + 1e-9
            ? $"starts {F(Math.Abs(moverStart))} s {(moverStart > 0 ? "later" : "earlier")}"
            : null;
        var ends = Math.Abs(moverEnd) > tolerance + 1e-9
            ? $"ends {F(Math.Abs(moverEnd))} s {(moverEnd > 0 ? "later" : "earlier")}"
            : null;
        var what = starts is not null && ends is not null ? $"{starts} and {ends}" : starts ?? ends;
        var message =
            $"{ctx.Describe(mover)} ({moverAsset.Modality}, {ctx.Extent[mover]}) and {ctx.Describe(other)} ({otherAsset.Modality}, {ctx.Extent[other]}) " +
            $"are linked one to one but do not start and end together: the {moverAsset.Modality} mention {what}, policy {pair} tolerance ±{F(tolerance)} s.";

        var target = ctx.Extent[other];
        var who = $"the {moverAsset.Modality} mention on {moverAsset.Name}";
        // (Both boundaries off the same way by more than the tolerance would stick out of the other: TMP-001's case.)
        var fix = starts is not null && ends is not null
            ? $"move the start of {who} by {Signed(-moverStart)} s (to {F(target.Start)} s) and its end by {Signed(-moverEnd)} s (to {F(target.End)} s)"
            : starts is not null
                ? $"move the start of {who} by {Signed(-moverStart)} s (to {F(target.Start)} s)"
                : $"move the end of {who} by {Signed(-moverEnd)} s (to {F(target.End)} s)";

        ctx.Report(
            FindingType.Temporal, RuleCodes.BoundariesOutOfStep, Severity.Warning, message, [a, b], entity, fix,
            Math.Min(ctx.Extent[a].Start, ctx.Extent[b].Start));
    }

    private static void ReportOutOfStep(
        ItemContext ctx, int e, ReadOnlySpan<int> mentions, int g, TimeExtent hg, int c, TimeExtent hc, double excess, double tolerance)
    {
        Span<int> involved = mentions.Length <= 64 ? stackalloc int[mentions.Length] : new int[mentions.Length];
        var n = 0;
        var label = string.Empty;
        foreach (var m in mentions)
        {
            if (ctx.HasExtent[m] && (ctx.AssetOf[m] == g || ctx.AssetOf[m] == c))
            {
                involved[n++] = m;
                if (label.Length == 0)
                {
                    label = ctx.Annotations[m].Label;
                }
            }
        }

        var (inner, outer, ia, oa) = hg.Duration <= hc.Duration ? (hg, hc, g, c) : (hc, hg, c, g);
        ref var innerAsset = ref ctx.Assets[ia];
        ref var outerAsset = ref ctx.Assets[oa];
        var pair = CompiledPolicy.PairName(innerAsset.Modality, outerAsset.Modality);
        var entityName = ctx.Entities[e].Name is { Length: > 0 } name ? $"'{name}'" : $"'{label}'";
        string message;
        string? fix;
        if (inner.IsInstant && outer.IsInstant)
        {
            message = $"{entityName} on {innerAsset.Name} ({innerAsset.Modality}, {F(inner.Start)} s) and on {outerAsset.Name} ({outerAsset.Modality}, {F(outer.Start)} s) are {F(excess * 1000, "0")} ms apart, policy {pair} ≤ {F(tolerance * 1000, "0")} ms.";
            fix = NearestCounterpart(ctx, outerAsset.Modality, inner.Start, tolerance, oa) is var k and >= 0
                ? $"link the mention on {ctx.Assets[k].Name} ({F(ctx.Assets[k].Offset)} s) instead"
                : null;
        }
        else
        {
            var early = outer.Start - inner.Start;
            var late = inner.End - outer.End;
            var what = early > tolerance && late > tolerance
                ? $"it starts {F(early)} s before and ends {F(late)} s after"
                : early > tolerance ? $"it starts {F(early)} s before" : $"it ends {F(late)} s after";
            message = $"{entityName} on {innerAsset.Name} ({innerAsset.Modality}, {inner}) does not lie within its mention on {outerAsset.Name} ({outerAsset.Modality}, {outer}): {what}, policy {pair} tolerance ±{F(tolerance)} s.";
            fix = Fix(ref innerAsset, inner, ref outerAsset, outer, tolerance, early, late);
        }

        var discriminator = ctx.Assets[g].Asset.Id.CompareTo(ctx.Assets[c].Asset.Id) < 0
            ? $"{ctx.Assets[g].Asset.Id:N}:{ctx.Assets[c].Asset.Id:N}"
            : $"{ctx.Assets[c].Asset.Id:N}:{ctx.Assets[g].Asset.Id:N}";
        ctx.Report(
            FindingType.Temporal, RuleCodes.MentionsOutOfStep, Severity.Error, message, involved[..n], e, fix, inner.Start,
            discriminator, annotationsInKey: false);
    }

    private static string? Fix(
        ref AssetInfo innerAsset, TimeExtent inner, ref AssetInfo outerAsset, TimeExtent outer, double tolerance, double early, double late)
    {
        if (Movable(ref innerAsset, inner))
        {
            var who = $"the {innerAsset.Modality} mention on {innerAsset.Name}";
            if (inner.End < outer.Start || inner.Start > outer.End)
            {
                var shift = inner.End < outer.Start ? outer.Start - inner.Start : outer.End - inner.End;
                return $"shift {who} by {Signed(shift)} s";
            }

            if (early > tolerance && late > tolerance)
            {
                return $"move the start of {who} by {Signed(early)} s (to {F(outer.Start)} s) and its end by {Signed(-late)} s (to {F(outer.End)} s)";
            }

            return early > tolerance
                ? $"move the start of {who} by {Signed(early)} s (to {F(outer.Start)} s)"
                : $"move the end of {who} by {Signed(-late)} s (to {F(outer.End)} s)";
        }

        if (Movable(ref outerAsset, outer))
        {
            var who = $"the {outerAsset.Modality} mention on {outerAsset.Name}";
            return early > tolerance ? $"extend {who} to start at {F(inner.Start)} s" : $"extend {who} to end at {F(inner.End)} s";
        }

        return null;
    }

    private static bool Movable(ref AssetInfo asset, TimeExtent extent) =>
        !extent.IsInstant && (asset.Modality == Modality.Text || asset.Asset.TimeBase is FrameTimes or SampleClock);

    private static int NearestCounterpart(ItemContext ctx, Modality modality, double time, double tolerance, int except)
    {
        var best = -1;
        var bestGap = tolerance;
        for (var i = 0; i < ctx.AssetCount; i++)
        {
            ref var asset = ref ctx.Assets[i];
            if (i == except || asset.Modality != modality || asset.Asset.TimeBase is not CaptureTime)
            {
                continue;
            }

            var gap = Math.Abs(asset.Offset - time);
            if (gap <= bestGap)
            {
                (best, bestGap) = (i, gap);
            }
        }

        return best;
    }

    private static void CheckProjection(ItemContext ctx, CameraPair pair)
    {
        var policy = ctx.Policy;
        if (pair.Projection.VisibleFraction < policy.CuboidHiddenFraction)
        {
            return; // REF-003 reports a box linked to a cuboid the camera cannot see.
        }

        var iou = pair.Projection.InImage.IoU(pair.BoxRect);
        if (iou >= policy.MinProjectionIoU)
        {
            return;
        }

        ref var camera = ref ctx.Assets[pair.Camera];
        ref var lidar = ref ctx.Assets[ctx.AssetOf[pair.Cuboid]];
        var dt = pair.TimeDifference;
        var projected = pair.Projection.InImage;
        var du = pair.BoxRect.CenterX - projected.CenterX;
        var dv = pair.BoxRect.CenterY - projected.CenterY;
        var depth = pair.Projection.CentreCamera.Z;
        var intrinsics = camera.Camera.Intrinsics;
        var shiftCamera = depth > policy.CameraNearPlane
            ? new Vec3(du * depth / intrinsics.Fx, dv * depth / intrinsics.Fy, 0)
            : new Vec3(0, 0, 0);
        var distance = Math.Sqrt((shiftCamera.X * shiftCamera.X) + (shiftCamera.Y * shiftCamera.Y));
        var toCamera = camera.Camera.CommonToCamera * lidar.SensorToCommon;
        var shift = toCamera.TryInvert(out var cameraToSensor) ? cameraToSensor.TransformDirection(shiftCamera) : shiftCamera;
        if (ctx.Annotations[pair.Cuboid].Geometry is Cuboid cuboid && depth > policy.CameraNearPlane)
        {
            // The projected box is bounded by the cuboid's nearest parts, not its centre: refine the move by re-projecting.
            for (var iteration = 0; iteration < 3; iteration++)
            {
                var pose = new CuboidPose(new Vec3(cuboid.Center.X + shift.X, cuboid.Center.Y + shift.Y, cuboid.Center.Z + shift.Z), cuboid.Size, cuboid.Yaw);
                var moved = CuboidProjector.Project(pose, lidar.SensorToCommon, camera.Camera, policy.CameraNearPlane).InImage;
                if (moved.IsEmpty)
                {
                    break;
                }

                var residual = new Vec3(
                    (pair.BoxRect.CenterX - moved.CenterX) * depth / intrinsics.Fx, (pair.BoxRect.CenterY - moved.CenterY) * depth / intrinsics.Fy, 0);
                var correction = cameraToSensor.TransformDirection(residual);
                shift = new Vec3(shift.X + correction.X, shift.Y + correction.Y, shift.Z + correction.Z);
            }

            distance = Math.Sqrt((shift.X * shift.X) + (shift.Y * shift.Y) + (shift.Z * shift.Z));
        }

        var move = $"move the cuboid by ({Signed(shift.X, "0.00")}, {Signed(shift.Y, "0.00")}, {Signed(shift.Z, "0.00")}) m in the {lidar.Name} frame";
        var gap = $"LiDAR sweep is {F(dt * 1000, "0")} ms from the camera frame";
        string explanation;
        string fix;
        var sizeOnly = distance < 0.05 || Math.Abs(du) + Math.Abs(dv) < 0.1 * (projected.Width + projected.Height);
        if (sizeOnly)
        {
            explanation = $"the boxes are centred alike but differ in size (projected {F(projected.Width, "0")}×{F(projected.Height, "0")} px, 2D {F(pair.BoxRect.Width, "0")}×{F(pair.BoxRect.Height, "0")} px), which timing does not explain";
            fix = "resize the cuboid or the 2D box";
        }
        else if (dt <= 1e-6)
        {
            explanation = $"sweep and frame are simultaneous, so timing does not explain the {F(distance, "0.00")} m offset (check the cuboid, the 2D box or the calibration)";
            fix = move;
        }
        else
        {
            var speed = distance / dt;
            if (speed <= policy.MaxObjectSpeed)
            {
                explanation = $"this explains the {F(distance, "0.00")} m offset at {F(speed, "0.0")} m/s (policy max {F(policy.MaxObjectSpeed, "0.0")} m/s)";
                fix = $"draw the cuboid on the sweep nearest the camera frame, or {move}";
            }
            else
            {
                explanation = $"this does not explain the {F(distance, "0.00")} m offset (it would take {F(speed, "0.0")} m/s, policy max {F(policy.MaxObjectSpeed, "0.0")} m/s)";
                fix = move;
            }
        }

        ctx.Report(
            FindingType.Temporal, RuleCodes.ProjectionMismatch, Severity.Error,
            $"3D box '{ctx.Annotations[pair.Cuboid].Label}' on {lidar.Name} projects into {camera.Name} with IoU {F(iou, "0.00")} to its 2D box, policy ≥ {F(policy.MinProjectionIoU, "0.00")}; {gap}: {explanation}.",
            [pair.Box, pair.Cuboid], pair.Entity, fix, pair.FrameTime, camera.Asset.Id.ToString("N"));
    }
}
