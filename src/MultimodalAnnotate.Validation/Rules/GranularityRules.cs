using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>
/// Rule family 4, granularity mismatch: GRN-001 a linked pair (same entity, or a relation) whose granularities the
/// policy forbids on that modality pair; GRN-002 linked mentions on a modality pair that must match but do not.
/// </summary>
internal static class GranularityRules
{
    public static void Run(ItemContext ctx)
    {
        for (var e = 0; e < ctx.EntityCount; e++)
        {
            var mentions = ctx.MentionsOf(e);
            for (var i = 0; i < mentions.Length; i++)
            {
                for (var j = i + 1; j < mentions.Length; j++)
                {
                    Check(ctx, mentions[i], mentions[j], e, mentions, null);
                }
            }
        }

        foreach (var relation in ctx.Item.Relations ?? [])
        {
            if (ctx.TryIndexOf(relation.FromAnnotationId, out var from) && ctx.TryIndexOf(relation.ToAnnotationId, out var to) &&
                ctx.AssetOf[from] >= 0 && ctx.AssetOf[to] >= 0 && from != to && !SameEntity(ctx, from, to))
            {
                Check(ctx, from, to, -1, default, relation);
            }
        }
    }

    private static bool SameEntity(ItemContext ctx, int a, int b)
    {
        for (var e = 0; e < ctx.EntityCount; e++)
        {
            var mentions = ctx.MentionsOf(e);
            if (mentions.IndexOf(a) >= 0 && mentions.IndexOf(b) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void Check(ItemContext ctx, int a, int b, int e, ReadOnlySpan<int> mentions, RelationSnapshot? relation)
    {
        var (ma, mb) = (ctx.ModalityOf(a), ctx.ModalityOf(b));
        var (ga, gb) = (ctx.GranularityOf[a], ctx.GranularityOf[b]);
        var link = relation is null ? "is linked to" : $"is related ('{relation.Type}') to";
        if (ctx.Compiled.IsForbidden(ma, ga, mb, gb))
        {
            // One finding per distinct (modality, granularity) pair in an entity: skip if an earlier pair had the same shape.
            if (relation is null && EarlierSameShape(ctx, mentions, a, b))
            {
                return;
            }

            var involved = relation is null ? Shaped(ctx, mentions, ma, ga, mb, gb) : [a, b];
            ctx.Report(
                FindingType.Granularity, RuleCodes.ForbiddenGranularityLink, Severity.Error,
                $"{Level(ga)}-level {ma} {ctx.Describe(a)} {link} {Level(gb)}-level {mb} {ctx.Describe(b)}; the policy forbids linking {ma}:{ga} with {mb}:{gb}.",
                involved, e, Advice(ma, ga, mb, gb), Earliest(ctx, involved),
                relation is null ? $"{Shape(ma, ga, mb, gb)}" : $"relation:{relation.Id:N}", annotationsInKey: relation is not null);
        }
        else if (ma != mb && ga != gb && ctx.Compiled.MustMatch(ma, mb))
        {
            if (relation is null && EarlierSameShape(ctx, mentions, a, b))
            {
                return;
            }

            var involved = relation is null ? Shaped(ctx, mentions, ma, ga, mb, gb) : [a, b];
            ctx.Report(
                FindingType.Granularity, RuleCodes.GranularityMustMatch, Severity.Error,
                $"{Level(ga)}-level {ma} {ctx.Describe(a)} {link} {Level(gb)}-level {mb} {ctx.Describe(b)}; the policy requires {ma} and {mb} mentions to have the same granularity.",
                involved, e, $"annotate both at the same level (both {Level(ga)} or both {Level(gb)})", Earliest(ctx, involved),
                relation is null ? $"{Shape(ma, ga, mb, gb)}" : $"relation:{relation.Id:N}", annotationsInKey: relation is not null);
        }
    }

    private static string Shape(Modality ma, Granularity ga, Modality mb, Granularity gb)
    {
        var x = $"{ma}:{ga}";
        var y = $"{mb}:{gb}";
        return string.CompareOrdinal(x, y) <= 0 ? $"{x}|{y}" : $"{y}|{x}";
    }

    private static bool EarlierSameShape(ItemContext ctx, ReadOnlySpan<int> mentions, int a, int b)
    {
        var shape = (ctx.ModalityOf(a), ctx.GranularityOf[a], ctx.ModalityOf(b), ctx.GranularityOf[b]);
        var ia = mentions.IndexOf(a);
        var ib = mentions.IndexOf(b);
        for (var i = 0; i < mentions.Length; i++)
        {
            for (var j = i + 1; j < mentions.Length; j++)
            {
                if (i > ia || (i == ia && j >= ib))
                {
                    return false;
                }

                var (x, y) = (mentions[i], mentions[j]);
                var s = (ctx.ModalityOf(x), ctx.GranularityOf[x], ctx.ModalityOf(y), ctx.GranularityOf[y]);
                if (s == shape || s == (shape.Item3, shape.Item4, shape.Item1, shape.Item2))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int[] Shaped(ItemContext ctx, ReadOnlySpan<int> mentions, Modality ma, Granularity ga, Modality mb, Granularity gb)
    {
        var result = new List<int>();
        foreach (var m in mentions)
        {
            var s = (ctx.ModalityOf(m), ctx.GranularityOf[m]);
            if (s == (ma, ga) || s == (mb, gb))
            {
                result.Add(m);
            }
        }

        return [.. result];
    }

    private static double? Earliest(ItemContext ctx, ReadOnlySpan<int> involved)
    {
        double? time = null;
        foreach (var m in involved)
        {
            if (ctx.HasExtent[m] && (time is null || ctx.Extent[m].Start < time))
            {
                time = ctx.Extent[m].Start;
            }
        }

        return time;
    }

    private static string Level(Granularity g) => g.ToString().ToLowerInvariant();

    private static string Advice(Modality ma, Granularity ga, Modality mb, Granularity gb)
    {
        var coarse = ga > gb ? (ma, ga) : (mb, gb);
        var fine = ga > gb ? (mb, gb) : (ma, ga);
        return $"link the {fine.Item1} {Level(fine.Item2)}-level annotation to {coarse.Item1} annotations of matching granularity instead of a whole {Level(coarse.Item2)}, or annotate both at the same level";
    }
}
