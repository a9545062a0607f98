using System.Globalization;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>
/// The optimal one-to-one matching of two annotators' geometries (side A = reference, side B = compared).
/// <see cref="MatchedPair.Similarity"/> is the pair's IoU.
/// </summary>
/// <param name="Pairs">Matched pairs (index into A, index into B, IoU), each IoU at least the threshold.</param>
/// <param name="UnmatchedA">Indices of A's geometries left without a partner.</param>
/// <param name="UnmatchedB">Indices of B's geometries left without a partner.</param>
public sealed record GeometryMatch(IReadOnlyList<MatchedPair> Pairs, IReadOnlyList<int> UnmatchedA, IReadOnlyList<int> UnmatchedB)
{
    /// <summary>Number of geometries on side A.</summary>
    public int CountA => Pairs.Count + UnmatchedA.Count;

    /// <summary>Number of geometries on side B.</summary>
    public int CountB => Pairs.Count + UnmatchedB.Count;

    /// <summary>Mean IoU of the matched pairs, NaN when nothing matched.</summary>
    public double MeanIoU => Pairs.Count == 0 ? double.NaN : Pairs.Average(p => p.Similarity);

    /// <summary>Share of B's geometries that match one of A's (A as reference); NaN when B is empty.</summary>
    public double Precision => CountB == 0 ? double.NaN : Pairs.Count / (double)CountB;

    /// <summary>Share of A's geometries matched by one of B's; NaN when A is empty.</summary>
    public double Recall => CountA == 0 ? double.NaN : Pairs.Count / (double)CountA;

    /// <summary>F1 at the IoU threshold, 2·matched / (|A| + |B|) (symmetric); NaN when both sides are empty.</summary>
    public double F1 => CountA + CountB == 0 ? double.NaN : 2.0 * Pairs.Count / (CountA + CountB);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"matched={Pairs.Count} unmatchedA={UnmatchedA.Count} unmatchedB={UnmatchedB.Count} meanIoU={MeanIoU:0.####} F1={F1:0.####}");
}

/// <summary>Matches geometries between two annotators by maximum total IoU (Hungarian method) above a threshold.</summary>
public static class GeometryMatcher
{
    /// <summary>Label tie-breaker: among equal overlaps, prefer partners with the same label (never outweighs IoU).</summary>
    internal const double SameLabelBonus = 1e-6;

    /// <summary>
    /// Matches <paramref name="a"/> with <paramref name="b"/> so that the total <see cref="Overlap.Similarity"/> of
    /// matched pairs is maximal, among pairs whose similarity is at least <paramref name="minIoU"/> (and positive).
    /// </summary>
    public static GeometryMatch Match(IReadOnlyList<Model.Geometry> a, IReadOnlyList<Model.Geometry> b, double minIoU)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var pairs = MatchIndices(a.Count, b.Count, (i, j) => Overlap.Similarity(a[i], b[j]), (_, _) => 0, minIoU);
        return ToMatch(pairs, a.Count, b.Count);
    }

    internal static GeometryMatch ToMatch(IReadOnlyList<MatchedPair> pairs, int countA, int countB)
    {
        var usedA = new bool[countA];
        var usedB = new bool[countB];
        foreach (var p in pairs)
        {
            usedA[p.Row] = true;
            usedB[p.Column] = true;
        }

        return new GeometryMatch(
            pairs,
            Enumerable.Range(0, countA).Where(i => !usedA[i]).ToList(),
            Enumerable.Range(0, countB).Where(j => !usedB[j]).ToList());
    }

    /// <summary>
    /// Optimal matching of rows to columns by overlap ≥ <paramref name="minOverlap"/>, with
    /// <paramref name="labelAffinity"/> (0..1) as a tie-breaker; returned similarities are the overlaps.
    /// </summary>
    internal static IReadOnlyList<MatchedPair> MatchIndices(
        int rows,
        int cols,
        Func<int, int, double> overlap,
        Func<int, int, double> labelAffinity,
        double minOverlap)
    {
        if (rows == 0 || cols == 0)
        {
            return [];
        }

        var o = new double[rows][];
        var s = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            o[i] = new double[cols];
            s[i] = new double[cols];
            for (var j = 0; j < cols; j++)
            {
                var v = overlap(i, j);
                o[i][j] = v;
                s[i][j] = v > 0 && v >= minOverlap ? v + (SameLabelBonus * labelAffinity(i, j)) : 0;
            }
        }

        return HungarianMatcher.MaximumSimilarityMatching(s, 0)
            .Select(p => p with { Similarity = o[p.Row][p.Column] })
            .ToList();
    }
}
