using System.Globalization;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>One annotator's value for a unit: the label of their matched annotation, or <see cref="AgreementReport.NoneLabel"/>.</summary>
public sealed record UnitRating(string Annotator, string Label, Guid? AnnotationId);

/// <summary>
/// One unit of comparison: a cluster of annotations that different annotators made of the same thing on one asset
/// (matched by geometry), with every assigned annotator's label for it.
/// </summary>
/// <param name="AssetId">The asset.</param>
/// <param name="Modality">The asset's modality.</param>
/// <param name="Kind">The geometry kind (<see cref="Overlap.KindOf"/>).</param>
/// <param name="Ratings">One rating per annotator assigned to the asset.</param>
public sealed record AgreementUnit(Guid AssetId, Modality Modality, string Kind, IReadOnlyList<UnitRating> Ratings)
{
    /// <summary>Whether every assigned annotator gave the same label.</summary>
    public bool IsUnanimous => Ratings.All(r => string.Equals(r.Label, Ratings[0].Label, StringComparison.Ordinal));

    /// <summary>The most frequent label, or null when two labels tie for most frequent.</summary>
    public string? Consensus => AgreementReport.Plurality(Ratings.Select(r => r.Label));
}

/// <summary>
/// Totals of a geometric matching: matched pairs with the sum of their IoUs, and what stayed unmatched on each side.
/// </summary>
public sealed record MatchSummary(int Matched, int UnmatchedA, int UnmatchedB, double SumIoU)
{
    /// <summary>Nothing compared.</summary>
    public static MatchSummary Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Mean IoU of matched pairs, NaN when nothing matched.</summary>
    public double MeanIoU => Matched == 0 ? double.NaN : SumIoU / Matched;

    /// <summary>F1 at the matching threshold, 2·matched / (|A| + |B|); NaN when both sides are empty.</summary>
    public double F1 => Matched + UnmatchedA + UnmatchedB == 0 ? double.NaN : 2.0 * Matched / ((2.0 * Matched) + UnmatchedA + UnmatchedB);

    /// <summary>The sum of two summaries.</summary>
    public MatchSummary Add(MatchSummary other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Matched + other.Matched, UnmatchedA + other.UnmatchedA, UnmatchedB + other.UnmatchedB, SumIoU + other.SumIoU);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"matched={Matched} unmatchedA={UnmatchedA} unmatchedB={UnmatchedB} meanIoU={MeanIoU:0.####} F1={F1:0.####}");
}

/// <summary>Label agreement over all units.</summary>
/// <param name="Units">Units with at least two assigned annotators.</param>
/// <param name="PercentAgreement">Mean share of agreeing annotator pairs per unit (uncorrected for chance).</param>
/// <param name="Cohen">Cohen's kappa, when there are exactly two annotators.</param>
/// <param name="Fleiss">Fleiss' kappa, when every unit has the same number (≥ 2) of assigned annotators.</param>
/// <param name="Alpha">Krippendorff's nominal alpha (always; unassigned annotators are missing values).</param>
public sealed record LabelAgreement(int Units, double PercentAgreement, KappaResult? Cohen, FleissKappaResult? Fleiss, AlphaResult Alpha)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"units={Units} agreement={PercentAgreement:0.####} cohen={Cohen?.Kappa ?? double.NaN:0.####} fleiss={Fleiss?.Kappa ?? double.NaN:0.####} alpha={Alpha.Alpha:0.####}");
}

/// <summary>
/// Agreement on one capability slice (modality × label): the label against every other value, over all units of
/// the modality.
/// </summary>
/// <param name="Modality">The slice's modality.</param>
/// <param name="Label">The slice's label.</param>
/// <param name="Units">Units where at least one annotator gave <paramref name="Label"/>.</param>
/// <param name="UnanimousUnits">Units where every assigned annotator gave <paramref name="Label"/>.</param>
/// <param name="CategoryKappa">Fleiss' per-category kappa of the label (NaN when annotator counts vary or it is undefined).</param>
/// <param name="Alpha">Krippendorff's alpha on "is <paramref name="Label"/>" versus anything else (binary, missing allowed).</param>
/// <param name="MeanIoU">Mean IoU between the annotations of a unit where at least one of the two has the label (classifications excluded); NaN when none.</param>
/// <param name="IoUPairs">How many annotation pairs <paramref name="MeanIoU"/> averages.</param>
public sealed record SliceAgreement(
    Modality Modality,
    string Label,
    int Units,
    int UnanimousUnits,
    double CategoryKappa,
    AlphaResult Alpha,
    double MeanIoU,
    int IoUPairs)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Modality}×{Label}: units={Units} unanimous={UnanimousUnits} kappa={CategoryKappa:0.####} alpha={Alpha.Alpha:0.####} meanIoU={MeanIoU:0.####}");
}

