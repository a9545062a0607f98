using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using static MultimodalAnnotate.Validation.Rules.ItemContext;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>
/// Rule family 2, semantic inconsistency: SEM-001…003 class relations between an entity's mentions, SEM-004/005 text
/// wording (through the lexicon), SEM-006/007 colours (taxonomy + perceptual distance), SEM-008 unknown label,
/// SEM-009 unknown colour, SEM-010 enumeration/boolean attribute mismatch, SEM-011 attribute value the ontology does not allow.
/// </summary>
internal static class SemanticRules
{
    public static void Run(ItemContext ctx)
    {
        ResolveColours(ctx);
        ctx.PrepareWordings();
        for (var a = 0; a < ctx.Count; a++)
        {
            if (ctx.AssetOf[a] < 0)
            {
                continue;
            }

            if (ctx.ClassOf[a] < 0)
            {
                ReportUnknownLabel(ctx, a);
            }

            CheckWording(ctx, a);
            if (ctx.Compiled.CheckedAttributes.Length > 0)
            {
                CheckAttributeValues(ctx, a);
            }
        }

        for (var e = 0; e < ctx.EntityCount; e++)
        {
            var mentions = ctx.MentionsOf(e);
            if (mentions.Length < 2)
            {
                continue;
            }

            CheckClasses(ctx, e, mentions);
            CheckWordingAgainstMentions(ctx, e, mentions);
            CheckColours(ctx, e, mentions);
            CheckAttributes(ctx, e, mentions);
        }
    }

    private static void ReportUnknownLabel(ItemContext ctx, int a)
    {
        var label = ctx.Annotations[a].Label ?? string.Empty;
        string? fix = null;
        var matches = new List<TermMatch>(1);
        ctx.Ontology.Lexicon.FindTerms(label, 0, label.Length, matches);
        if (matches.Count == 1)
        {
            fix = $"use the class '{ctx.Ontology.NameOf(matches[0].ClassId)}'";
        }

        ctx.Report(
            FindingType.Semantic, RuleCodes.UnknownLabel, Severity.Warning,
            $"{ctx.Describe(a)}: label '{label}' is not a class of the ontology, so it cannot be checked against other mentions.",
            [a], ctx.EntityOf[a], fix ?? "pick a class of the ontology", ctx.HasExtent[a] ? ctx.Extent[a].Start : null);
    }

    /// <summary>
    /// Resolves every annotation's colour attributes once (term id or literal #rrggbb, with its Lab value) into the
    /// context, reporting SEM-009 for values that resolve to nothing. A text span without the attribute takes a colour
    /// word from its text when the ontology has a single colour attribute.
    /// </summary>
    private static void ResolveColours(ItemContext ctx)
    {
        var names = ctx.Compiled.ColourAttributes;
        if (names.Length == 0)
        {
            return;
        }

        ctx.PrepareColours(names.Length);
        for (var a = 0; a < ctx.Count; a++)
        {
            if (ctx.AssetOf[a] < 0)
            {
                continue;
            }

            if (ctx.Reused[a] && ctx.Memo is { ColourSlots: > 0 } memo && memo.ColourSlots == names.Length * memo.Annotations.Length)
            {
                // The same annotation as last time: its colours resolve as they did (SEM-009 is reported again).
                for (var k = 0; k < names.Length; k++)
                {
                    var slot = (k * ctx.Count) + a;
                    var from = (k * memo.Annotations.Length) + a;
                    var value = ctx.ColourValue[slot] = memo.ColourValue[from];
                    ctx.ColourTerm[slot] = memo.ColourTerm[from];
                    ctx.ColourLab[slot] = memo.ColourLab[from];
                    if (value is not null && ctx.ColourTerm[slot] == -2)
                    {
                        ReportUnknownColour(ctx, a, names[k], value);
                    }
                }

                continue;
            }

            for (var k = 0; k < names.Length; k++)
            {
                var slot = (k * ctx.Count) + a;
                string? value = null;
                if (ctx.AttributeValue(a, ctx.Compiled.ColourAttributeSlots[k]) is { } raw && !string.IsNullOrWhiteSpace(raw))
                {
                    value = raw.Trim();
                    if (!ctx.Ontology.Colours.TryResolve(value, out ctx.ColourTerm[slot], out ctx.ColourLab[slot]))
                    {
                        ctx.ColourTerm[slot] = -2;
                        ReportUnknownColour(ctx, a, names[k], value);
                    }
                }
                else if (names.Length == 1 && ColourWordOf(ctx, a) is { } word && ctx.Ontology.Colours.TryResolve(word, out ctx.ColourTerm[slot], out ctx.ColourLab[slot]))
                {
                    value = word;
                }

                ctx.ColourValue[slot] = value;
            }
        }
    }

