using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>Validated input of an agreement report: assets, annotators and each annotator's annotations per asset.</summary>
internal sealed class AgreementInput
{
    private readonly List<Dictionary<Guid, List<AnnotationSnapshot>>> _byAsset;

    private AgreementInput(IReadOnlyList<AssetSnapshot> assets, IReadOnlyList<AnnotatorWork> annotators, List<Dictionary<Guid, List<AnnotationSnapshot>>> byAsset)
    {
        Assets = assets;
        Annotators = annotators;
        Names = annotators.Select(a => a.Annotator).ToList();
        _byAsset = byAsset;
    }

    public IReadOnlyList<AssetSnapshot> Assets { get; }

    public IReadOnlyList<AnnotatorWork> Annotators { get; }

    public IReadOnlyList<string> Names { get; }

    public static AgreementInput Prepare(IReadOnlyList<AssetSnapshot> assets, IReadOnlyList<AnnotatorWork> annotators)
    {
        if (annotators.Count < 2)
        {
            throw new ArgumentException("Agreement needs at least two annotators.", nameof(annotators));
        }

        var duplicate = annotators.GroupBy(a => a.Annotator, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Annotator '{duplicate.Key}' is listed twice.", nameof(annotators));
        }

        var known = new HashSet<Guid>();
        foreach (var asset in assets)
        {
            if (!known.Add(asset.Id))
            {
                throw new ArgumentException($"Asset {asset.Id} is listed twice.", nameof(assets));
            }
        }

        var byAsset = new List<Dictionary<Guid, List<AnnotationSnapshot>>>();
        foreach (var annotator in annotators)
        {
            var map = new Dictionary<Guid, List<AnnotationSnapshot>>();
            foreach (var annotation in annotator.Annotations)
            {
                if (!known.Contains(annotation.AssetId))
                {
                    throw new ArgumentException($"Annotation {annotation.Id} of '{annotator.Annotator}' is on asset {annotation.AssetId}, which is not among the compared assets.", nameof(annotators));
                }

                if (!annotator.IsAssigned(annotation.AssetId))
                {
                    throw new ArgumentException($"Annotation {annotation.Id} of '{annotator.Annotator}' is on asset {annotation.AssetId}, which was not assigned to them.", nameof(annotators));
                }

                if (string.Equals(annotation.Label, AgreementReport.NoneLabel, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Annotation {annotation.Id} uses the reserved label '{AgreementReport.NoneLabel}'.", nameof(annotators));
                }

                if (!map.TryGetValue(annotation.AssetId, out var list))
                {
                    list = [];
                    map[annotation.AssetId] = list;
                }

                list.Add(annotation);
            }

            byAsset.Add(map);
        }

        return new AgreementInput(assets, annotators, byAsset);
    }

    public IReadOnlyList<AnnotationSnapshot> AnnotationsOn(int annotator, Guid assetId) =>
        _byAsset[annotator].TryGetValue(assetId, out var list) ? list : [];

    public int AnnotationCount(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                return _byAsset[i].Values.Sum(l => l.Count);
            }
        }

        return 0;
    }
}

/// <summary>
/// Builds agreement units: per asset and per group (geometry kind, frame), annotators are taken in input order
/// and each one's annotations are matched to the clusters built so far (Hungarian matching on the mean overlap
/// with a cluster's members, at the kind's threshold); unmatched annotations open new clusters.
/// </summary>
internal static class AnnotationClustering
{
    internal readonly record struct GroupKey(string Kind, long? Frame);

    internal sealed record Cluster(AgreementUnit Unit, IReadOnlyList<AnnotationSnapshot> Members);

    public static Dictionary<GroupKey, List<AnnotationSnapshot>> Groups(IEnumerable<AnnotationSnapshot> annotations)
    {
        var groups = new Dictionary<GroupKey, List<AnnotationSnapshot>>();
        foreach (var annotation in annotations)
        {
            var key = KeyOf(annotation.Geometry);
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups[key] = list;
            }

            list.Add(annotation);
        }

        return groups;
    }

    public static List<Cluster> Build(AgreementInput work, AgreementOptions options)
    {
        var result = new List<Cluster>();
        foreach (var asset in work.Assets)
        {
            var assigned = Enumerable.Range(0, work.Names.Count).Where(i => work.Annotators[i].IsAssigned(asset.Id)).ToList();
            if (assigned.Count == 0)
            {
                continue;
            }

            var order = new List<GroupKey>();
            var clustersByKey = new Dictionary<GroupKey, List<Dictionary<int, AnnotationSnapshot>>>();
            foreach (var annotator in assigned)
            {
                foreach (var (key, rows) in Groups(work.AnnotationsOn(annotator, asset.Id)))
                {
                    if (!clustersByKey.TryGetValue(key, out var clusters))
                    {
                        clusters = [];
                        clustersByKey[key] = clusters;
                        order.Add(key);
                    }

                    var matched = GeometryMatcher.MatchIndices(
                        rows.Count,
                        clusters.Count,
                        (i, j) => clusters[j].Values.Average(m => Overlap.Similarity(rows[i].Geometry, m.Geometry)),
                        (i, j) => clusters[j].Values.Count(m => string.Equals(m.Label, rows[i].Label, StringComparison.Ordinal)) / (double)clusters[j].Count,
                        options.MinOverlapFor(rows[0].Geometry));
                    var used = new bool[rows.Count];
                    foreach (var p in matched)
                    {
                        clusters[p.Column][annotator] = rows[p.Row];
                        used[p.Row] = true;
                    }

                    for (var i = 0; i < rows.Count; i++)
                    {
                        if (!used[i])
                        {
                            clusters.Add(new Dictionary<int, AnnotationSnapshot> { [annotator] = rows[i] });
                        }
                    }
                }
            }

            foreach (var key in order)
            {
                foreach (var members in clustersByKey[key])
                {
                    var ratings = assigned
                        .Select(i => members.TryGetValue(i, out var m)
                            ? new UnitRating(work.Names[i], m.Label, m.Id)
                            : new UnitRating(work.Names[i], AgreementReport.NoneLabel, null))
                        .ToList();
                    var unit = new AgreementUnit(asset.Id, asset.Modality, key.Kind, ratings);
                    result.Add(new Cluster(unit, assigned.Where(members.ContainsKey).Select(i => members[i]).ToList()));
                }
            }
        }

        return result;
    }

    private static GroupKey KeyOf(Model.Geometry geometry) =>
        new(Overlap.KindOf(geometry), geometry.Time is { } t ? (long)Math.Round(t / Overlap.FrameTimeTolerance) : null);
}
