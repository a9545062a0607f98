using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.IntegrationTests.Review;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Api.Annotations;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Dashboard;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.IntegrationTests.Annotate;

/// <summary>
/// Blind overlap work written through the annotate use cases: an overlap annotator's annotations and entities land
/// in their own set, which only they see and change; the primary annotator (and everyone else) works on the main
/// set, which validation reads, so an overlap save leaves the item's findings as they were.
/// </summary>
public sealed class OverlapWriteTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    private string Primary => world.Own["annotator"].Id;

    private string Overlap => world.Own["annotator2"].Id;

    private Task<(Guid Image, Guid Caption)> AssetsAsync(Guid item) => world.DbAsync(async db =>
    {
        var assets = await db.Assets.AsNoTracking().Where(a => a.ItemId == item).ToListAsync();
        return (assets.Single(a => a.Modality == Modality.Image).Id, assets.Single(a => a.Modality == Modality.Text).Id);
    });

    private Task<WriteResult<AnnotationView>> CreateAsync(Guid item, Guid asset, string label, Geometry geometry, string user, Guid? entity = null) =>
        world.RunAsync<CreateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(new CreateAnnotation.Request(item, asset, label, null, geometry, entity), user, CancellationToken.None));

    private Task<WriteResult<AnnotationView>> UpdateAsync(AnnotationView a, string label, string user) =>
        world.RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(new UpdateAnnotation.Request(a.Id, a.Version, label), user, CancellationToken.None));

    private Task<ItemQueries.ItemDetail?> ViewAsync(Guid item, string user) =>
        world.RunAsync<ItemQueries, ItemQueries.ItemDetail?>(q => q.DetailAsync(item, user, CancellationToken.None));

    private Task<List<Annotation>> RowsAsync(Guid item) => world.DbAsync(db => db.Annotations.AsNoTracking().Where(a => a.ItemId == item).ToListAsync());

    private Task<Guid> OverlapAssignmentAsync(Guid item, string user) =>
        world.DbAsync(db => db.ItemAssignments.Where(a => a.ItemId == item && a.UserId == user && a.IsOverlap).Select(a => a.Id).SingleAsync());

    [Fact]
    public async Task CreateAndUpdate_ByOverlapAnnotator_LandInTheirSetOnly()
    {
        var item = await world.NewItemAsync(withError: false, overlapAnnotatorId: Overlap);
        var (image, _) = await AssetsAsync(item);
        var mainBefore = (await ViewAsync(item, Primary))!.Annotations.Select(a => a.Annotation).ToList();

        var created = await CreateAsync(item, image, "dog", new Box2D(10, 10, 50, 50), Overlap);
        created.Succeeded.Should().BeTrue(string.Join("; ", created.Errors.Values));
        var updated = await UpdateAsync(created.Value!, "cat", Overlap);
        updated.Succeeded.Should().BeTrue(string.Join("; ", updated.Errors.Values));

        var assignment = await OverlapAssignmentAsync(item, Overlap);
        var rows = await RowsAsync(item);
        rows.Single(a => a.Id == created.Value!.Id).AssignmentId.Should().Be(assignment);
        rows.Count(a => a.AssignmentId == null).Should().Be(2, "the main set keeps the primary's two annotations");
        (await ViewAsync(item, Overlap))!.Annotations.Select(a => (a.Annotation.Id, a.Annotation.Label)).Should().Equal((created.Value!.Id, "cat"));
        (await ViewAsync(item, Primary))!.Annotations.Select(a => a.Annotation).Should().BeEquivalentTo(mainBefore);
    }

    [Fact]
    public async Task Sets_PrimaryAndOverlap_CannotSeeOrEditEachOthersWork()
    {
        var item = await world.NewItemAsync(withError: false, overlapAnnotatorId: Overlap);
        var (image, _) = await AssetsAsync(item);
        var blind = (await CreateAsync(item, image, "dog", new Box2D(10, 10, 50, 50), Overlap)).Value!;
        var main = (await ViewAsync(item, Primary))!;
        var mainAnnotation = main.Annotations[0].Annotation;
        var mainEntity = main.Entities.Single();

        main.Annotations.Should().NotContain(a => a.Annotation.Id == blind.Id);
        (await world.RunAsync<AnnotationReads, AnnotationView?>(r => r.AnnotationAsync(blind.Id, Primary, CancellationToken.None))).Should().BeNull();
        (await world.RunAsync<AnnotationReads, AnnotationView?>(r => r.AnnotationAsync(mainAnnotation.Id, Overlap, CancellationToken.None))).Should().BeNull();
        var workspace = await world.RunAsync<WorkspaceQueries, WorkspaceData?>(q => q.LoadAsync(item, Overlap, CancellationToken.None));
        workspace!.Item.Annotations.Select(a => a.Annotation.Id).Should().Equal(blind.Id);
        workspace.Item.Entities.Should().BeEmpty();
        workspace.Item.Findings.Should().BeEmpty("findings describe the main set");

        var primaryEdits = await UpdateAsync(blind, "cat", Primary);
        var primaryDeletes = await world.RunAsync<DeleteAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(new(blind.Id, blind.Version), Primary, CancellationToken.None));
        var adminEdits = await UpdateAsync(blind, "cat", world.Own["admin"].Id);
        var overlapEdits = await UpdateAsync(mainAnnotation, "cat", Overlap);
        var overlapDeletes = await world.RunAsync<DeleteAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(new(mainAnnotation.Id, mainAnnotation.Version), Overlap, CancellationToken.None));
        var overlapRenames = await world.RunAsync<RenameEntity, WriteResult<EntityView>>(u => u.ExecuteAsync(new(mainEntity.Id, mainEntity.Version, "mine"), Overlap, CancellationToken.None));
        var overlapLinksToMain = await CreateAsync(item, image, "dog", new Box2D(5, 5, 5, 5), Overlap, mainEntity.Id);
        var primaryLinksBlind = await world.RunAsync<LinkMentions, WriteResult<EntityView>>(u => u.ExecuteAsync(new(item, [blind.Id, mainAnnotation.Id]), Primary, CancellationToken.None));

        foreach (var refused in new[] { primaryEdits, primaryDeletes, adminEdits, overlapEdits, overlapDeletes })
        {
            refused.Outcome.Should().Be(WriteOutcome.Forbidden);
            refused.Errors["user"].Should().Contain("belongs to another annotator's set");
        }
        (overlapRenames.Outcome, primaryLinksBlind.Outcome).Should().Be((WriteOutcome.Forbidden, WriteOutcome.Forbidden));
        overlapLinksToMain.Errors["entityId"].Should().Contain("belongs to another annotator's set");
        var rows = await RowsAsync(item);
        rows.Should().HaveCount(3);
        rows.Should().OnlyContain(a => a.Version == 1 && (a.Id == blind.Id ? a.EntityId == null : a.EntityId == mainEntity.Id));
    }

    [Fact]
    public async Task Entities_ByOverlapAnnotator_StayInTheirSetWithTheirMentions()
    {
        var item = await world.NewItemAsync(withError: false, overlapAnnotatorId: Overlap);
        var (image, caption) = await AssetsAsync(item);
        var box = (await CreateAsync(item, image, "dog", new Box2D(10, 10, 50, 50), Overlap)).Value!;
        var span = (await CreateAsync(item, caption, "dog", new TextSpan(2, 5), Overlap)).Value!;

        var linked = await world.RunAsync<LinkMentions, WriteResult<EntityView>>(u => u.ExecuteAsync(new(item, [box.Id, span.Id], NewEntityName: "the dog"), Overlap, CancellationToken.None));
        linked.Succeeded.Should().BeTrue(string.Join("; ", linked.Errors.Values));
        var renamed = await world.RunAsync<RenameEntity, WriteResult<EntityView>>(u => u.ExecuteAsync(new(linked.Value!.Id, linked.Value.Version, "my dog"), Overlap, CancellationToken.None));
        renamed.Succeeded.Should().BeTrue();
        var created = await world.RunAsync<CreateEntity, WriteResult<EntityView>>(u => u.ExecuteAsync(new(item, "other"), Overlap, CancellationToken.None));

        var assignment = await OverlapAssignmentAsync(item, Overlap);
        var entities = await world.DbAsync(db => db.Entities.AsNoTracking().Where(e => e.ItemId == item).ToListAsync());
        entities.Where(e => e.AssignmentId == assignment).Select(e => e.Name).Should().BeEquivalentTo("my dog", "other");
        entities.Single(e => e.AssignmentId == null).Name.Should().Be("animal #1");
        var mine = (await ViewAsync(item, Overlap))!;
        mine.Entities.Single(e => e.Name == "my dog").Mentions.Select(m => m.Annotation.Id).Should().BeEquivalentTo([box.Id, span.Id]);
        (await ViewAsync(item, Primary))!.Entities.Select(e => e.Name).Should().Equal("animal #1");
        var mergeIntoMain = await world.RunAsync<MergeEntities, WriteResult<EntityView>>(u =>
            u.ExecuteAsync(new(created.Value!.Id, created.Value.Version, [new(entities.Single(e => e.AssignmentId == null).Id, 1)]), Overlap, CancellationToken.None));
        mergeIntoMain.Outcome.Should().Be(WriteOutcome.Forbidden);
    }

    [Fact]
    public async Task Sets_TwoOverlapAnnotators_CannotSeeOrEditEachOther()
    {
        var third = world.Own.TryGetValue("annotator3", out var existing) ? existing : await world.NewMemberAsync("annotator3", ProjectRole.Annotator);
        var item = await world.NewItemAsync(withError: false, overlapAnnotatorId: Overlap);
        await world.DbAsync(db =>
        {
            db.ItemAssignments.Add(new ItemAssignment { ItemId = item, UserId = third.Id, IsOverlap = true, AssignedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        var (image, _) = await AssetsAsync(item);
        var second = (await CreateAsync(item, image, "dog", new Box2D(10, 10, 50, 50), Overlap)).Value!;
        var thirds = (await CreateAsync(item, image, "cat", new Box2D(20, 20, 50, 50), third.Id)).Value!;

        (await ViewAsync(item, Overlap))!.Annotations.Select(a => a.Annotation.Id).Should().Equal(second.Id);
        (await ViewAsync(item, third.Id))!.Annotations.Select(a => a.Annotation.Id).Should().Equal(thirds.Id);
        (await UpdateAsync(thirds, "dog", Overlap)).Outcome.Should().Be(WriteOutcome.Forbidden);
        (await UpdateAsync(second, "cat", third.Id)).Outcome.Should().Be(WriteOutcome.Forbidden);
        (await RowsAsync(item)).Where(a => a.AssignmentId != null).Should().OnlyContain(a => a.Version == 1);
    }

    [Fact]
    public async Task Findings_OverlapAnnotatorsSaves_LeaveTheMainSetsFindingsUnchanged()
    {
        var item = await world.NewItemAsync(withError: true, overlapAnnotatorId: Overlap);
        var (image, caption) = await AssetsAsync(item);
        var before = await world.FindingsAsync(item);
        before.Should().NotBeEmpty("the caption says cat where the box says dog");

        // Blind work that would add findings and that fixes the primary's, if it were validated as the main set.
        var box = (await CreateAsync(item, image, "cat", new Box2D(300, 300, 40, 40), Overlap)).Value!;
        (await UpdateAsync(box, "dog", Overlap)).Succeeded.Should().BeTrue();
        (await CreateAsync(item, caption, "dog", new TextSpan(2, 5), Overlap)).Succeeded.Should().BeTrue();

        var after = await world.FindingsAsync(item);
        after.Select(f => (f.Id, f.RuleCode, f.Status, f.Message)).Should().Equal(before.Select(f => (f.Id, f.RuleCode, f.Status, f.Message)));
        (await ViewAsync(item, Primary))!.Findings.Should().HaveCount(before.Count);
    }

    [Fact]
    public async Task Agreement_OverSetsWrittenThroughTheUseCases_AgreesOrFlagsAsExpected()
    {
        async Task OverlapItemsAsync(int iteration, string imageLabel)
        {
            var batch = await world.NewBatchAsync($"overlap writes {iteration}", iteration);
            for (var i = 0; i < 4; i++)
            {
                var item = await world.NewItemAsync(withError: false, batchId: batch, overlapAnnotatorId: Overlap);
                var (image, caption) = await AssetsAsync(item);
                // The primary drew a dog box at (100, 100, 120, 80) and marked "dog" in "a dog runs".
                (await CreateAsync(item, image, imageLabel, new Box2D(100, 100, 120, 80), Overlap)).Succeeded.Should().BeTrue();
                (await CreateAsync(item, caption, "dog", new TextSpan(2, 5), Overlap)).Succeeded.Should().BeTrue();
            }
        }
        await OverlapItemsAsync(11, "dog");
        await OverlapItemsAsync(12, "cat");

        Task<AgreementQueries.AgreementView?> ReportAsync(int iteration) =>
            world.RunAsync<AgreementQueries, AgreementQueries.AgreementView?>(q => q.ReportAsync(world.ProjectId, world.Own["qa"].Id, iteration, CancellationToken.None));
        var agreeing = (await ReportAsync(11))!;
        var disagreeing = (await ReportAsync(12))!.Report!;

        agreeing.Items.Should().Be(4);
        agreeing.Report!.Units.Should().HaveCount(8);
        agreeing.Report.FlaggedAnnotators.Should().BeEmpty();
        agreeing.Report.Slice(Modality.Image, "dog")!.UnanimousUnits.Should().Be(4);
        disagreeing.Labels.Cohen!.Kappa.Should().BeApproximately(0, 1e-9, "p_o = 0.5 and p_e = 0.5");
        disagreeing.FlaggedAnnotators.Should().BeEquivalentTo("own annotator", "own annotator2");
        disagreeing.Slice(Modality.Image, "cat")!.UnanimousUnits.Should().Be(0);
        disagreeing.Slice(Modality.Text, "dog")!.UnanimousUnits.Should().Be(4);
    }
}
