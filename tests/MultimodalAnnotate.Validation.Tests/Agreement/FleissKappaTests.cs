using MultimodalAnnotate.Validation.Agreement;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class FleissKappaTests
{
    // Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa", worked example): 10 subjects, 14 raters,
    // 5 categories. Published: p_j = 0.143, 0.200, 0.279, 0.150, 0.229; P̄ = 0.378; P̄e = 0.213; κ = 0.210.
    private static readonly int[][] WikipediaExample =
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];

    [Fact]
    public void FromCounts_WikipediaExample_MatchesPublishedValues()
    {
        var result = FleissKappa.FromCounts(WikipediaExample);

        result.Subjects.Should().Be(10);
        result.RatersPerSubject.Should().Be(14);
        result.CategoryProportions.Should().Equal([0.143, 0.200, 0.279, 0.150, 0.229], (x, y) => Math.Abs(x - y) < 5e-4);
        result.Overall.ObservedAgreement.Should().BeApproximately(0.378, 5e-4);
        result.Overall.ExpectedAgreement.Should().BeApproximately(0.213, 5e-4);
        result.Kappa.Should().BeApproximately(0.210, 5e-4);
    }

    [Fact]
    public void FromCounts_WikipediaExample_OverallIsPqWeightedMeanOfCategoryKappas()
    {
        // Fleiss (1971): κ = Σ p_j q_j κ_j / Σ p_j q_j.
        var result = FleissKappa.FromCounts(WikipediaExample);

        var p = result.CategoryProportions;
        var weighted = Enumerable.Range(0, 5).Sum(j => p[j] * (1 - p[j]) * result.CategoryKappas[j]) / p.Sum(x => x * (1 - x));
        weighted.Should().BeApproximately(result.Kappa, 1e-12);
        result.CategoryKappas[4].Should().BeGreaterThan(result.CategoryKappas[3], "raters agree far better on category 5 (one unanimous subject) than on category 4");
    }

    [Fact]
    public void FromCounts_TwoCategories_BothCategoryKappasEqualOverall()
    {
        int[][] counts = [[3, 0], [2, 1], [0, 3], [1, 2], [3, 0]];

        var result = FleissKappa.FromCounts(counts);

        result.CategoryKappas[0].Should().BeApproximately(result.Kappa, 1e-12);
        result.CategoryKappas[1].Should().BeApproximately(result.Kappa, 1e-12);
    }

    [Fact]
    public void FromRatings_Labels_CountsLikeTheMatrixAndNamesCategories()
    {
        IReadOnlyList<string>[] ratings =
        [
            ["car", "car", "car"],
            ["car", "truck", "car"],
            ["truck", "truck", "truck"],
            ["bus", "truck", "bus"],
        ];

        var result = FleissKappa.FromRatings(ratings);
        var fromCounts = FleissKappa.FromCounts([[3, 0, 0], [2, 1, 0], [0, 3, 0], [0, 1, 2]]);

        result.Categories.Should().Equal("car", "truck", "bus");
        result.Kappa.Should().BeApproximately(fromCounts.Kappa, 1e-12);
        result.CategoryKappa("bus").Should().BeApproximately(fromCounts.CategoryKappas[2], 1e-12);
    }

    [Fact]
    public void FromCounts_EveryoneUsesOneCategory_KappaUndefinedAgreementPerfect()
    {
        var result = FleissKappa.FromCounts([[4, 0], [4, 0]]);

        result.Overall.IsDefined.Should().BeFalse();
        result.Overall.ObservedAgreement.Should().Be(1);
        double.IsNaN(result.CategoryKappas[1]).Should().BeTrue();
    }

    [Fact]
    public void FromCounts_UnequalRatersPerSubject_ThrowsPointingToAlpha()
    {
        var act = () => FleissKappa.FromCounts([[2, 1], [1, 1]]);

        act.Should().Throw<ArgumentException>().WithMessage("*same number of raters*Krippendorff*");
    }
}
