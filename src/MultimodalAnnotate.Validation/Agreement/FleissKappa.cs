using System.Globalization;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>
/// Fleiss' kappa for N subjects each rated by the same number n ≥ 2 of raters into k categories
/// (Fleiss 1971). <see cref="KappaResult.ObservedAgreement"/> is P̄ (mean per-subject agreement),
/// <see cref="KappaResult.ExpectedAgreement"/> is P̄<sub>e</sub> = Σ p<sub>j</sub>².
/// </summary>
/// <param name="Overall">The overall kappa (NaN when every rating fell in one category).</param>
/// <param name="Categories">Category names, in column order.</param>
/// <param name="CategoryProportions">p<sub>j</sub>: the share of all ratings that went to category j.</param>
/// <param name="CategoryKappas">
/// κ<sub>j</sub>: agreement on category j versus all others, 1 − Σ<sub>i</sub> n<sub>ij</sub>(n − n<sub>ij</sub>) /
/// (N n (n − 1) p<sub>j</sub> q<sub>j</sub>); NaN for a category nobody or everybody used.
/// The overall kappa is the p<sub>j</sub>q<sub>j</sub>-weighted mean of these.
/// </param>
/// <param name="Subjects">N.</param>
/// <param name="RatersPerSubject">n.</param>
public sealed record FleissKappaResult(
    KappaResult Overall,
    IReadOnlyList<string> Categories,
    IReadOnlyList<double> CategoryProportions,
    IReadOnlyList<double> CategoryKappas,
    int Subjects,
    int RatersPerSubject)
{
    /// <summary>The overall kappa.</summary>
    public double Kappa => Overall.Kappa;

    /// <summary>κ<sub>j</sub> of the named category, or NaN when the category is unknown.</summary>
    public double CategoryKappa(string category)
    {
        for (var j = 0; j < Categories.Count; j++)
        {
            if (string.Equals(Categories[j], category, StringComparison.Ordinal))
            {
                return CategoryKappas[j];
            }
        }

        return double.NaN;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Fleiss kappa={Kappa:0.####} P={Overall.ObservedAgreement:0.####} Pe={Overall.ExpectedAgreement:0.####} N={Subjects} n={RatersPerSubject} k={Categories.Count}");
}

/// <summary>Fleiss' kappa for any fixed number of raters per subject.</summary>
public static class FleissKappa
{
    /// <summary>
    /// Fleiss' kappa from an N × k matrix of counts: <c>counts[i][j]</c> = how many raters put subject i in
    /// category j. Every row must sum to the same n ≥ 2. <paramref name="categories"/> names the columns
    /// (default "0", "1", …).
    /// </summary>
    public static FleissKappaResult FromCounts(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var subjects = counts.Count;
        var k = subjects == 0 ? categories?.Count ?? 0 : counts[0].Count;
        var names = categories ?? Enumerable.Range(0, k).Select(j => j.ToString(CultureInfo.InvariantCulture)).ToList();
        if (names.Count != k)
        {
            throw new ArgumentException($"{names.Count} category names for {k} columns.", nameof(categories));
        }

        if (subjects == 0)
        {
            return new FleissKappaResult(KappaResult.Empty, names, new double[k], Enumerable.Repeat(double.NaN, k).ToList(), 0, 0);
        }

        var n = -1;
        var columnTotals = new double[k];
        double sumP = 0;
        for (var i = 0; i < subjects; i++)
        {
            var row = counts[i];
            if (row.Count != k)
            {
                throw new ArgumentException($"Subject {i} has {row.Count} category counts, expected {k}.", nameof(counts));
            }

            var rowSum = 0;
            long squares = 0;
            for (var j = 0; j < k; j++)
            {
                if (row[j] < 0)
                {
                    throw new ArgumentException($"Subject {i} has a negative count.", nameof(counts));
                }

                rowSum += row[j];
                squares += (long)row[j] * row[j];
                columnTotals[j] += row[j];
            }

            if (n < 0)
            {
                n = rowSum;
                if (n < 2)
                {
                    throw new ArgumentException("Fleiss' kappa needs at least two ratings per subject.", nameof(counts));
                }
            }
            else if (rowSum != n)
            {
                throw new ArgumentException(
                    $"Fleiss' kappa needs the same number of raters for every subject: subject {i} has {rowSum}, subject 0 has {n}. Use Krippendorff's alpha for missing ratings.",
                    nameof(counts));
            }

            sumP += (squares - n) / ((double)n * (n - 1));
        }

        var totalRatings = (double)subjects * n;
        var proportions = columnTotals.Select(t => t / totalRatings).ToArray();
        var observed = sumP / subjects;
        var expected = proportions.Sum(p => p * p);
        var overall = KappaResult.FromAgreements(observed, expected, subjects);

        var categoryKappas = new double[k];
        for (var j = 0; j < k; j++)
        {
            var pq = proportions[j] * (1 - proportions[j]);
            if (pq <= 1e-15)
            {
                categoryKappas[j] = double.NaN;
                continue;
            }

            double disagreement = 0;
            for (var i = 0; i < subjects; i++)
            {
                disagreement += counts[i][j] * (double)(n - counts[i][j]);
            }

            categoryKappas[j] = 1 - (disagreement / (totalRatings * (n - 1) * pq));
        }

        return new FleissKappaResult(overall, names, proportions, categoryKappas, subjects, n);
    }

    /// <summary>
    /// Fleiss' kappa from raw labels: <c>ratings[i]</c> holds the n labels subject i received (any order).
    /// Categories are the distinct labels in order of first appearance (ordinal comparison).
    /// </summary>
    public static FleissKappaResult FromRatings(IReadOnlyList<IReadOnlyList<string>> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var label in ratings.SelectMany(r => r))
        {
            index.TryAdd(label, index.Count);
        }

        var counts = ratings.Select(r =>
        {
            var row = new int[index.Count];
            foreach (var label in r)
            {
                row[index[label]]++;
            }

            return (IReadOnlyList<int>)row;
        }).ToList();
        return FromCounts(counts, index.OrderBy(p => p.Value).Select(p => p.Key).ToList());
    }
}
