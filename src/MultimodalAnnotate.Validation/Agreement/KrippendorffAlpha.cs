using System.Globalization;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>The level of measurement, which picks Krippendorff's difference function δ².</summary>
public enum MeasurementLevel
{
    /// <summary>Unordered categories: δ² = 0 if equal, else 1.</summary>
    Nominal,
    /// <summary>Ranks: δ²<sub>ck</sub> = (Σ<sub>g=c..k</sub> n<sub>g</sub> − (n<sub>c</sub> + n<sub>k</sub>)/2)², from the pairable values' frequencies.</summary>
    Ordinal,
    /// <summary>Numbers on an interval scale: δ² = (c − k)².</summary>
    Interval,
    /// <summary>Numbers on a ratio scale: δ² = ((c − k)/(c + k))².</summary>
    Ratio,
}

/// <summary>
/// Krippendorff's alpha: α = 1 − D<sub>o</sub>/D<sub>e</sub>. NaN (<see cref="IsDefined"/> false) when no unit
/// has two values or all pairable values are identical (D<sub>e</sub> = 0).
/// </summary>
/// <param name="Alpha">The coefficient (1 perfect, 0 chance, below 0 systematic disagreement), or NaN.</param>
/// <param name="ObservedDisagreement">D<sub>o</sub> = (1/n) Σ o<sub>ck</sub> δ²<sub>ck</sub>.</param>
/// <param name="ExpectedDisagreement">D<sub>e</sub> = 1/(n(n − 1)) Σ n<sub>c</sub> n<sub>k</sub> δ²<sub>ck</sub>.</param>
/// <param name="PairableUnits">Units with at least two values (the others carry no reliability information).</param>
/// <param name="PairableValues">n: the number of values in pairable units.</param>
public sealed record AlphaResult(double Alpha, double ObservedDisagreement, double ExpectedDisagreement, int PairableUnits, int PairableValues)
{
    /// <summary>Whether <see cref="Alpha"/> is a number.</summary>
    public bool IsDefined => !double.IsNaN(Alpha);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"alpha={Alpha:0.####} Do={ObservedDisagreement:0.####} De={ExpectedDisagreement:0.####} units={PairableUnits} values={PairableValues}");
}

/// <summary>
/// Krippendorff's alpha for any number of observers, missing values and nominal, ordinal, interval or ratio
/// data (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), via the coincidence matrix.
/// </summary>
public static class KrippendorffAlpha
{
    /// <summary>
    /// Alpha from reliability data in canonical form: <c>data[observer][unit]</c>, null where the observer did
    /// not code the unit. Rows may have different lengths (missing trailing units).
    /// </summary>
    public static AlphaResult Compute(IReadOnlyList<IReadOnlyList<double?>> data, MeasurementLevel level)
    {
        ArgumentNullException.ThrowIfNull(data);
        var units = data.Count == 0 ? 0 : data.Max(r => r.Count);
        var byUnit = new List<IReadOnlyList<double>>(units);
        for (var u = 0; u < units; u++)
        {
            var values = new List<double>();
            foreach (var row in data)
            {
                if (u < row.Count && row[u] is { } v)
                {
                    values.Add(v);
                }
            }

            byUnit.Add(values);
        }

        return FromUnits(byUnit, level);
    }

    /// <summary>Nominal alpha from labels in canonical form: <c>data[observer][unit]</c>, null where missing.</summary>
    public static AlphaResult ComputeNominal(IReadOnlyList<IReadOnlyList<string?>> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var numeric = data
            .Select(row => (IReadOnlyList<double?>)row
                .Select(label => label is null ? (double?)null : Index(index, label))
                .ToList())
            .ToList();
        return Compute(numeric, MeasurementLevel.Nominal);

        static double Index(Dictionary<string, int> index, string label)
        {
            if (!index.TryGetValue(label, out var i))
            {
                i = index.Count;
                index[label] = i;
            }

            return i;
        }
    }

    /// <summary>
    /// Alpha from values grouped by unit: <c>valuesPerUnit[u]</c> holds every value unit u received (missing
    /// values simply absent). Units with fewer than two values are not pairable and are ignored.
    /// </summary>
    public static AlphaResult FromUnits(IReadOnlyList<IReadOnlyList<double>> valuesPerUnit, MeasurementLevel level)
    {
        ArgumentNullException.ThrowIfNull(valuesPerUnit);
        var distinct = new SortedSet<double>();
        foreach (var unit in valuesPerUnit.Where(u => u.Count >= 2))
        {
            foreach (var v in unit)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException("Values must be finite numbers; use null or omit missing values.", nameof(valuesPerUnit));
                }

                distinct.Add(v);
            }
        }

        var values = distinct.ToArray();
        var v2i = new Dictionary<double, int>();
        for (var i = 0; i < values.Length; i++)
        {
            v2i[values[i]] = i;
        }

        // Coincidence matrix: o_ck = Σ_u (pairs of values c,k from different observers in u) / (m_u − 1).
        var k = values.Length;
        var o = new double[k * k];
        var pairableUnits = 0;
        var local = new int[k];
        var touched = new List<int>();
        foreach (var unit in valuesPerUnit)
        {
            var m = unit.Count;
            if (m < 2)
            {
                continue;
            }

            pairableUnits++;
            touched.Clear();
            foreach (var v in unit)
            {
                var i = v2i[v];
                if (local[i]++ == 0)
                {
                    touched.Add(i);
                }
            }

            foreach (var c in touched)
            {
                foreach (var d in touched)
                {
                    var pairs = c == d ? local[c] * (local[c] - 1) : local[c] * local[d];
                    o[(c * k) + d] += pairs / (double)(m - 1);
                }
            }

            foreach (var c in touched)
            {
                local[c] = 0;
            }
        }

        var nc = new double[k];
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                nc[c] += o[(c * k) + d];
            }
        }

        var n = nc.Sum();
        var pairableValues = (int)Math.Round(n);
        if (n < 2 || k < 1)
        {
            return new AlphaResult(double.NaN, double.NaN, double.NaN, pairableUnits, pairableValues);
        }

        double observed = 0, expected = 0;
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                if (c == d)
                {
                    continue;
                }

                var delta = Delta(level, values, nc, c, d);
                observed += o[(c * k) + d] * delta;
                expected += nc[c] * nc[d] * delta;
            }
        }

        var doNorm = observed / n;
        var deNorm = expected / (n * (n - 1));
        var alpha = deNorm <= 0 ? double.NaN : 1 - (doNorm / deNorm);
        return new AlphaResult(alpha, doNorm, deNorm, pairableUnits, pairableValues);
    }

    private static double Delta(MeasurementLevel level, double[] values, double[] nc, int c, int d)
    {
        switch (level)
        {
            case MeasurementLevel.Nominal:
                return 1;
            case MeasurementLevel.Ordinal:
                {
                    var (lo, hi) = c < d ? (c, d) : (d, c);
                    double sum = 0;
                    for (var g = lo; g <= hi; g++)
                    {
                        sum += nc[g];
                    }

                    var x = sum - ((nc[lo] + nc[hi]) / 2);
                    return x * x;
                }

            case MeasurementLevel.Interval:
                {
                    var x = values[c] - values[d];
                    return x * x;
                }

            case MeasurementLevel.Ratio:
                {
                    var s = values[c] + values[d];
                    if (s == 0)
                    {
                        return 0;
                    }

                    var x = (values[c] - values[d]) / s;
                    return x * x;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown level of measurement.");
        }
    }
}
