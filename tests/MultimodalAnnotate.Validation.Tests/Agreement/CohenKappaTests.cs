using MultimodalAnnotate.Validation.Agreement;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class CohenKappaTests
{
    [Fact]
    public void FromTable_WikipediaYesNoExample_GivesKappaPointFour()
    {
        // Wikipedia "Cohen's kappa", simple example: 50 proposals, Yes/Yes 20, Yes/No 5, No/Yes 10, No/No 15.
        // po = 35/50 = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4 exactly.
        var result = CohenKappa.FromTable([[20.0, 5], [10, 15]]);

        result.ObservedAgreement.Should().BeApproximately(0.7, 1e-12);
        result.ExpectedAgreement.Should().BeApproximately(0.5, 1e-12);
        result.Kappa.Should().BeApproximately(0.4, 1e-12);
        result.Items.Should().Be(50);
        result.IsDefined.Should().BeTrue();
    }

    [Theory]
    // Wikipedia "Cohen's kappa", "same percentages but different numbers": both tables have po = 0.6, but
    // pe = 0.54 gives κ = 0.1304 and pe = 0.46 gives κ = 0.2593.
    [InlineData(45, 15, 25, 15, 0.54, 0.1304)]
    [InlineData(25, 35, 5, 35, 0.46, 0.2593)]
    public void FromTable_SameAgreementDifferentMarginals_KappaFollowsChanceAgreement(double a, double b, double c, double d, double pe, double kappa)
    {
        var result = CohenKappa.FromTable([[a, b], [c, d]]);

        result.ObservedAgreement.Should().BeApproximately(0.6, 1e-12);
        result.ExpectedAgreement.Should().BeApproximately(pe, 1e-12);
        result.Kappa.Should().BeApproximately(kappa, 5e-5);
    }

    [Fact]
    public void Compute_ArtsteinPoesioThreeClassExample_GivesPointEightZeroOneThree()
    {
        // Artstein & Poesio (2008), "Inter-coder agreement for computational linguistics", Table 4 (also in
        // scikit-learn's test suite): po = 0.88, pe = 0.46·0.52 + 0.44·0.32 + 0.10·0.16 = 0.396, κ = 0.8013.
        var coder1 = Repeat(("stat", 46), ("ireq", 44), ("chck", 10));
        var coder2 = Repeat(("stat", 52), ("ireq", 32), ("chck", 16));

        var result = CohenKappa.Compute(coder1, coder2);

        result.ObservedAgreement.Should().BeApproximately(0.88, 1e-12);
        result.ExpectedAgreement.Should().BeApproximately(0.396, 1e-12);
        result.Kappa.Should().BeApproximately(0.8013, 5e-5);
    }

    [Theory]
    // scikit-learn's weighting example (three ordered classes, 100 items): hand check for linear weights:
    // po = 0.96 + 0.04·0.5 = 0.98, pe = 0.416 + 0.5·0.488 = 0.66, κ = 0.32/0.34 = 0.9412.
    [InlineData(KappaWeights.None, 0.9315)]
    [InlineData(KappaWeights.Linear, 0.9412)]
    [InlineData(KappaWeights.Quadratic, 0.9541)]
    public void Compute_OrdinalLabels_WeightedKappaCreditsNearMisses(KappaWeights weights, double expected)
    {
        var rater1 = Repeat((0, 46), (1, 44), (2, 10));
        var rater2 = Repeat((0, 50), (1, 40), (2, 10));

        CohenKappa.Compute(rater1, rater2, weights).Kappa.Should().BeApproximately(expected, 5e-5);
    }

    [Fact]
    public void Compute_WeightedWithExplicitCategoryOrder_UsesThatOrderNotSorting()
    {
        // "low" < "mid" < "high" is not alphabetical; a low/mid disagreement is a near miss only in the given order.
        string[] order = ["low", "mid", "high"];
        string[] a = ["low", "low", "mid", "high", "high", "mid"];
        string[] b = ["mid", "low", "mid", "high", "mid", "mid"];

        var ordered = CohenKappa.Compute(a, b, KappaWeights.Quadratic, order);
        var table = CohenKappa.FromTable([[1.0, 1, 0], [0, 2, 0], [0, 1, 1]], KappaWeights.Quadratic);

        ordered.Kappa.Should().BeApproximately(table.Kappa, 1e-12);
        ordered.Kappa.Should().BeGreaterThan(CohenKappa.Compute(a, b).Kappa);
    }

    [Fact]
    public void Compute_BothRatersUseOneCategoryOnly_KappaIsUndefinedButAgreementIsPerfect()
    {
        string[] all = ["car", "car", "car", "car"];

        var result = CohenKappa.Compute(all, all);

        result.IsDefined.Should().BeFalse();
        double.IsNaN(result.Kappa).Should().BeTrue();
        result.ObservedAgreement.Should().Be(1);
        result.ExpectedAgreement.Should().Be(1);
    }

    [Fact]
    public void Compute_NoItems_IsUndefined()
    {
        var result = CohenKappa.Compute(Array.Empty<string>(), Array.Empty<string>());

        result.IsDefined.Should().BeFalse();
        result.Items.Should().Be(0);
    }

    [Fact]
    public void Compute_PerfectAgreementAndSystematicOpposition_GiveOneAndMinusOne()
    {
        string[] a = ["yes", "no", "yes", "no"];
        string[] b = ["no", "yes", "no", "yes"];

        CohenKappa.Compute(a, a).Kappa.Should().Be(1);
        CohenKappa.Compute(a, b).Kappa.Should().BeApproximately(-1, 1e-12);
    }

    [Fact]
    public void Compute_DifferentLengths_Throws()
    {
        var act = () => CohenKappa.Compute(["a"], ["a", "b"]);

        act.Should().Throw<ArgumentException>().WithMessage("*same items*");
    }

    [Fact]
    public void ToString_AnyCulture_UsesInvariantDecimalPoint()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            CohenKappa.FromTable([[20.0, 5], [10, 15]]).ToString().Should().Contain("kappa=0.4 ");
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    private static List<T> Repeat<T>(params (T Value, int Count)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Value, r.Count)).ToList();
}
