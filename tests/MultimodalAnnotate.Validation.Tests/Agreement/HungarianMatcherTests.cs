using CsCheck;
using MultimodalAnnotate.Validation.Agreement;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class HungarianMatcherTests
{
    [Fact]
    public void MinimumCostAssignment_ScipyDocumentationExample_FindsCostFive()
    {
        // scipy.optimize.linear_sum_assignment documentation example: optimal columns [1, 0, 2], total cost 5.
        double[][] cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];

        var assignment = HungarianMatcher.MinimumCostAssignment(cost);

        assignment.Should().Equal(1, 0, 2);
        Enumerable.Range(0, 3).Sum(i => cost[i][assignment[i]]).Should().Be(5);
    }

    [Fact]
    public void MinimumCostAssignment_MoreRowsThanColumns_LeavesCostliestRowUnassigned()
    {
        double[][] cost = [[1, 9], [9, 9], [9, 1]];

        HungarianMatcher.MinimumCostAssignment(cost).Should().Equal(0, -1, 1);
    }

    [Fact]
    public void MinimumCostAssignment_MoreColumnsThanRows_AssignsEveryRow()
    {
        double[][] cost = [[5, 1, 7, 3], [2, 8, 1, 9]];

        HungarianMatcher.MinimumCostAssignment(cost).Should().Equal(1, 2);
    }

    [Fact]
    public void MaximumSimilarityMatching_GreedyTrap_FindsTheBetterTotal()
    {
        // Greedy takes the single best pair (0,0)=0.9 and strands row 1; the optimum pairs crosswise (1.65).
        double[][] iou = [[0.9, 0.8], [0.85, 0.0]];

        var pairs = HungarianMatcher.MaximumSimilarityMatching(iou, 0.5);

        pairs.Should().Equal(new MatchedPair(0, 1, 0.8), new MatchedPair(1, 0, 0.85));
    }

    [Fact]
    public void MaximumSimilarityMatching_PairsUnderThreshold_NeverMatchedAndDoNotCrowdOutValidOnes()
    {
        // Maximising raw IoU would take the crosswise 0.49 + 0.49 and then drop both under the 0.5 threshold;
        // solving over admissible pairs keeps the one real match.
        double[][] iou = [[0.6, 0.49], [0.49, 0.0]];

        HungarianMatcher.MaximumSimilarityMatching(iou, 0.5).Should().Equal(new MatchedPair(0, 0, 0.6));
    }

    [Fact]
    public void MaximumSimilarityMatching_RandomSmallMatrices_EqualsBruteForceOptimum()
    {
        var gen =
            from rows in Gen.Int[0, 5]
            from cols in Gen.Int[0, 5]
            from values in Gen.Double[0, 1].Array[rows * cols]
            from threshold in Gen.OneOf(0.0, 0.3, 0.5, 0.8)
            select (rows, cols, values, threshold);

        gen.Sample(t =>
        {
            var (rows, cols, values, threshold) = t;
            var sim = Enumerable.Range(0, rows).Select(i => values.Skip(i * cols).Take(cols).ToArray()).ToArray();

            var pairs = HungarianMatcher.MaximumSimilarityMatching(sim, threshold);

            pairs.Select(p => p.Row).Should().OnlyHaveUniqueItems();
            pairs.Select(p => p.Column).Should().OnlyHaveUniqueItems();
            pairs.Where(p => p.Similarity < threshold || p.Similarity <= 0 || p.Similarity != sim[p.Row][p.Column]).Should().BeEmpty();
            pairs.Sum(p => p.Similarity).Should().BeApproximately(BruteForceBest(sim, cols, threshold), 1e-9);
        }, iter: 400);
    }

    [Fact]
    public void MinimumCostAssignment_RandomRectangularMatrices_EqualsBruteForceOptimum()
    {
        var gen =
            from rows in Gen.Int[1, 5]
            from cols in Gen.Int[1, 5]
            from values in Gen.Int[-20, 20].Array[rows * cols]
            select (rows, cols, values);

        gen.Sample(t =>
        {
            var (rows, cols, values) = t;
            var cost = Enumerable.Range(0, rows).Select(i => values.Skip(i * cols).Take(cols).Select(v => (double)v).ToArray()).ToArray();

            var assignment = HungarianMatcher.MinimumCostAssignment(cost);

            assignment.Count(c => c >= 0).Should().Be(Math.Min(rows, cols));
            assignment.Where(c => c >= 0).Should().OnlyHaveUniqueItems();
            var total = Enumerable.Range(0, rows).Where(i => assignment[i] >= 0).Sum(i => cost[i][assignment[i]]);
            total.Should().Be(BruteForceMinCost(cost, cols));
        }, iter: 400);
    }

    [Fact]
    public void MinimumCostAssignment_NonFiniteCost_Throws()
    {
        var act = () => HungarianMatcher.MinimumCostAssignment([[1, double.NaN]]);

        act.Should().Throw<ArgumentException>();
    }

    /// <summary>Best total over all partial one-to-one matchings using admissible pairs only.</summary>
    private static double BruteForceBest(double[][] sim, int cols, double threshold)
    {
        var used = new bool[cols];
        return Best(0);

        double Best(int row)
        {
            if (row == sim.Length)
            {
                return 0;
            }

            var best = Best(row + 1);
            for (var j = 0; j < cols; j++)
            {
                var s = sim[row][j];
                if (!used[j] && s > 0 && s >= threshold)
                {
                    used[j] = true;
                    best = Math.Max(best, s + Best(row + 1));
                    used[j] = false;
                }
            }

            return best;
        }
    }

    /// <summary>Least total cost over assignments of min(rows, cols) rows to distinct columns.</summary>
    private static double BruteForceMinCost(double[][] cost, int cols)
    {
        var rows = cost.Length;
        var need = Math.Min(rows, cols);
        var used = new bool[cols];
        return Min(0, 0);

        double Min(int row, int assigned)
        {
            if (row == rows)
            {
                return assigned == need ? 0 : double.PositiveInfinity;
            }

            var best = rows - row > need - assigned ? Min(row + 1, assigned) : double.PositiveInfinity;
            for (var j = 0; j < cols; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    best = Math.Min(best, cost[row][j] + Min(row + 1, assigned + 1));
                    used[j] = false;
                }
            }

            return best;
        }
    }
}