/// <summary>Agreement between two annotators, from matching their annotations directly (A's annotations are the reference side).</summary>
/// <param name="AnnotatorA">First annotator.</param>
/// <param name="AnnotatorB">Second annotator.</param>
/// <param name="Kappa">
/// Cohen's kappa on the labels of matched pairs, an unmatched annotation counting against
/// <see cref="AgreementReport.NoneLabel"/>. Undefined (NaN) when the pair used a single real label: the none/none
/// cell can never be observed then, which makes kappa ≤ 0 by construction; use <see cref="MatchSummary.F1"/>.
/// </param>
/// <param name="Spatial">Spatial/temporal matching totals over every kind but whole-asset classifications.</param>
/// <param name="ByKind">Matching totals per geometry kind (<see cref="Overlap.KindOf"/>), classifications included.</param>
public sealed record PairAgreement(string AnnotatorA, string AnnotatorB, KappaResult Kappa, MatchSummary Spatial, IReadOnlyDictionary<string, MatchSummary> ByKind)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AnnotatorA}~{AnnotatorB}: {Kappa}; {Spatial}");
}

/// <summary>Which measure an annotator's flag was decided on.</summary>
public enum FlagBasis
{
    /// <summary>Nothing to judge on (no defined kappa, no spatial matching): never flagged.</summary>
    None,
    /// <summary>Cohen's kappa against the leave-one-out consensus (three or more annotators).</summary>
    ConsensusKappa,
    /// <summary>The mean of the annotator's pairwise Cohen's kappas.</summary>
    PairwiseKappa,
    /// <summary>The matching F1 against the others, where kappa is undefined (a single real label).</summary>
    F1,
}

/// <summary>One annotator's agreement with the others.</summary>
/// <param name="Annotator">The annotator.</param>
/// <param name="Annotations">How many annotations they made on the compared assets.</param>
/// <param name="MeanPairwiseKappa">Mean of their defined pairwise Cohen's kappas (NaN when none is defined).</param>
/// <param name="ConsensusKappa">
/// Cohen's kappa against the leave-one-out consensus: the plurality label of the <em>other</em> annotators of
/// each unit (units with fewer than two others or a tie are skipped).
/// </param>
/// <param name="MeanIoU">Mean IoU of their matched pairs against every other annotator (classifications excluded).</param>
/// <param name="F1">Pooled matching F1 against every other annotator (classifications excluded).</param>
/// <param name="Basis">
/// The measure judged against the threshold: the consensus kappa when defined and there are ≥ 3 annotators,
/// else the mean pairwise kappa, else (kappa undefined, e.g. a single-label task) the F1.
/// </param>
/// <param name="FlagScore">The value of that measure.</param>
/// <param name="Flagged">Whether <paramref name="FlagScore"/> is defined and below the threshold: recalibrate this annotator.</param>
public sealed record AnnotatorAgreement(
    string Annotator,
    int Annotations,
    double MeanPairwiseKappa,
    KappaResult ConsensusKappa,
    double MeanIoU,
    double F1,
    FlagBasis Basis,
    double FlagScore,
    bool Flagged)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Annotator}: pairwise={MeanPairwiseKappa:0.####} consensus={ConsensusKappa.Kappa:0.####} meanIoU={MeanIoU:0.####} F1={F1:0.####} {Basis}={FlagScore:0.####}{(Flagged ? " FLAGGED" : "")}");
}

