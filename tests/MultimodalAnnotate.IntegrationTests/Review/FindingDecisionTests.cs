using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>Per-finding decisions: confirm (must be fixed), waive with a reason (kept visible, counted apart), recorded.</summary>
public sealed class FindingDecisionTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    private string Reviewer => world.Own["reviewer"].Id;

    private Task<WriteResult<FindingDecisionOutcome>> ConfirmAsync(Guid finding, int version, string? user = null) =>
        world.RunAsync<ConfirmFinding, WriteResult<FindingDecisionOutcome>>(u => u.ExecuteAsync(new ConfirmFinding.Request(finding, version), user ?? Reviewer, CancellationToken.None));

    private Task<WriteResult<FindingDecisionOutcome>> WaiveAsync(Guid finding, int version, string reason, string? user = null) =>
        world.RunAsync<WaiveFinding, WriteResult<FindingDecisionOutcome>>(u => u.ExecuteAsync(new WaiveFinding.Request(finding, version, reason), user ?? Reviewer, CancellationToken.None));

    private async Task<(Guid Item, FindingRecord Finding)> InReviewWithErrorAsync()
    {
        var id = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        return (id, (await world.FindingsAsync(id)).First(f => f.RuleCode == "SEM-002"));
    }

    [Fact]
    public async Task Waive_OpenError_KeepsItVisibleWithReasonAndDeciderAndTheItemRateDrops()
    {
        var (id, finding) = await InReviewWithErrorAsync();
        var before = await world.ItemAsync(id);
        before.UnitsWithError.Should().Be(1);

        var result = await WaiveAsync(finding.Id, 1, "  the caption names the cat beside the dog  ");

        result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Values));
        var stored = (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id);
        stored.Status.Should().Be(FindingStatus.Waived);
        stored.WaiverReason.Should().Be("the caption names the cat beside the dog");
        stored.DecidedById.Should().Be(Reviewer);
        stored.DecidedAt.Should().NotBeNull();
        var after = await world.ItemAsync(id);
        after.UnitsWithError.Should().Be(0, "a waived finding no longer counts towards the sync-error rate");
        after.SyncErrorRate.Should().Be(0);
        after.Version.Should().Be(2);
        var decision = (await world.DecisionsAsync(id)).Single();
        (decision.Action, decision.FindingId, decision.Comment, decision.UserId).Should().Be((ReviewAction.WaiveFinding, finding.Id, "the caption names the cat beside the dog", Reviewer));
        var history = (await world.HistoryAsync(id)).Single();
        (history.SubjectType, history.SubjectId, history.Action).Should().Be(("finding", finding.Id, "waived"));
        history.Before.Should().Contain("\"open\"");
        history.After.Should().Contain("\"waived\"").And.Contain("beside the dog");
    }

    [Fact]
    public async Task Waive_WithoutReason_IsInvalidAndChangesNothing()
    {
        var (id, finding) = await InReviewWithErrorAsync();

        var result = await WaiveAsync(finding.Id, 1, " ");

        result.Outcome.Should().Be(WriteOutcome.Invalid);
        result.Errors["reason"].Should().Contain("reason is required");
        (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id).Status.Should().Be(FindingStatus.Open);
        (await world.DecisionsAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Waiver_SurvivesRevalidationUntilTheAnnotationsChange_ThenTheFindingIsOpenAgain()
    {
        var (id, finding) = await InReviewWithErrorAsync();
        await WaiveAsync(finding.Id, 1, "intended");

        // Another save on the item re-validates it: the waiver holds while the involved annotations are unchanged.
        var image = await world.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.ItemId == id && a.Modality == Modality.Image));
        var other = await world.RunAsync<CreateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new CreateAnnotation.Request(id, image.Id, "cat", null, new Box2D(400, 300, 50, 50)), world.Own["annotator"].Id, CancellationToken.None));
        other.Outcome.Should().Be(WriteOutcome.Ok);
        (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id).Status.Should().Be(FindingStatus.Waived);

        var box = await world.DbAsync(db => db.Annotations.AsNoTracking().SingleAsync(a => a.ItemId == id && a.EntityId != null && a.GeometryKind == "box2d"));
        await world.RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new UpdateAnnotation.Request(box.Id, box.Version, Geometry: new Box2D(101, 100, 120, 80)), world.Own["annotator"].Id, CancellationToken.None));

        var reopened = (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id);
        reopened.Status.Should().Be(FindingStatus.Open, "the waiver was given for other inputs");
        reopened.WaiverReason.Should().BeNull();
    }

    [Fact]
    public async Task Waiver_AfterTheAnnotationsWereEdited_HoldsForTheInputsAsWaived()
    {
        // Editing an annotation of an open finding does not rewrite the finding (its inputs hash is taken when a
        // waiver is given): a waiver given after such edits must hold until the next edit, not reopen at once.
        var (id, finding) = await InReviewWithErrorAsync();
        var box = await world.DbAsync(db => db.Annotations.AsNoTracking().SingleAsync(a => a.ItemId == id && a.EntityId != null && a.GeometryKind == "box2d"));
        await world.RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new UpdateAnnotation.Request(box.Id, box.Version, Geometry: new Box2D(101, 100, 120, 80)), world.Own["annotator"].Id, CancellationToken.None));
        (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id).Status.Should().Be(FindingStatus.Open);
        var itemVersion = await world.DbAsync(db => db.Items.Where(i => i.Id == id).Select(i => i.Version).SingleAsync());

        (await WaiveAsync(finding.Id, itemVersion, "intended")).Outcome.Should().Be(WriteOutcome.Ok);
        var image = await world.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.ItemId == id && a.Modality == Modality.Image));
        (await world.RunAsync<CreateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new CreateAnnotation.Request(id, image.Id, "cat", null, new Box2D(400, 300, 50, 50)), world.Own["annotator"].Id, CancellationToken.None)))
            .Outcome.Should().Be(WriteOutcome.Ok);

        (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id).Status.Should().Be(FindingStatus.Waived, "nothing it involves changed since the waiver");

        box = await world.DbAsync(db => db.Annotations.AsNoTracking().SingleAsync(a => a.Id == box.Id));
        await world.RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new UpdateAnnotation.Request(box.Id, box.Version, Geometry: new Box2D(102, 100, 120, 80)), world.Own["annotator"].Id, CancellationToken.None));
        (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id).Status.Should().Be(FindingStatus.Open, "edited after the waiver");
    }

    [Fact]
    public async Task Confirm_OpenFinding_MarksItMustBeFixed_AndConfirmingAgainIsInvalid()
    {
        var (id, finding) = await InReviewWithErrorAsync();

        var confirmed = await ConfirmAsync(finding.Id, 1);
        var again = await ConfirmAsync(finding.Id, 2);

        confirmed.Value!.Confirmed.Should().BeTrue();
        confirmed.Value.Status.Should().Be(FindingStatus.Open);
        again.Outcome.Should().Be(WriteOutcome.Invalid);
        again.Errors["finding"].Should().Contain("already confirmed");
        var stored = (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id);
        (stored.Confirmed, stored.DecidedById).Should().Be((true, Reviewer));
        (await world.ItemAsync(id)).UnitsWithError.Should().Be(1);
    }

    [Fact]
    public async Task Confirm_WaivedFinding_TakesTheWaiverBack()
    {
        var (id, finding) = await InReviewWithErrorAsync();
        await WaiveAsync(finding.Id, 1, "looked fine at first");

        var result = await ConfirmAsync(finding.Id, 2);

        result.Value!.Status.Should().Be(FindingStatus.Open);
        result.Value.WaiverReason.Should().BeNull();
        (await world.ItemAsync(id)).UnitsWithError.Should().Be(1, "the finding counts again");
        (await world.DecisionsAsync(id)).Select(d => d.Action).Should().Equal(ReviewAction.WaiveFinding, ReviewAction.ConfirmFinding);
    }

    [Fact]
    public async Task Decide_FixedFinding_IsInvalid()
    {
        var (id, finding) = await InReviewWithErrorAsync();
        await world.DbAsync(db => db.Findings.Where(f => f.Id == finding.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FindingStatus.Fixed)));

        (await ConfirmAsync(finding.Id, 1)).Errors["finding"].Should().Contain("already fixed");
        (await WaiveAsync(finding.Id, 1, "x")).Errors["finding"].Should().Contain("already fixed");
        (await world.DecisionsAsync(id)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(ItemStatus.Annotating)]
    [InlineData(ItemStatus.Flagged)]
    [InlineData(ItemStatus.Approved)]
    [InlineData(ItemStatus.Returned)]
    public async Task Decide_ItemNotInReview_IsInvalidNamingItsStatus(ItemStatus status)
    {
        var id = await world.NewItemAsync(withError: true, status: status);
        var finding = (await world.FindingsAsync(id)).First(f => f.RuleCode == "SEM-002");

        var result = await WaiveAsync(finding.Id, 1, "not now");

        result.Outcome.Should().Be(WriteOutcome.Invalid);
        result.Errors["status"].Should().Contain($"it is {ReviewWorkflow.Describe(status)}");
    }

    [Fact]
    public async Task Decide_StaleItemVersion_IsConflict_AndTwoReviewersAtOnceCannotBothWin()
    {
        var (id, finding) = await InReviewWithErrorAsync();

        var stale = await WaiveAsync(finding.Id, 5, "late");
        var race = await Task.WhenAll(
            WaiveAsync(finding.Id, 1, "reviewer one"),
            ConfirmAsync(finding.Id, 1, world.Own["admin"].Id));

        stale.Outcome.Should().Be(WriteOutcome.Conflict);
        race.Count(r => r.Succeeded).Should().Be(1);
        (await world.DecisionsAsync(id)).Should().ContainSingle();
    }
}
