using System.Globalization;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>How disagreements between ordered categories are weighted by Cohen's weighted kappa.</summary>
public enum KappaWeights
{
    /// <summary>Unweighted (nominal) kappa: any two different categories disagree fully.</summary>
    None,
    /// <summary>Linear agreement weights 1 − |i − j| / (k − 1).</summary>
    Linear,
    /// <summary>Quadratic agreement weights 1 − (i − j)² / (k − 1)².</summary>
    Quadratic,
}

/// <summary>
/// A chance-corrected agreement coefficient: κ = (p<sub>o</sub> − p<sub>e</sub>) / (1 − p<sub>e</sub>).
/// <para>
/// When the expected agreement is 1 (both raters used one and the same category for every item) kappa is
/// 0/0 and is reported as <see cref="double.NaN"/> with <see cref="IsDefined"/> false: there is no variation
/// to agree on, so no reliability can be inferred. <see cref="ObservedAgreement"/> (then 1) still tells
/// the raters agreed. Consumers must not treat an undefined kappa as low (nobody is flagged for it).
/// </para>
/// </summary>
/// <param name="Kappa">The coefficient in [−1, 1], or NaN when undefined.</param>
/// <param name="ObservedAgreement">p<sub>o</sub>: the (weighted) proportion of items the raters agree on.</param>
/// <param name="ExpectedAgreement">p<sub>e</sub>: the (weighted) agreement expected by chance from the marginals.</param>
/// <param name="Items">The number of items rated by both raters.</param>
public sealed record KappaResult(double Kappa, double ObservedAgreement, double ExpectedAgreement, int Items)
{
    /// <summary>Whether <see cref="Kappa"/> is a number (see the type's remarks for when it is not).</summary>
    public bool IsDefined => !double.IsNaN(Kappa);

    /// <summary>An undefined result for no items at all.</summary>
    public static KappaResult Empty { get; } = new(double.NaN, double.NaN, double.NaN, 0);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"kappa={Kappa:0.####} po={ObservedAgreement:0.####} pe={ExpectedAgreement:0.####} n={Items}");

    internal static KappaResult FromAgreements(double observed, double expected, int items)
    {
        // pe == 1 only when both raters used a single, identical category: kappa is 0/0.
        var kappa = 1 - expected <= 1e-12 ? double.NaN : (observed - expected) / (1 - expected);
        return new KappaResult(kappa, observed, expected, items);
    }
}

/// <summary>Cohen's kappa for two raters, nominal or (weighted) ordinal.</summary>
public static class CohenKappa
{
    /// <summary>
    /// Kappa from a k × k contingency table of counts: <c>table[i][j]</c> = items rater 1 put in category i
    /// and rater 2 in category j. With <paramref name="weights"/> other than <see cref="KappaWeights.None"/>
    /// the categories are taken as ordered by index (Cohen's weighted kappa).
    /// </summary>
    public static KappaResult FromTable(IReadOnlyList<IReadOnlyList<double>> table, KappaWeights weights = KappaWeights.None)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = table.Count;
        var total = 0.0;
        var rows = new double[k];
        var cols = new double[k];
        for (var i = 0; i < k; i++)
        {
            if (table[i].Count != k)
            {
                throw new ArgumentException($"The contingency table must be square; row {i} has {table[i].Count} cells, expected {k}.", nameof(table));
            }

            for (var j = 0; j < k; j++)
            {
                var c = table[i][j];
                if (c < 0 || !double.IsFinite(c))
                {
                    throw new ArgumentException("Counts must be finite and non-negative.", nameof(table));
                }

                rows[i] += c;
                cols[j] += c;
                total += c;
            }
        }

        if (total <= 0)
        {
            return KappaResult.Empty;
        }

        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = Weight(i, j, k, weights);
                if (w == 0)
                {
                    continue;
                }

                observed += w * table[i][j] / total;
                expected += w * rows[i] / total * (cols[j] / total);
            }
        }

        return KappaResult.FromAgreements(observed, expected, (int)Math.Round(total));
    }

    /// <summary>
    /// Kappa from two raters' labels of the same items (<c>rater1[i]</c> and <c>rater2[i]</c> rate item i).
    /// <paramref name="categories"/> lists the categories in order (needed for a meaningful weighted kappa);
    /// when null, nominal kappa uses the labels in order of first appearance and weighted kappa sorts them
    /// with <see cref="Comparer{T}.Default"/>.
    /// </summary>
    public static KappaResult Compute<T>(
        IReadOnlyList<T> rater1,
        IReadOnlyList<T> rater2,
        KappaWeights weights = KappaWeights.None,
        IReadOnlyList<T>? categories = null)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(rater1);
        ArgumentNullException.ThrowIfNull(rater2);
        if (rater1.Count != rater2.Count)
        {
            throw new ArgumentException($"Both raters must rate the same items ({rater1.Count} vs {rater2.Count} ratings).", nameof(rater2));
        }

        var order = categories?.ToList() ?? rater1.Concat(rater2).Distinct().ToList();
        if (categories is null && weights != KappaWeights.None)
        {
            order.Sort(Comparer<T>.Default);
        }

        var index = new Dictionary<T, int>();
        foreach (var c in order)
        {
            index.TryAdd(c, index.Count);
        }

        var k = index.Count;
        var table = new double[k][];
        for (var i = 0; i < k; i++)
        {
            table[i] = new double[k];
        }

        for (var n = 0; n < rater1.Count; n++)
        {
            if (!index.TryGetValue(rater1[n], out var a) || !index.TryGetValue(rater2[n], out var b))
            {
                throw new ArgumentException($"Item {n} has a label that is not among the given categories.", nameof(categories));
            }

            table[a][b]++;
        }

        return FromTable(table, weights);
    }

    internal static double Weight(int i, int j, int k, KappaWeights weights)
    {
        if (i == j)
        {
            return 1;
        }

        if (weights == KappaWeights.None || k < 2)
        {
            return 0;
        }

        var d = Math.Abs(i - j) / (double)(k - 1);
        return weights == KappaWeights.Linear ? 1 - d : 1 - (d * d);
    }
}