/// <summary>
/// Inter-annotator agreement of several annotators who labelled the same assets independently (review/QA overlap).
/// Annotations are matched per asset by geometry (boxes and cuboids by IoU, segments by temporal IoU, text spans
/// by character overlap, whole-asset classifications trivially), then label agreement is computed on the matched
/// units, where an annotator with no matching annotation contributes the explicit <see cref="NoneLabel"/> category
/// (missing an object is a disagreement, not missing data). See docs/quality-metrics.md.
/// </summary>
/// <param name="Annotators">The annotators, in input order.</param>
/// <param name="MinAnnotatorKappa">The flagging threshold used.</param>
/// <param name="Labels">Label agreement over all units.</param>
/// <param name="Slices">Per capability slice (modality × label), ordered by modality then label.</param>
/// <param name="Pairs">Every pair of annotators, in input order.</param>
/// <param name="PerAnnotator">Per annotator, in input order.</param>
/// <param name="Units">The matched units (clusters), for drilling into disagreements.</param>
public sealed record AgreementReport(
    IReadOnlyList<string> Annotators,
    double MinAnnotatorKappa,
    LabelAgreement Labels,
    IReadOnlyList<SliceAgreement> Slices,
    IReadOnlyList<PairAgreement> Pairs,
    IReadOnlyList<AnnotatorAgreement> PerAnnotator,
    IReadOnlyList<AgreementUnit> Units)
{
    /// <summary>The category of an annotator who has no annotation matching a unit. Not allowed as a real label.</summary>
    public const string NoneLabel = "(none)";

    /// <summary>Annotators flagged for recalibration.</summary>
    public IReadOnlyList<string> FlaggedAnnotators => PerAnnotator.Where(a => a.Flagged).Select(a => a.Annotator).ToList();

    /// <summary>The slice of a modality and label, or null.</summary>
    public SliceAgreement? Slice(Modality modality, string label) =>
        Slices.FirstOrDefault(s => s.Modality == modality && string.Equals(s.Label, label, StringComparison.Ordinal));

    /// <summary>The agreement of a pair of annotators (either order), or null.</summary>
    public PairAgreement? Pair(string a, string b) => Pairs.FirstOrDefault(p =>
        (string.Equals(p.AnnotatorA, a, StringComparison.Ordinal) && string.Equals(p.AnnotatorB, b, StringComparison.Ordinal))
        || (string.Equals(p.AnnotatorA, b, StringComparison.Ordinal) && string.Equals(p.AnnotatorB, a, StringComparison.Ordinal)));

    /// <summary>One annotator's agreement, or null.</summary>
    public AnnotatorAgreement? Annotator(string name) =>
        PerAnnotator.FirstOrDefault(a => string.Equals(a.Annotator, name, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Annotators.Count} annotators, {Units.Count} units; {Labels}; flagged: [{string.Join(", ", FlaggedAnnotators)}]");

    /// <summary>
    /// Computes the report for annotators who each annotated (a subset of) <paramref name="assets"/>.
    /// Every annotation must sit on one of the assets, on an asset its annotator was assigned.
    /// </summary>
    public static AgreementReport Compute(
        IReadOnlyList<AssetSnapshot> assets,
        IReadOnlyList<AnnotatorWork> annotators,
        AgreementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(annotators);
        options ??= AgreementOptions.Default;
        var work = AgreementInput.Prepare(assets, annotators);
        var clusters = AnnotationClustering.Build(work, options);
        var units = clusters.Select(c => c.Unit).ToList();
        var pairs = PairwiseAgreement(work, options);
        var labels = LabelStatistics(work, units);
        var slices = SliceStatistics(clusters);
        var perAnnotator = AnnotatorStatistics(work, units, pairs, options.MinAnnotatorKappa);
        return new AgreementReport(work.Names, options.MinAnnotatorKappa, labels, slices, pairs, perAnnotator, units);
    }

    internal static string? Plurality(IEnumerable<string> labels)
    {
        var counts = labels.GroupBy(l => l, StringComparer.Ordinal).Select(g => (g.Key, Count: g.Count())).OrderByDescending(g => g.Count).ToList();
        return counts.Count == 0 || (counts.Count > 1 && counts[1].Count == counts[0].Count) ? null : counts[0].Key;
    }

    private static LabelAgreement LabelStatistics(AgreementInput work, List<AgreementUnit> units)
    {
        var rated = units.Where(u => u.Ratings.Count >= 2).ToList();
        var percent = rated.Count == 0 ? double.NaN : rated.Average(u =>
        {
            var m = u.Ratings.Count;
            var agreeing = u.Ratings.GroupBy(r => r.Label, StringComparer.Ordinal).Sum(g => g.Count() * (g.Count() - 1.0));
            return agreeing / (m * (m - 1.0));
        });

        KappaResult? cohen = null;
        if (work.Names.Count == 2)
        {
            var both = rated.Where(u => u.Ratings.Count == 2).ToList();
            cohen = LabelKappa(both.Select(u => u.Ratings[0].Label).ToList(), both.Select(u => u.Ratings[1].Label).ToList());
        }

        FleissKappaResult? fleiss = null;
        if (rated.Count > 0 && rated.Count == units.Count && units.All(u => u.Ratings.Count == units[0].Ratings.Count))
        {
            fleiss = FleissKappa.FromRatings(units.Select(u => (IReadOnlyList<string>)u.Ratings.Select(r => r.Label).ToList()).ToList());
        }

        var data = work.Names
            .Select(name => (IReadOnlyList<string?>)units
                .Select(u => u.Ratings.FirstOrDefault(r => string.Equals(r.Annotator, name, StringComparison.Ordinal))?.Label)
                .ToList())
            .ToList();
        return new LabelAgreement(rated.Count, percent, cohen, fleiss, KrippendorffAlpha.ComputeNominal(data));
    }

    private static List<SliceAgreement> SliceStatistics(IReadOnlyList<AnnotationClustering.Cluster> clusters)
    {
        var slices = new List<SliceAgreement>();
        foreach (var modality in clusters.Select(c => c.Unit.Modality).Distinct().Order())
        {
            var inModality = clusters.Where(c => c.Unit.Modality == modality).ToList();
            var sameRaterCount = inModality.All(c => c.Unit.Ratings.Count == inModality[0].Unit.Ratings.Count) && inModality[0].Unit.Ratings.Count >= 2;
            var labels = inModality
                .SelectMany(c => c.Unit.Ratings.Select(r => r.Label))
                .Where(l => !string.Equals(l, NoneLabel, StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            foreach (var label in labels)
            {
                bool Is(UnitRating r) => string.Equals(r.Label, label, StringComparison.Ordinal);
                var withLabel = inModality.Where(c => c.Unit.Ratings.Any(Is)).ToList();
                var alpha = KrippendorffAlpha.FromUnits(
                    inModality.Select(c => (IReadOnlyList<double>)c.Unit.Ratings.Select(r => Is(r) ? 1.0 : 0.0).ToList()).ToList(),
                    MeasurementLevel.Nominal);
                var categoryKappa = double.NaN;
                if (sameRaterCount)
                {
                    var counts = inModality.Select(c =>
                    {
                        var yes = c.Unit.Ratings.Count(Is);
                        return (IReadOnlyList<int>)[yes, c.Unit.Ratings.Count - yes];
                    }).ToList();
                    categoryKappa = FleissKappa.FromCounts(counts).CategoryKappas[0];
                }

                double sumIoU = 0;
                var iouPairs = 0;
                foreach (var c in withLabel.Where(c => !string.Equals(c.Unit.Kind, "classification", StringComparison.Ordinal)))
                {
                    for (var i = 0; i < c.Members.Count; i++)
                    {
                        for (var j = i + 1; j < c.Members.Count; j++)
                        {
                            if (string.Equals(c.Members[i].Label, label, StringComparison.Ordinal) || string.Equals(c.Members[j].Label, label, StringComparison.Ordinal))
                            {
                                sumIoU += Overlap.Similarity(c.Members[i].Geometry, c.Members[j].Geometry);
                                iouPairs++;
                            }
                        }
                    }
                }

                slices.Add(new SliceAgreement(
                    modality,
                    label,
                    withLabel.Count,
                    withLabel.Count(c => c.Unit.Ratings.All(Is)),
                    categoryKappa,
                    alpha,
                    iouPairs == 0 ? double.NaN : sumIoU / iouPairs,
                    iouPairs));
            }
        }

        return slices;
    }

    private static List<PairAgreement> PairwiseAgreement(AgreementInput work, AgreementOptions options)
    {
        var result = new List<PairAgreement>();
        var empty = (IReadOnlyList<AnnotationSnapshot>)[];
        for (var a = 0; a < work.Names.Count; a++)
        {
            for (var b = a + 1; b < work.Names.Count; b++)
            {
                var labelsA = new List<string>();
                var labelsB = new List<string>();
                var byKind = new SortedDictionary<string, MatchSummary>(StringComparer.Ordinal);
                foreach (var asset in work.Assets.Where(x => work.Annotators[a].IsAssigned(x.Id) && work.Annotators[b].IsAssigned(x.Id)))
                {
                    var groupsA = AnnotationClustering.Groups(work.AnnotationsOn(a, asset.Id));
                    var groupsB = AnnotationClustering.Groups(work.AnnotationsOn(b, asset.Id));
                    foreach (var key in groupsA.Keys.Concat(groupsB.Keys).Distinct())
                    {
                        var rowsA = groupsA.GetValueOrDefault(key) ?? empty;
                        var rowsB = groupsB.GetValueOrDefault(key) ?? empty;
                        var min = options.MinOverlapFor((rowsA.Count > 0 ? rowsA[0] : rowsB[0]).Geometry);
                        var matched = GeometryMatcher.MatchIndices(
                            rowsA.Count,
                            rowsB.Count,
                            (i, j) => Overlap.Similarity(rowsA[i].Geometry, rowsB[j].Geometry),
                            (i, j) => string.Equals(rowsA[i].Label, rowsB[j].Label, StringComparison.Ordinal) ? 1 : 0,
                            min);
                        var match = GeometryMatcher.ToMatch(matched, rowsA.Count, rowsB.Count);
                        foreach (var p in match.Pairs)
                        {
                            labelsA.Add(rowsA[p.Row].Label);
                            labelsB.Add(rowsB[p.Column].Label);
                        }

                        foreach (var i in match.UnmatchedA)
                        {
                            labelsA.Add(rowsA[i].Label);
                            labelsB.Add(NoneLabel);
                        }

                        foreach (var j in match.UnmatchedB)
                        {
                            labelsA.Add(NoneLabel);
                            labelsB.Add(rowsB[j].Label);
                        }

                        var summary = new MatchSummary(match.Pairs.Count, match.UnmatchedA.Count, match.UnmatchedB.Count, match.Pairs.Sum(p => p.Similarity));
                        byKind[key.Kind] = byKind.GetValueOrDefault(key.Kind, MatchSummary.Empty).Add(summary);
                    }
                }

                var spatial = byKind
                    .Where(k => !string.Equals(k.Key, "classification", StringComparison.Ordinal))
                    .Aggregate(MatchSummary.Empty, (acc, k) => acc.Add(k.Value));
                var kappa = LabelKappa(labelsA, labelsB);
                result.Add(new PairAgreement(work.Names[a], work.Names[b], kappa, spatial, byKind));
            }
        }

        return result;
    }

    /// <summary>
    /// Two-rater kappa on labels with the "none" category. With a single real label the none/none cell can
    /// never be observed pairwise (nobody draws what nobody saw) and is rare against a consensus, so kappa is
    /// ≤ 0 by construction or swings on a single miss; it is reported undefined and the F-measure (kappa's
    /// limit when negatives cannot be counted, Hripcsak &amp; Rothschild 2005) takes its place.
    /// </summary>
    private static KappaResult LabelKappa(List<string> a, List<string> b)
    {
        if (a.Count == 0)
        {
            return KappaResult.Empty;
        }

        var kappa = CohenKappa.Compute(a, b);
        return RealLabels(a.Concat(b)) == 1 ? kappa with { Kappa = double.NaN } : kappa;
    }

    private static int RealLabels(IEnumerable<string> labels) =>
        labels.Where(l => !string.Equals(l, NoneLabel, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Count();

    private static List<AnnotatorAgreement> AnnotatorStatistics(
        AgreementInput work,
        IReadOnlyList<AgreementUnit> units,
        IReadOnlyList<PairAgreement> pairs,
        double threshold)
    {
        var result = new List<AnnotatorAgreement>();
        foreach (var name in work.Names)
        {
            bool Involves(PairAgreement p) =>
                string.Equals(p.AnnotatorA, name, StringComparison.Ordinal) || string.Equals(p.AnnotatorB, name, StringComparison.Ordinal);
            var mine = pairs.Where(Involves).ToList();
            var defined = mine.Where(p => p.Kappa.IsDefined).Select(p => p.Kappa.Kappa).ToList();
            var meanPairwise = defined.Count == 0 ? double.NaN : defined.Average();
            var spatial = mine.Aggregate(MatchSummary.Empty, (acc, p) => acc.Add(p.Spatial));

            var own = new List<string>();
            var consensus = new List<string>();
            foreach (var unit in units)
            {
                var rating = unit.Ratings.FirstOrDefault(r => string.Equals(r.Annotator, name, StringComparison.Ordinal));
                var others = unit.Ratings.Where(r => !string.Equals(r.Annotator, name, StringComparison.Ordinal)).Select(r => r.Label).ToList();
                if (rating is null || others.Count < 2 || Plurality(others) is not { } majority)
                {
                    continue;
                }

                own.Add(rating.Label);
                consensus.Add(majority);
            }

            var consensusKappa = LabelKappa(own, consensus);
            var (basis, score) = work.Names.Count >= 3 && consensusKappa.IsDefined ? (FlagBasis.ConsensusKappa, consensusKappa.Kappa)
                : !double.IsNaN(meanPairwise) ? (FlagBasis.PairwiseKappa, meanPairwise)
                : !double.IsNaN(spatial.F1) ? (FlagBasis.F1, spatial.F1)
                : (FlagBasis.None, double.NaN);
            result.Add(new AnnotatorAgreement(
                name,
                work.AnnotationCount(name),
                meanPairwise,
                consensusKappa,
                spatial.MeanIoU,
                spatial.F1,
                basis,
                score,
                !double.IsNaN(score) && score < threshold));
        }

        return result;
    }
}
