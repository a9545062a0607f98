using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Ontology;

public sealed class ColourTests
{
    private static readonly ColourTaxonomy Taxonomy = CompiledOntology.Compile(TestOntology.Definition).Colours;

    // Reference pairs from Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula", Table 1.
    [Theory]
    [InlineData(50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425)]
    [InlineData(50, 0, 0, 50, -1, 2, 2.3669)]
    [InlineData(50, 2.49, -0.001, 50, -2.49, 0.0011, 7.2195)]
    [InlineData(50, 2.5, 0, 73, 25, -18, 27.1492)]
    [InlineData(60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644)]
    [InlineData(22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373)]
    [InlineData(2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082)]
    public void Ciede2000_SharmaReferencePairs_MatchToFourDecimals(double l1, double a1, double b1, double l2, double a2, double b2, double expected)
    {
        ColourScience.Ciede2000(new LabColour(l1, a1, b1), new LabColour(l2, a2, b2)).Should().BeApproximately(expected, 0.0001);
        ColourScience.Ciede2000(new LabColour(l2, a2, b2), new LabColour(l1, a1, b1)).Should().BeApproximately(expected, 0.0001, "ΔE00 is symmetric");
    }

    [Fact]
    public void FromSrgb_PureRed_IsTheKnownLabValue()
    {
        var red = ColourScience.FromSrgb(255, 0, 0);

        red.L.Should().BeApproximately(53.24, 0.01);
        red.A.Should().BeApproximately(80.09, 0.01);
        red.B.Should().BeApproximately(67.20, 0.01);
    }

    [Fact]
    public void TryParseHex_AcceptsRrggbbOnly()
    {
        ColourScience.TryParseHex("#FFFFFF", out var white).Should().BeTrue();
        white.L.Should().BeApproximately(100, 0.01);
        ColourScience.TryParseHex("fff", out _).Should().BeFalse();
        ColourScience.TryParseHex("#gg0000", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("navy", "blue", ColourVerdict.Agree)]
    [InlineData("blue", "navy", ColourVerdict.Agree)]
    [InlineData("teal", "blue", ColourVerdict.Near)]
    [InlineData("navy", "sky blue", ColourVerdict.Near)]
    [InlineData("red", "blue", ColourVerdict.Conflict)]
    [InlineData("green", "blue", ColourVerdict.Conflict)]
    [InlineData("#000081", "navy", ColourVerdict.Agree)]
    [InlineData("#ff0000", "#0000ff", ColourVerdict.Conflict)]
    [InlineData("cerulean", "blue", ColourVerdict.Unknown)]
    public void Compare_TaxonomyThenDistance_GivesTheVerdict(string a, string b, ColourVerdict verdict) =>
        Taxonomy.Compare(a, b, ValidationPolicy.Default).Verdict.Should().Be(verdict);

    [Fact]
    public void Compare_ShadesOfOneColour_NameTheCommonColour()
    {
        Taxonomy.Compare("navy", "sky blue", ValidationPolicy.Default).Reason.Should().Be("both are shades of blue");
    }

    /// <summary>Term distances are computed once per pair and formula; each call must still give that pair's own distance.</summary>
    [Theory]
    [InlineData(ColourDistanceFormula.Ciede2000)]
    [InlineData(ColourDistanceFormula.Cie76)]
    public void Compare_TermPairs_GiveTheDistanceOfTheirLabValues_EveryTime(ColourDistanceFormula formula)
    {
        var policy = ValidationPolicy.Default with { ColourDistance = formula };
        string[] terms = ["red", "blue", "teal", "navy", "sky blue"];
        for (var round = 0; round < 2; round++)
        {
            foreach (var a in terms)
            {
                foreach (var b in terms)
                {
                    Taxonomy.TryResolve(a, out _, out var labA).Should().BeTrue();
                    Taxonomy.TryResolve(b, out _, out var labB).Should().BeTrue();
                    var expected = ColourScience.Distance(labA, labB, formula);
                    Taxonomy.Compare(a, b, policy).Distance.Should().Be(a == b ? 0 : expected, $"{a} vs {b} ({formula}, round {round})");
                }
            }
        }
    }

    [Fact]
    public void Compare_InATaxonomyTooLargeToCache_StillMeasuresTheDistance()
    {
        var terms = Enumerable.Range(0, 200).Select(i => new ColourTerm($"c{i}", null, $"#{i:x2}00{255 - i:x2}")).ToList();
        var large = new ColourTaxonomy(terms);

        var comparison = large.Compare("c0", "c199", ValidationPolicy.Default);

        ColourScience.TryParseHex("#0000ff", out var first).Should().BeTrue();
        ColourScience.TryParseHex("#c70038", out var last).Should().BeTrue();
        comparison.Distance.Should().Be(ColourScience.Distance(first, last, ColourDistanceFormula.Ciede2000));
    }
}
