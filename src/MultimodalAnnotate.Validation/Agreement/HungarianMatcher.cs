using System.Globalization;

namespace MultimodalAnnotate.Validation.Agreement;

/// <summary>One matched pair: row <paramref name="Row"/> (side A) with column <paramref name="Column"/> (side B).</summary>
public readonly record struct MatchedPair(int Row, int Column, double Similarity)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Row},{Column}) {Similarity:0.####}");
}

/// <summary>
/// Optimal assignment (Hungarian method, Kuhn–Munkres with potentials; O(n²m) for n ≤ m, so O(n³) at worst)
/// on rectangular matrices.
/// </summary>
public static class HungarianMatcher
{
    /// <summary>
    /// The assignment of rows to distinct columns with the least total cost. Returns, for each row, its
    /// column, or −1 for rows left over when there are more rows than columns. Costs must be finite.
    /// </summary>
    public static int[] MinimumCostAssignment(IReadOnlyList<IReadOnlyList<double>> cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var rows = cost.Count;
        var cols = rows == 0 ? 0 : cost[0].Count;
        foreach (var row in cost)
        {
            if (row.Count != cols)
            {
                throw new ArgumentException("The cost matrix must be rectangular.", nameof(cost));
            }

            foreach (var c in row)
            {
                if (!double.IsFinite(c))
                {
                    throw new ArgumentException("Costs must be finite numbers.", nameof(cost));
                }
            }
        }

        var result = new int[rows];
        Array.Fill(result, -1);
        if (rows == 0 || cols == 0)
        {
            return result;
        }

        if (rows <= cols)
        {
            var colOfRow = Solve(rows, cols, (i, j) => cost[i][j]);
            Array.Copy(colOfRow, result, rows);
        }
        else
        {
            // Transpose so that the side being assigned is the smaller one.
            var rowOfCol = Solve(cols, rows, (i, j) => cost[j][i]);
            for (var j = 0; j < cols; j++)
            {
                result[rowOfCol[j]] = j;
            }
        }

        return result;
    }

    /// <summary>
    /// The matching of rows to columns that maximises the total similarity over allowed pairs, where a pair is
    /// allowed when its similarity is positive and at least <paramref name="minSimilarity"/> (e.g. a minimum
    /// IoU). Disallowed pairs are never returned; rows and columns may stay unmatched. Pairs are ordered by row.
    /// </summary>
    /// <remarks>
    /// Disallowed entries are zeroed before solving, so the optimum is taken over admissible pairs only (not
    /// "maximise, then drop pairs under the threshold", which can lose matches).
    /// </remarks>
    public static IReadOnlyList<MatchedPair> MaximumSimilarityMatching(IReadOnlyList<IReadOnlyList<double>> similarity, double minSimilarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        var rows = similarity.Count;
        var cols = rows == 0 ? 0 : similarity[0].Count;
        if (rows == 0 || cols == 0)
        {
            return [];
        }

        var cost = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            if (similarity[i].Count != cols)
            {
                throw new ArgumentException("The similarity matrix must be rectangular.", nameof(similarity));
            }

            cost[i] = new double[cols];
            for (var j = 0; j < cols; j++)
            {
                var s = similarity[i][j];
                if (double.IsNaN(s))
                {
                    throw new ArgumentException("Similarities must be numbers.", nameof(similarity));
                }

                cost[i][j] = Allowed(s, minSimilarity) ? -s : 0;
            }
        }

        var assignment = MinimumCostAssignment(cost);
        var pairs = new List<MatchedPair>();
        for (var i = 0; i < rows; i++)
        {
            var j = assignment[i];
            if (j >= 0 && Allowed(similarity[i][j], minSimilarity))
            {
                pairs.Add(new MatchedPair(i, j, similarity[i][j]));
            }
        }

        return pairs;
    }

    private static bool Allowed(double s, double min) => s > 0 && s >= min && !double.IsPositiveInfinity(s);

    /// <summary>Assigns each of n rows a distinct column among m ≥ n; returns the column of each row.</summary>
    private static int[] Solve(int n, int m, Func<int, int, double> a)
    {
        // Potentials u (rows) and v (columns); p[j] = row matched to column j (1-based, 0 = none).
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                var i0 = p[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var cur = a(i0 - 1, j - 1) - u[i0] - v[j];
                    if (cur < minv[j])
                    {
                        minv[j] = cur;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var colOfRow = new int[n];
        for (var j = 1; j <= m; j++)
        {
            if (p[j] != 0)
            {
                colOfRow[p[j] - 1] = j - 1;
            }
        }

        return colOfRow;
    }
}
