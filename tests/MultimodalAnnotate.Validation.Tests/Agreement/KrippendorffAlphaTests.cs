using MultimodalAnnotate.Validation.Agreement;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

public class KrippendorffAlphaTests
{
    // Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", Annenberg School for Communication,
    // University of Pennsylvania (repository.upenn.edu/asc_papers/43), section C: 4 observers, 12 units, values
    // 1–5, missing data. Published: nominal α = 0.743, ordinal α = 0.815, interval α = 0.849, ratio α = 0.797.
    // (The same data and values are used by the `krippendorff` Python package's tests; unit 12 has one value
    // only and is not pairable.)
    private static readonly double?[][] PaperExample =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743)]
    [InlineData(MeasurementLevel.Ordinal, 0.815)]
    [InlineData(MeasurementLevel.Interval, 0.849)]
    [InlineData(MeasurementLevel.Ratio, 0.797)]
    public void Compute_KrippendorffPaperExample_MatchesPublishedAlpha(MeasurementLevel level, double published)
    {
        var result = KrippendorffAlpha.Compute(PaperExample, level);

        result.Alpha.Should().BeApproximately(published, 5e-4);
        result.PairableUnits.Should().Be(11);
        result.PairableValues.Should().Be(40);
    }

    [Fact]
    public void Compute_KrippendorffBinaryExample_MatchesPublishedAlpha()
    {
        // Same paper, section A: two observers, ten units, binary data; published α = 0.095.
        double?[][] data =
        [
            [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
            [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
        ];

        KrippendorffAlpha.Compute(data, MeasurementLevel.Nominal).Alpha.Should().BeApproximately(0.095, 5e-4);
    }

    [Theory]
    // Wikipedia "Krippendorff's alpha", computational example (3 coders, 15 units, missing values):
    // nominal α = 0.691, interval α = 0.811 (0.691358 and 0.810845 in the krippendorff package's tests).
    [InlineData(MeasurementLevel.Nominal, 0.691358)]
    [InlineData(MeasurementLevel.Interval, 0.810845)]
    public void Compute_WikipediaExample_MatchesPublishedAlpha(MeasurementLevel level, double published)
    {
        double?[][] data =
        [
            [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
            [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
            [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
        ];

        KrippendorffAlpha.Compute(data, level).Alpha.Should().BeApproximately(published, 5e-7);
    }

    [Fact]
    public void ComputeNominal_StringLabels_EqualsNumericCoding()
    {
        string?[][] labels =
        [
            ["a", "b", "c", "c", "b", "a", "d", "a", "b", null, null, null],
            ["a", "b", "c", "c", "b", "b", "d", "a", "b", "e", null, "c"],
            [null, "c", "c", "c", "b", "c", "d", "b", "b", "e", "a", null],
            ["a", "b", "c", "c", "b", "d", "d", "a", "b", "e", "a", null],
        ];

        KrippendorffAlpha.ComputeNominal(labels).Alpha
            .Should().BeApproximately(KrippendorffAlpha.Compute(PaperExample, MeasurementLevel.Nominal).Alpha, 1e-12);
    }

    [Fact]
    public void FromUnits_SingleValuedUnitsAdded_AlphaUnchanged()
    {
        IReadOnlyList<double>[] units = [[1, 1, 2], [2, 2], [3, 3, 3], [1, 2]];
        IReadOnlyList<double>[] withLonely = [.. units, [5], [], [4]];

        var a = KrippendorffAlpha.FromUnits(units, MeasurementLevel.Interval);
        var b = KrippendorffAlpha.FromUnits(withLonely, MeasurementLevel.Interval);

        b.Alpha.Should().Be(a.Alpha);
        b.PairableUnits.Should().Be(4);
    }

    [Fact]
    public void FromUnits_PerfectAgreement_IsOne_AndConstantData_IsUndefined()
    {
        KrippendorffAlpha.FromUnits([[1, 1], [2, 2, 2], [3, 3]], MeasurementLevel.Ordinal).Alpha.Should().Be(1);

        var constant = KrippendorffAlpha.FromUnits([[1, 1], [1, 1, 1]], MeasurementLevel.Nominal);
        constant.IsDefined.Should().BeFalse();
    }

    [Fact]
    public void Compute_IntervalNearMissVersusFarMiss_FarMissLowersAlphaMore()
    {
        double?[][] near = [[1, 2, 3, 4, 5], [1, 2, 3, 4, 4]];
        double?[][] far = [[1, 2, 3, 4, 5], [1, 2, 3, 4, 1]];

        KrippendorffAlpha.Compute(near, MeasurementLevel.Interval).Alpha
            .Should().BeGreaterThan(KrippendorffAlpha.Compute(far, MeasurementLevel.Interval).Alpha);
        KrippendorffAlpha.Compute(near, MeasurementLevel.Nominal).Alpha
            .Should().BeApproximately(KrippendorffAlpha.Compute(far, MeasurementLevel.Nominal).Alpha, 1e-12, "nominal data do not know near from far");
    }
}
