using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>The item workflow on real PostgreSQL: every step, legal and illegal, recorded with who and when.</summary>
public sealed class WorkflowTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    private string Annotator => world.Own["annotator"].Id;

    private string Reviewer => world.Own["reviewer"].Id;

    private string Qa => world.Own["qa"].Id;

    private Task<WriteResult<ReviewOutcome>> SubmitAsync(Guid item, int version, string? user = null) =>
        world.RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(item, version), user ?? Annotator, CancellationToken.None));

    private Task<WriteResult<ReviewOutcome>> StartAsync(Guid item, int version, string? user = null) =>
        world.RunAsync<StartReview, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new StartReview.Request(item, version), user ?? Reviewer, CancellationToken.None));

    private Task<WriteResult<ReviewOutcome>> ApproveAsync(Guid item, int version, string? user = null) =>
        world.RunAsync<ApproveItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new ApproveItem.Request(item, version), user ?? Reviewer, CancellationToken.None));

    private Task<WriteResult<ReviewOutcome>> ReturnAsync(Guid item, int version, string comment, string? user = null) =>
        world.RunAsync<ReturnItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new ReturnItem.Request(item, version, comment), user ?? Reviewer, CancellationToken.None));

    private Task<WriteResult<ReviewOutcome>> AcceptAsync(Guid item, int version, string? user = null) =>
        world.RunAsync<AcceptItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new AcceptItem.Request(item, version), user ?? Qa, CancellationToken.None));

    private Task<WriteResult<FindingDecisionOutcome>> ConfirmAsync(Guid finding, int version) =>
        world.RunAsync<ConfirmFinding, WriteResult<FindingDecisionOutcome>>(u => u.ExecuteAsync(new ConfirmFinding.Request(finding, version), Reviewer, CancellationToken.None));

    private Task<WriteResult<FindingDecisionOutcome>> WaiveAsync(Guid finding, int version, string reason) =>
        world.RunAsync<WaiveFinding, WriteResult<FindingDecisionOutcome>>(u => u.ExecuteAsync(new WaiveFinding.Request(finding, version, reason), Reviewer, CancellationToken.None));

    [Fact]
    public async Task Submit_ItemWithDisjointLabels_IsFlaggedAndBothStepsAreRecordedWithWhoAndWhen()
    {
        var id = await world.NewItemAsync(withError: true);
        var before = DateTimeOffset.UtcNow;

        var result = await SubmitAsync(id, 1);

        result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Values));
        result.Value!.Status.Should().Be(ItemStatus.Flagged);
        result.Value.OpenErrors.Should().BeGreaterThan(0);
        var item = await world.ItemAsync(id);
        item.Status.Should().Be(ItemStatus.Flagged);
        item.Version.Should().Be(2);
        var decisions = await world.DecisionsAsync(id);
        decisions.Select(d => (d.Action, d.FromStatus, d.ToStatus)).Should().Equal(
            (ReviewAction.Submit, ItemStatus.Annotating, ItemStatus.Submitted),
            (ReviewAction.AutoValidate, ItemStatus.Submitted, ItemStatus.Flagged));
        decisions.Should().OnlyContain(d => d.UserId == Annotator && d.At >= before.AddSeconds(-1));
        (await world.HistoryAsync(id)).Select(h => h.Action).Should().Equal("submitted", "auto-validated");
        (await world.FindingsAsync(id)).Should().Contain(f => f.RuleCode == "SEM-002" && f.Severity == Severity.Error && f.Status == FindingStatus.Open);
    }

    [Fact]
    public async Task Submit_AgreeingItem_IsCleanAndLeavesTheAnnotatorsQueue()
    {
        var id = await world.NewItemAsync(withError: false);

        var result = await SubmitAsync(id, 1);

        result.Value!.Status.Should().Be(ItemStatus.Clean);
        var queue = await world.RunAsync<ReviewQueues, IReadOnlyList<ReviewQueues.QueueRow>>(q => q.AnnotatorQueueAsync(Annotator, CancellationToken.None));
        queue.Should().NotContain(r => r.ItemId == id);
        (await world.DbAsync(db => db.ItemAssignments.SingleAsync(a => a.ItemId == id))).SubmittedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Submit_AnnotatorNotAssigned_IsForbiddenAndNothingIsRecorded()
    {
        var id = await world.NewItemAsync(withError: false);

        var result = await SubmitAsync(id, 1, world.Own["annotator2"].Id);

        result.Outcome.Should().Be(WriteOutcome.Forbidden);
        result.Errors["user"].Should().Contain("assigned");
        (await world.ItemAsync(id)).Status.Should().Be(ItemStatus.Annotating);
        (await world.DecisionsAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Submit_StaleVersion_IsConflictNamingBothVersions()
    {
        var id = await world.NewItemAsync(withError: false);

        var result = await SubmitAsync(id, 7);

        result.Outcome.Should().Be(WriteOutcome.Conflict);
        result.Errors["version"].Should().Contain("version 7").And.Contain("version 1");
        result.Current.Should().BeOfType<ReviewOutcome>().Which.Status.Should().Be(ItemStatus.Annotating);
    }

    [Fact]
    public async Task Submit_TwoSubmitsOfTheSameVersionAtOnce_ExactlyOneWins()
    {
        var id = await world.NewItemAsync(withError: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitAsync(id, 1)));

        results.Count(r => r.Succeeded).Should().Be(1);
        results.Where(r => !r.Succeeded).Should().OnlyContain(r => r.Outcome == WriteOutcome.Conflict || r.Outcome == WriteOutcome.Invalid);
        (await world.DecisionsAsync(id)).Should().HaveCount(2, "one submission and its validation");
    }

    [Fact]
    public async Task Submit_OverlapAnnotator_ClosesOwnAssignmentAndLeavesTheItemStatus()
    {
        var id = await world.NewItemAsync(withError: false, overlapAnnotatorId: world.Own["annotator2"].Id);

        var result = await SubmitAsync(id, 1, world.Own["annotator2"].Id);
        var again = await SubmitAsync(id, 1, world.Own["annotator2"].Id);

        result.Value!.Status.Should().Be(ItemStatus.Annotating);
        again.Outcome.Should().Be(WriteOutcome.Invalid);
        (await world.DbAsync(db => db.ItemAssignments.SingleAsync(a => a.ItemId == id && a.IsOverlap))).SubmittedAt.Should().NotBeNull();
        (await world.DbAsync(db => db.ItemAssignments.SingleAsync(a => a.ItemId == id && !a.IsOverlap))).SubmittedAt.Should().BeNull();
    }

    [Fact]
    public async Task Approve_WhileAConfirmedFindingIsOpen_IsRefusedSayingWhichAndWhy()
    {
        var id = await world.NewItemAsync(withError: true);
        await SubmitAsync(id, 1);
        await StartAsync(id, 2);
        var finding = (await world.FindingsAsync(id)).First(f => f.Status == FindingStatus.Open && f.Severity == Severity.Error);
        (await ConfirmAsync(finding.Id, 3)).Outcome.Should().Be(WriteOutcome.Ok);

        var refused = await ApproveAsync(id, 4);

        refused.Outcome.Should().Be(WriteOutcome.Invalid);
        refused.Errors["findings"].Should().Contain("confirmed finding").And.Contain(finding.RuleCode).And.Contain("Return the item");
        (await world.ItemAsync(id)).Status.Should().Be(ItemStatus.InReview);

        (await WaiveAsync(finding.Id, 4, "the caption describes the cat next to the dog")).Outcome.Should().Be(WriteOutcome.Ok);
        var approved = await ApproveAsync(id, 5);
        approved.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", approved.Errors.Values));
        approved.Value!.Status.Should().Be(ItemStatus.Approved);
    }

    [Fact]
    public async Task Return_WithoutComment_IsInvalidAndTheItemStaysInReview()
    {
        var id = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);

        var result = await ReturnAsync(id, 1, "   ");

        result.Outcome.Should().Be(WriteOutcome.Invalid);
        result.Errors.Should().ContainKey("comment");
        (await world.ItemAsync(id)).Status.Should().Be(ItemStatus.InReview);
    }

    [Fact]
    public async Task FullLoop_SubmitFlaggedConfirmReturnFixResubmitApproveSampleAccept_RecordsEveryDecisionInOrder()
    {
        var id = await world.NewItemAsync(withError: true, batchId: await world.NewBatchAsync("loop", 1));
        (await SubmitAsync(id, 1)).Value!.Status.Should().Be(ItemStatus.Flagged);
        (await StartAsync(id, 2)).Value!.Status.Should().Be(ItemStatus.InReview);
        var finding = (await world.FindingsAsync(id)).First(f => f.RuleCode == "SEM-002");
        (await ConfirmAsync(finding.Id, 3)).Value!.Confirmed.Should().BeTrue();
        (await ReturnAsync(id, 4, "it is a cat: label the box so")).Value!.Status.Should().Be(ItemStatus.Returned);

        var queue = await world.RunAsync<ReviewQueues, IReadOnlyList<ReviewQueues.QueueRow>>(q => q.AnnotatorQueueAsync(Annotator, CancellationToken.None));
        queue.TakeWhile(r => r.Status == ItemStatus.Returned).Should().Contain(r => r.ItemId == id, "returned items come first")
            .Which.Comment.Should().Be("it is a cat: label the box so");
        queue.SkipWhile(r => r.Status == ItemStatus.Returned).Should().OnlyContain(r => r.Status == ItemStatus.Annotating);

        // The annotator relabels the box: re-validation marks the confirmed finding fixed.
        var box = await world.DbAsync(db => db.Annotations.AsNoTracking().SingleAsync(a => a.ItemId == id && a.GeometryKind == "box2d"));
        var fixedIt = await world.RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new UpdateAnnotation.Request(box.Id, box.Version, Label: "cat"), Annotator, CancellationToken.None));
        fixedIt.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", fixedIt.Errors.Values));
        (await world.FindingsAsync(id)).Single(f => f.Id == finding.Id).Status.Should().Be(FindingStatus.Fixed);

        (await SubmitAsync(id, 5)).Value!.Status.Should().Be(ItemStatus.Clean);
        await StartAsync(id, 6);
        (await ApproveAsync(id, 7)).Value!.Status.Should().Be(ItemStatus.Approved);
        var batchId = (await world.ItemAsync(id)).BatchId;
        var sample = await world.RunAsync<QaSampleBatch, WriteResult<QaSampleBatch.Result>>(u => u.ExecuteAsync(
            new QaSampleBatch.Request(batchId), Qa, CancellationToken.None));
        sample.Value!.SampledItemIds.Should().Equal(id);
        (await AcceptAsync(id, 9)).Value!.Status.Should().Be(ItemStatus.Accepted);

        var decisions = await world.DecisionsAsync(id);
        decisions.Select(d => d.Action).Should().Equal(
            ReviewAction.Submit, ReviewAction.AutoValidate, ReviewAction.StartReview, ReviewAction.ConfirmFinding, ReviewAction.Return,
            ReviewAction.Submit, ReviewAction.AutoValidate, ReviewAction.StartReview, ReviewAction.Approve, ReviewAction.QaSample, ReviewAction.Accept);
        decisions.Where(d => d.Action is ReviewAction.StartReview or ReviewAction.Approve or ReviewAction.Return or ReviewAction.ConfirmFinding)
            .Should().OnlyContain(d => d.UserId == Reviewer);
        decisions.Where(d => d.Action is ReviewAction.QaSample or ReviewAction.Accept).Should().OnlyContain(d => d.UserId == Qa);
        decisions.Single(d => d.Action == ReviewAction.ConfirmFinding).FindingId.Should().Be(finding.Id);
        (await world.HistoryAsync(id)).Should().HaveCount(decisions.Count, "every decision has its history row");
        (await world.ItemAsync(id)).Version.Should().Be(10);
    }

    [Fact]
    public async Task QaSample_HalfOfThreeApproved_SamplesTwoOfTheApprovedOnlyAndAgainTheLast()
    {
        var batch = await world.NewBatchAsync("qa", 1);
        var approved = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            approved.Add(await world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch));
        }
        var inReview = await world.NewItemAsync(withError: false, status: ItemStatus.InReview, batchId: batch);

        var first = await world.RunAsync<QaSampleBatch, WriteResult<QaSampleBatch.Result>>(u => u.ExecuteAsync(new QaSampleBatch.Request(batch, Seed: 3), Qa, CancellationToken.None));
        var second = await world.RunAsync<QaSampleBatch, WriteResult<QaSampleBatch.Result>>(u => u.ExecuteAsync(new QaSampleBatch.Request(batch, Seed: 3), Qa, CancellationToken.None));
        var third = await world.RunAsync<QaSampleBatch, WriteResult<QaSampleBatch.Result>>(u => u.ExecuteAsync(new QaSampleBatch.Request(batch, Seed: 3), Qa, CancellationToken.None));

        first.Value!.SampledItemIds.Should().HaveCount(2, "⌈0.5 × 3⌉ = 2").And.OnlyContain(id => approved.Contains(id));
        second.Value!.SampledItemIds.Should().ContainSingle();
        first.Value.SampledItemIds.Should().NotContain(second.Value.SampledItemIds[0]);
        third.Outcome.Should().Be(WriteOutcome.Invalid);
        third.Errors["batch"].Should().Contain("no approved items");
        (await world.ItemAsync(inReview)).Status.Should().Be(ItemStatus.InReview);
        (await world.DbAsync(db => db.Items.CountAsync(i => i.BatchId == batch && i.Status == ItemStatus.QaSampled))).Should().Be(3);
    }

    [Fact]
    public async Task Return_QaSampledItem_ByQaLeadGoesBackToTheAnnotatorButNotByReviewer()
    {
        var id = await world.NewItemAsync(withError: false, status: ItemStatus.QaSampled);

        var byReviewer = await ReturnAsync(id, 1, "not good enough", Reviewer);
        var byQa = await ReturnAsync(id, 1, "box too loose on the dog's tail", Qa);

        byReviewer.Outcome.Should().Be(WriteOutcome.Forbidden);
        byReviewer.Errors["user"].Should().Contain("QA-sampled");
        byQa.Value!.Status.Should().Be(ItemStatus.Returned);
    }

    public static TheoryData<ReviewAction, ItemStatus> EveryActionFromEveryStatus()
    {
        var data = new TheoryData<ReviewAction, ItemStatus>();
        foreach (var action in new[] { ReviewAction.Submit, ReviewAction.StartReview, ReviewAction.Approve, ReviewAction.Return, ReviewAction.Accept })
        {
            foreach (var status in Enum.GetValues<ItemStatus>())
            {
                data.Add(action, status);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryActionFromEveryStatus))]
    public async Task Step_FromEveryStatus_LegalOnesMoveOnAndIllegalOnesAreInvalidNamingTheStatus(ReviewAction action, ItemStatus status)
    {
        var id = await world.NewItemAsync(withError: false, status: status);
        var admin = world.Own["admin"].Id;

        var result = action switch
        {
            ReviewAction.Submit => await SubmitAsync(id, 1, admin),
            ReviewAction.StartReview => await StartAsync(id, 1, admin),
            ReviewAction.Approve => await ApproveAsync(id, 1, admin),
            ReviewAction.Return => await ReturnAsync(id, 1, "fix it", admin),
            _ => await AcceptAsync(id, 1, admin),
        };

        var legal = ReviewWorkflow.Next(status, action);
        if (legal is null)
        {
            result.Outcome.Should().Be(WriteOutcome.Invalid);
            result.Errors["status"].Should().Contain($"is {ReviewWorkflow.Describe(status)}");
            var item = await world.ItemAsync(id);
            (item.Status, item.Version).Should().Be((status, 1));
            (await world.DecisionsAsync(id)).Should().BeEmpty();
        }
        else
        {
            result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Values));
            var expected = action == ReviewAction.Submit ? ItemStatus.Clean : legal.Value;
            (await world.ItemAsync(id)).Status.Should().Be(expected);
            (await world.DecisionsAsync(id)).Should().Contain(d => d.Action == action && d.FromStatus == status && d.UserId == admin);
        }
    }
}