    /// <summary>SEM-011: values of declared enumeration, number and boolean attributes that the definition does not allow.</summary>
    private static void CheckAttributeValues(ItemContext ctx, int a)
    {
        var declared = ctx.Compiled.CheckedAttributes;
        int invalid;
        if (ctx.Reused[a] && ctx.Memo is { } memo)
        {
            invalid = memo.InvalidAttributes[a];
        }
        else
        {
            invalid = 0;
            for (var k = 0; k < declared.Length; k++)
            {
                if (ctx.AttributeValue(a, ctx.Compiled.CheckedAttributeSlots[k]) is { } raw && !declared[k].Fits(raw.Trim()))
                {
                    invalid |= 1 << k;
                }
            }
        }

        ctx.InvalidAttributes[a] = invalid;
        for (var k = 0; invalid != 0 && k < declared.Length; k++)
        {
            if ((invalid & (1 << k)) == 0)
            {
                continue;
            }

            var attribute = declared[k];
            var value = ctx.AttributeValue(a, ctx.Compiled.CheckedAttributeSlots[k])!.Trim();
            ctx.Report(
                FindingType.Semantic, RuleCodes.InvalidAttributeValue, Severity.Warning,
                $"{ctx.Describe(a)}: {attribute.Name} '{value}' is not {attribute.Expected}, as the ontology defines {attribute.Name}.",
                [a], ctx.EntityOf[a], $"set {attribute.Name} to {attribute.Expected}", ctx.HasExtent[a] ? ctx.Extent[a].Start : null, attribute.Name);
        }
    }

    private static void ReportUnknownColour(ItemContext ctx, int a, string name, string value) =>
        ctx.Report(
            FindingType.Semantic, RuleCodes.UnknownColour, Severity.Warning,
            $"{ctx.Describe(a)}: {name} '{value}' is neither a colour term of the ontology nor #rrggbb, so it cannot be compared.",
            [a], ctx.EntityOf[a], "pick a colour term of the ontology", ctx.HasExtent[a] ? ctx.Extent[a].Start : null, name);

    /// <summary>
    /// The class a text span's wording denotes: among the lexicon terms inside the span, the one that agrees best with
    /// the span's label (any exact agreement wins). -1 when the span holds no term or is not a word-level span.
    /// </summary>
    private static int WordingOf(ItemContext ctx, int a)
    {
        var cached = ctx.Wording[a];
        if (cached != ItemContext.WordingUnknown)
        {
            return cached;
        }

        return ctx.Wording[a] = ComputeWording(ctx, a);
    }

    private static int ComputeWording(ItemContext ctx, int a)
    {
        if (ctx.Annotations[a].Geometry is not TextSpan span || ctx.GranularityOf[a] != Granularity.Span)
        {
            return -1;
        }

        var label = ctx.ClassOf[a];
        var best = -1;
        var bestBadness = int.MaxValue;
        foreach (var term in ctx.TermsWithin(ctx.AssetOf[a], span.Start, span.End))
        {
            if (term.CharEnd > span.End)
            {
                continue;
            }

            var badness = label < 0 ? 0 : ctx.Ontology.Relate(label, term.ClassId).Badness();
            if (badness <= bestBadness)
            {
                (best, bestBadness) = (term.ClassId, badness);
            }

            if (badness == 0 && label >= 0)
            {
                return term.ClassId;
            }
        }

        return best;
    }

    private static void CheckWording(ItemContext ctx, int a)
    {
        var label = ctx.ClassOf[a];
        if (label < 0 || ctx.Annotations[a].Geometry is not TextSpan span)
        {
            return;
        }

        var wording = WordingOf(ctx, a);
        if (wording < 0 || wording == label)
        {
            return;
        }

        var relation = ctx.Ontology.Relate(label, wording);
        if (relation == ClassRelation.Same || !Comparable(ctx, label, wording, relation))
        {
            return;
        }

        var severity = relation.IsConflict() ? Severity.Error : Severity.Warning;
        ctx.Report(
            FindingType.Semantic, RuleCodes.LabelVersusWording, severity,
            $"Span \"{ctx.SpanText(a, span, 60)}\" on {ctx.AssetOfAnnotation(a).Name} is labelled '{ctx.Annotations[a].Label}' but its wording reads as '{ctx.Ontology.NameOf(wording)}': {Relation(ctx, label, wording, relation)}.",
            [a], ctx.EntityOf[a], $"relabel it as '{ctx.Ontology.NameOf(wording)}' or re-select the words it refers to",
            ctx.HasExtent[a] ? ctx.Extent[a].Start : null);
    }

