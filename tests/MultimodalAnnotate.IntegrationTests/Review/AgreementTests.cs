using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Agreement;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Dashboard;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>
/// Agreement on the dashboard: items given to a second annotator (blind overlap) are compared with the primary
/// annotator's work per capability slice. Iteration 1: the overlap annotator draws exactly what the primary drew.
/// Iteration 2: same boxes, but labelled "cat" where the primary said "dog" (captions agree): 8 units, observed
/// agreement 0.5, chance agreement 0.5, so κ = 0 and both annotators are flagged for recalibration.
/// </summary>
public sealed class AgreementTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    private async Task OverlapItemsAsync(Guid batch, string overlapImageLabel, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var item = await world.NewItemAsync(withError: false, batchId: batch, overlapAnnotatorId: world.Own["annotator2"].Id);
            await world.DbAsync(async db =>
            {
                var assignment = await db.ItemAssignments.SingleAsync(a => a.ItemId == item && a.IsOverlap);
                var classes = await db.OntologyClasses.Where(c => c.ProjectId == world.ProjectId).ToDictionaryAsync(c => c.Name, c => c.Id);
                var primary = await db.Annotations.AsNoTracking().Where(a => a.ItemId == item).ToListAsync();
                foreach (var a in primary)
                {
                    db.Annotations.Add(new Annotation
                    {
                        ItemId = item, AssetId = a.AssetId, Geometry = a.Geometry, GeometryKind = a.GeometryKind, Granularity = a.Granularity,
                        ClassId = a.GeometryKind == "box2d" ? classes[overlapImageLabel] : a.ClassId,
                        AssignmentId = assignment.Id, AuthorId = assignment.UserId, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                    });
                }
                return await db.SaveChangesAsync();
            });
        }
    }

    private Task<AgreementQueries.AgreementView?> ReportAsync(int? iteration, string user = "qa") =>
        world.RunAsync<AgreementQueries, AgreementQueries.AgreementView?>(q => q.ReportAsync(world.ProjectId, world.Own[user].Id, iteration, CancellationToken.None));

    [Fact]
    public async Task Agreement_SameWorkAgrees_RelabelledWorkFlagsBothAnnotatorsBelowPolicyKappa()
    {
        (await ReportAsync(null))!.Problem.Should().Contain("No item has overlap assignments");
        await OverlapItemsAsync(world.BatchId, "dog", 4);
        await OverlapItemsAsync(await world.NewBatchAsync("second", 2), "cat", 4);

        var agreeing = (await ReportAsync(1))!;
        var disagreeing = (await ReportAsync(2))!;

        agreeing.Items.Should().Be(4);
        agreeing.Report!.Units.Should().HaveCount(8, "4 images and 4 captions, each one unit");
        agreeing.Report.FlaggedAnnotators.Should().BeEmpty();
        agreeing.Report.Slice(Modality.Image, "dog")!.UnanimousUnits.Should().Be(4);

        var report = disagreeing.Report!;
        report.Annotators.Should().BeEquivalentTo("own annotator", "own annotator2");
        report.Labels.Cohen!.Kappa.Should().BeApproximately(0, 1e-9, "p_o = 0.5 and p_e = 0.5");
        report.FlaggedAnnotators.Should().BeEquivalentTo("own annotator", "own annotator2");
        report.Slice(Modality.Image, "cat")!.Units.Should().Be(4);
        report.Slice(Modality.Image, "cat")!.UnanimousUnits.Should().Be(0);
        report.Slice(Modality.Text, "dog")!.UnanimousUnits.Should().Be(4);
        report.MinAnnotatorKappa.Should().Be(ValidationPolicy.Default.MinAnnotatorKappa);
        report.Units.Should().OnlyContain(u => u.Ratings.Count == 2 && u.Ratings.All(r => r.Label != AgreementReport.NoneLabel));
    }

    [Fact]
    public async Task Agreement_ForReviewerOrForeignQaLead_IsNotShown()
    {
        (await ReportAsync(null, "reviewer")).Should().BeNull();
        (await world.RunAsync<AgreementQueries, AgreementQueries.AgreementView?>(q => q.ReportAsync(world.ProjectId, world.Foreign["qa"].Id, null, CancellationToken.None)))
            .Should().BeNull();
    }
}
