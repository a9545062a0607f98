using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Dashboard;

namespace MultimodalAnnotate.Web.Tests.Review;

public sealed class DashboardMathTests
{
    private static readonly IReadOnlyList<double> Targets = [0.05, 0.03];

    private static RateRow Row(int iteration, int units, int errors) => new($"{iteration}", $"Iteration {iteration}", 1, units, errors);

    private static FindingFact Finding(FindingType type, Severity severity, FindingStatus status, string pair = "Image ↔ Text") =>
        new(Guid.NewGuid(), Guid.NewGuid(), "item", Guid.NewGuid(), "b", 1, "ann", type, "X-001", severity, status, false, pair, "m", null);

    [Theory]
    [InlineData(null, "—")]
    [InlineData(0.0, "0 %")]
    [InlineData(0.125, "12.5 %")]
    [InlineData(0.03, "3 %")]
    [InlineData(5.0 / 9, "55.6 %")]
    [InlineData(1.0, "100 %")]
    public void Percent_OneDecimalAtMost_InvariantCulture(double? rate, string expected) => DashboardMath.Percent(rate).Should().Be(expected);

    [Fact]
    public void Trend_NothingValidated_SaysSo() =>
        DashboardMath.Trend([new RateRow("1", "Iteration 1", 2, 0, 0)], Targets).Should().Be("No validated items yet.");

    [Fact]
    public void Trend_OneIteration_NamesTheFirstTargetNotMet() =>
        DashboardMath.Trend([Row(1, 100, 4)], Targets).Should().Be("Iteration 1: 4 %; target 3 % not met yet.");

    [Fact]
    public void Trend_RateUp_SaysUp() =>
        DashboardMath.Trend([Row(1, 10, 1), Row(2, 10, 2)], Targets).Should().Be("Iteration 2: 20 % (up 10 points from 10 % in iteration 1); target 5 % not met yet.");

    [Fact]
    public void Trend_BelowEveryTarget_SaysAllMet() =>
        DashboardMath.Trend([Row(1, 100, 34), Row(2, 100, 2)], Targets).Should().Be("Iteration 2: 2 % (down 32 points from 34 % in iteration 1); every target met (5 %, then 3 %).");

    [Fact]
    public void ByType_NoOpenErrors_AllSharesZeroNextToTheIndustry()
    {
        var rows = DashboardMath.ByType([Finding(FindingType.Temporal, Severity.Warning, FindingStatus.Open), Finding(FindingType.Semantic, Severity.Error, FindingStatus.Waived)]);

        rows.Should().OnlyContain(r => r.Count == 0 && r.Share == 0);
        rows.Sum(r => r.IndustryShare).Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Waivers_InfoFindingsNeverCount()
    {
        var summary = DashboardMath.Waivers(
        [
            Finding(FindingType.Temporal, Severity.Info, FindingStatus.Open),
            Finding(FindingType.Temporal, Severity.Warning, FindingStatus.Waived),
            Finding(FindingType.Temporal, Severity.Error, FindingStatus.Fixed),
        ]);

        (summary.Waived, summary.Open, summary.Fixed, summary.Rate).Should().Be((1, 0, 1, 0.5));
    }

    [Fact]
    public void PairOf_ModalitiesInEnumOrder_OneNameWhenShared_UnknownWhenGone()
    {
        var (image, cloud, text, gone) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var modalities = new Dictionary<Guid, Modality> { [image] = Modality.Image, [cloud] = Modality.PointCloud, [text] = Modality.Text };

        DashboardQueries.PairOf([cloud, image], modalities).Should().Be("Image ↔ PointCloud");
        DashboardQueries.PairOf([text, cloud, image, gone], modalities).Should().Be("Image ↔ Text ↔ PointCloud");
        DashboardQueries.PairOf([image, image], modalities).Should().Be("Image");
        DashboardQueries.PairOf([gone], modalities).Should().Be("unknown");
    }

    [Fact]
    public void ItemsCsv_HeaderAndOneLinePerItem_RateWithInvariantDecimalPoint()
    {
        var batch = Guid.NewGuid();
        var facts = new DashboardFacts(Guid.NewGuid(), "p", Targets, 0.1, [new BatchFact(batch, "b, one", 1, DateTimeOffset.UnixEpoch)],
            [new ItemFact(Guid.Empty, "=cmd", batch, "b, one", 1, ItemStatus.Flagged, null, "Ann", 3, 1, 1.0 / 3)], []);

        var lines = DashboardExport.ItemsCsv(facts).Split("\r\n");

        lines[0].Should().Be("item_id,item,batch,iteration,status,annotator,units_in_scope,units_with_error,sync_error_rate");
        lines[1].Should().Be($"{Guid.Empty},'=cmd,\"b, one\",1,Flagged,Ann,3,1,0.3333");
        lines[2].Should().BeEmpty();
    }
}