    private static void CheckClasses(ItemContext ctx, int e, ReadOnlySpan<int> mentions)
    {
        var classes = ctx.IntScratch(0, mentions.Length);
        var counts = ctx.IntScratch(1, mentions.Length);
        var distinct = 0;
        foreach (var m in mentions)
        {
            var c = ctx.ClassOf[m];
            if (c < 0)
            {
                continue;
            }

            var found = classes[..distinct].IndexOf(c);
            if (found < 0)
            {
                classes[distinct] = c;
                counts[distinct++] = 1;
            }
            else
            {
                counts[found]++;
            }
        }

        var involved = ctx.IntScratch(2, mentions.Length);
        for (var i = 0; i < distinct; i++)
        {
            for (var j = i + 1; j < distinct; j++)
            {
                var (a, b) = (classes[i], classes[j]);
                var relation = ctx.Ontology.Relate(a, b);
                if (relation == ClassRelation.Same)
                {
                    continue;
                }

                var (code, severity) = relation switch
                {
                    ClassRelation.Disjoint => (RuleCodes.DisjointClasses, Severity.Error),
                    ClassRelation.Unrelated => (RuleCodes.UnrelatedClasses, Severity.Error),
                    _ => (RuleCodes.BroaderNarrower, Severity.Warning),
                };
                var n = 0;
                double? time = null;
                foreach (var m in mentions)
                {
                    if (ctx.ClassOf[m] == a || ctx.ClassOf[m] == b)
                    {
                        involved[n++] = m;
                        if (ctx.HasExtent[m] && (time is null || ctx.Extent[m].Start < time))
                        {
                            time = ctx.Extent[m].Start;
                        }
                    }
                }

                string fix;
                if (severity == Severity.Warning)
                {
                    var narrower = relation == ClassRelation.Ancestor ? b : a;
                    fix = relation == ClassRelation.Overlapping
                        ? $"use one class on every mention ('{ctx.Ontology.NameOf(a)}' or '{ctx.Ontology.NameOf(b)}')"
                        : $"use '{ctx.Ontology.NameOf(narrower)}' on every mention (the more specific class)";
                }
                else if (counts[i] != counts[j])
                {
                    var (major, minor) = counts[i] > counts[j] ? (a, b) : (b, a);
                    fix = $"relabel the '{ctx.Ontology.NameOf(minor)}' mention(s) as '{ctx.Ontology.NameOf(major)}' ({Math.Max(counts[i], counts[j])} of {counts[i] + counts[j]} say so), or split the entity";
                }
                else
                {
                    fix = "decide which class is right and relabel the other mention(s), or split the entity";
                }

                ctx.Report(
                    FindingType.Semantic, code, severity,
                    $"Mentions of {EntityName(ctx, e)} disagree: {Mentioned(ctx, mentions, a)} vs {Mentioned(ctx, mentions, b)}; {Relation(ctx, a, b, relation)}.",
                    involved[..n], e, fix, time, ClassPair(ctx.Ontology.NameOf(a), ctx.Ontology.NameOf(b)));
            }
        }
    }

    private static void CheckWordingAgainstMentions(ItemContext ctx, int e, ReadOnlySpan<int> mentions)
    {
        foreach (var t in mentions)
        {
            if (ctx.Annotations[t].Geometry is not TextSpan span)
            {
                continue;
            }

            var wording = WordingOf(ctx, t);
            var label = ctx.ClassOf[t];
            if (wording < 0 || wording == label)
            {
                continue;
            }

            var ownBadness = label >= 0 ? ctx.Ontology.Relate(label, wording).Badness() : 0;
            foreach (var o in mentions)
            {
                var other = ctx.ClassOf[o];
                if (o == t || other < 0 || ctx.ModalityOf(o) == Modality.Text)
                {
                    continue;
                }

                var relation = ctx.Ontology.Relate(wording, other);
                if (!Comparable(ctx, wording, other, relation))
                {
                    continue;
                }

                var badness = relation.Badness();
                var labelBadness = label >= 0 ? ctx.Ontology.Relate(label, other).Badness() : 0;
                if (badness <= labelBadness || badness <= ownBadness)
                {
                    continue;
                }

                ctx.Report(
                    FindingType.Semantic, RuleCodes.WordingVersusMentions, badness >= 2 ? Severity.Error : Severity.Warning,
                    $"Span \"{ctx.SpanText(t, span, 60)}\" on {ctx.AssetOfAnnotation(t).Name} reads as '{ctx.Ontology.NameOf(wording)}', but {ctx.Describe(o)} of the same entity says '{ctx.Ontology.NameOf(other)}': {Relation(ctx, wording, other, relation)}.",
                    [t, o], e, "re-select the words that refer to this entity, or unlink the span", ctx.HasExtent[t] ? ctx.Extent[t].Start : null);
            }
        }
    }

    private static void CheckColours(ItemContext ctx, int e, ReadOnlySpan<int> mentions)
    {
        var names = ctx.Compiled.ColourAttributes;
        if (names.Length == 0)
        {
            return;
        }

        var distinct = ctx.IntScratch(0, mentions.Length);
        var involved = ctx.IntScratch(1, mentions.Length);
        for (var k = 0; k < names.Length; k++)
        {
            var baseSlot = k * ctx.Count;
            var count = 0;
            foreach (var m in mentions)
            {
                var value = ctx.ColourValue[baseSlot + m];
                if (value is null || ctx.ColourTerm[baseSlot + m] == -2)
                {
                    continue;
                }

                var seen = false;
                foreach (var d in distinct[..count])
                {
                    seen |= SameColour(ctx, baseSlot + d, baseSlot + m);
                }

                if (!seen)
                {
                    distinct[count++] = m;
                }
            }

            for (var i = 0; i < count; i++)
            {
                for (var j = i + 1; j < count; j++)
                {
                    var (x, y) = (baseSlot + distinct[i], baseSlot + distinct[j]);
                    var comparison = ctx.Ontology.Colours.Compare(ctx.ColourTerm[x], ctx.ColourLab[x], ctx.ColourTerm[y], ctx.ColourLab[y], ctx.Policy);
                    if (comparison.Verdict is ColourVerdict.Agree or ColourVerdict.Unknown)
                    {
                        continue;
                    }

                    var n = 0;
                    foreach (var m in mentions)
                    {
                        if (ctx.ColourValue[baseSlot + m] is not null && (SameColour(ctx, x, baseSlot + m) || SameColour(ctx, y, baseSlot + m)))
                        {
                            involved[n++] = m;
                        }
                    }

                    var (first, second) = (ctx.ColourValue[x]!, ctx.ColourValue[y]!);
                    var conflict = comparison.Verdict == ColourVerdict.Conflict;
                    var unit = ctx.Policy.ColourDistance == ColourDistanceFormula.Cie76 ? "ΔE76" : "ΔE00";
                    var threshold = conflict
                        ? $"≥ {F(ctx.Policy.ColourErrorMinDistance, "0.0")} is an error"
                        : $"between {F(ctx.Policy.ColourSameMaxDistance, "0.0")} and {F(ctx.Policy.ColourErrorMinDistance, "0.0")} is a warning";
                    var (low, high) = string.CompareOrdinal(first.ToLowerInvariant(), second.ToLowerInvariant()) <= 0
                        ? (first.ToLowerInvariant(), second.ToLowerInvariant())
                        : (second.ToLowerInvariant(), first.ToLowerInvariant());
                    ctx.Report(
                        FindingType.Semantic, conflict ? RuleCodes.ColourConflict : RuleCodes.ColourNear, conflict ? Severity.Error : Severity.Warning,
                        $"{names[k]} of {EntityName(ctx, e)} differs: '{first}' ({ctx.Describe(distinct[i])}) vs '{second}' ({ctx.Describe(distinct[j])}): {comparison.Reason}, {unit} {F(comparison.Distance ?? 0, "0.0")} (policy: {threshold}).",
                        involved[..n], e, $"use one {names[k]} on every mention", null, $"{names[k]}:{low}~{high}");
                }
            }
        }
    }

    /// <summary>Two resolved colour slots name the same colour: the same term, or the same literal value.</summary>
    private static bool SameColour(ItemContext ctx, int x, int y) =>
        ctx.ColourTerm[x] >= 0
            ? ctx.ColourTerm[x] == ctx.ColourTerm[y]
            : ctx.ColourTerm[y] < 0 && string.Equals(ctx.ColourValue[x], ctx.ColourValue[y], StringComparison.OrdinalIgnoreCase);

    /// <summary>A colour word (or two-word colour term such as "sky blue") in a text span's words, or null.</summary>
    private static string? ColourWordOf(ItemContext ctx, int m)
    {
        if (ctx.Annotations[m].Geometry is not TextSpan span || ctx.AssetOfAnnotation(m).Asset.Content is not { } content)
        {
            return null;
        }

        var start = Math.Clamp(span.Start, 0, content.Length);
        var end = Math.Clamp(span.End, start, content.Length);
        var position = start;
        var term = ctx.Ontology.Colours.NextNamed(content.AsSpan(0, end), ref position);
        return term >= 0 ? ctx.Ontology.Colours.NameOf(term) : null;
    }

    private static void CheckAttributes(ItemContext ctx, int e, ReadOnlySpan<int> mentions)
    {
        if (ctx.Compiled.AgreementAttributes.Length == 0)
        {
            return;
        }

        var involved = ctx.IntScratch(0, mentions.Length);
        for (var k = 0; k < ctx.Compiled.AgreementAttributes.Length; k++)
        {
            var name = ctx.Compiled.AgreementAttributes[k];
            var slot = ctx.Compiled.AgreementAttributeSlots[k];
            string? first = null;
            var firstMention = -1;
            var differs = -1;
            foreach (var m in mentions)
            {
                var value = ctx.AttributeValue(m, slot);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (first is null)
                {
                    (first, firstMention) = (value.Trim(), m);
                }
                else if (!string.Equals(first, value.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    differs = m;
                    break;
                }
            }

            if (differs < 0)
            {
                continue;
            }

            var n = 0;
            foreach (var m in mentions)
            {
                var attributes = ctx.Annotations[m].Attributes;
                if (attributes is not null && attributes.ContainsKey(name))
                {
                    involved[n++] = m;
                }
            }

            ctx.Report(
                FindingType.Semantic, RuleCodes.AttributeMismatch, Severity.Warning,
                $"{name} of {EntityName(ctx, e)} differs: '{first}' ({ctx.Describe(firstMention)}) vs '{ctx.AttributeValue(differs, slot)!.Trim()}' ({ctx.Describe(differs)}).",
                involved[..n], e, $"set the same {name} on every mention", null, name);
        }
    }

    /// <summary>
    /// Whether a text's wording can be held against a label: classes in one is-a tree or declared disjoint. A label from
    /// another tree (a sentiment on a phrase that names a dog) is not about the thing the words name.
    /// </summary>
    private static bool Comparable(ItemContext ctx, int a, int b, ClassRelation relation) =>
        relation != ClassRelation.Unrelated || ctx.Ontology.CommonAncestor(a, b) >= 0;

    /// <summary>A class pair by name, ordered so the key does not depend on mention order or class ids.</summary>
    private static string ClassPair(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? $"{a}~{b}" : $"{b}~{a}";

    private static string EntityName(ItemContext ctx, int e) =>
        ctx.Entities[e].Name is { Length: > 0 } name ? $"entity '{name}'" : "one entity";

    private static string Mentioned(ItemContext ctx, ReadOnlySpan<int> mentions, int classId)
    {
        var first = -1;
        var count = 0;
        foreach (var m in mentions)
        {
            if (ctx.ClassOf[m] == classId)
            {
                count++;
                if (first < 0)
                {
                    first = m;
                }
            }
        }

        return count > 1 ? $"{ctx.Describe(first)} (and {count - 1} more)" : ctx.Describe(first).ToString();
    }

    internal static string Relation(ItemContext ctx, int a, int b, ClassRelation relation)
    {
        var (x, y) = (ctx.Ontology.NameOf(a), ctx.Ontology.NameOf(b));
        return relation switch
        {
            ClassRelation.Ancestor => $"'{x}' is broader than '{y}'",
            ClassRelation.Descendant => $"'{x}' is narrower than '{y}'",
            ClassRelation.Overlapping => $"'{x}' and '{y}' overlap (they share a subclass) but neither is a kind of the other",
            ClassRelation.Disjoint => $"'{x}' and '{y}' are disjoint classes",
            ClassRelation.Unrelated when ctx.Ontology.CommonAncestor(a, b) is var c and >= 0 => $"'{x}' and '{y}' are different kinds of '{ctx.Ontology.NameOf(c)}'",
            ClassRelation.Unrelated => $"'{x}' and '{y}' are unrelated classes",
            _ => $"'{x}' and '{y}' are the same class",
        };
    }
}
