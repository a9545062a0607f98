using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.IntegrationTests.Review;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Assignments;
using MultimodalAnnotate.Web.Features.Dashboard;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.IntegrationTests.Assignments;

/// <summary>
/// Handing out work on real PostgreSQL: a project admin assigns items (one, a list, a batch) to an annotator, spreads
/// a batch's unassigned items over several, takes items away and adds blind overlap annotators. What an annotator
/// notices is their queue; every refusal (wrong caller, wrong assignee, finished item) must leave everything as it was.
/// </summary>
public sealed class AssignmentTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    private string Admin => world.Own["admin"].Id;

    private string Annotator => world.Own["annotator"].Id;

    private string Annotator2 => world.Own["annotator2"].Id;

    private Task<WriteResult<AssignItems.Result>> AssignAsync(IReadOnlyList<Guid> items, string annotator, bool overlap = false, string? by = null, Guid? batch = null) =>
        world.RunAsync<AssignItems, WriteResult<AssignItems.Result>>(u => u.ExecuteAsync(new AssignItems.Request(annotator, items, overlap, batch), by ?? Admin, CancellationToken.None));

    private Task<WriteResult<ItemAssignees>> UnassignAsync(Guid item, string annotator, string? by = null) =>
        world.RunAsync<UnassignItem, WriteResult<ItemAssignees>>(u => u.ExecuteAsync(new UnassignItem.Request(item, annotator), by ?? Admin, CancellationToken.None));

    private Task<WriteResult<DistributeBatch.Result>> DistributeAsync(Guid batch, IReadOnlyList<string> annotators, string? by = null) =>
        world.RunAsync<DistributeBatch, WriteResult<DistributeBatch.Result>>(u => u.ExecuteAsync(new DistributeBatch.Request(batch, annotators), by ?? Admin, CancellationToken.None));

    private Task<IReadOnlyList<ReviewQueues.QueueRow>> QueueOfAsync(string userId) =>
        world.RunAsync<ReviewQueues, IReadOnlyList<ReviewQueues.QueueRow>>(q => q.AnnotatorQueueAsync(userId, CancellationToken.None));

    private Task<List<ItemAssignment>> AssignmentsAsync(Guid item) =>
        world.DbAsync(db => db.ItemAssignments.AsNoTracking().Where(a => a.ItemId == item).OrderBy(a => a.IsOverlap).ThenBy(a => a.UserId).ToListAsync());

    /// <summary>Everything an assignment may change about the items: status, version, assignments and history rows.</summary>
    private async Task<string> SnapshotAsync(params Guid[] items)
    {
        var parts = new List<string>();
        foreach (var id in items)
        {
            var item = await world.ItemAsync(id);
            var assignments = await AssignmentsAsync(id);
            var history = await world.DbAsync(db => db.History.CountAsync(h => h.ItemId == id));
            parts.Add($"{item.Status} v{item.Version} history {history} " + string.Join(",", assignments.Select(a => $"{a.UserId}:{a.IsOverlap}:{a.SubmittedAt}")));
        }
        return string.Join(" | ", parts);
    }

    private static void Succeeded<T>(WriteResult<T> result) => result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Values));

    [Fact]
    public async Task Assign_ItemMadeWithoutAnnotator_AppearsInThatAnnotatorsQueueOnly_WhoCanThenSubmitIt()
    {
        var item = await world.NewItemAsync(withError: false, unassigned: true, name: "as fresh");
        (await QueueOfAsync(Annotator2)).Should().NotContain(r => r.ItemId == item, "nobody has the item yet");
        var refusedSubmit = await world.RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(item, 1), Annotator2, CancellationToken.None));
        refusedSubmit.Outcome.Should().Be(WriteOutcome.Forbidden, "an unassigned item can only be submitted by an admin");

        var result = await AssignAsync([item], Annotator2);

        Succeeded(result);
        (result.Value!.Changed, result.Value.Unchanged).Should().Be((1, 0));
        var view = result.Value.Items.Single();
        (view.Version, view.Assignees.Single().Name, view.Assignees.Single().IsOverlap).Should().Be((2, "own annotator2", false));
        (await QueueOfAsync(Annotator2)).Should().ContainSingle(r => r.ItemId == item).Which.IsOverlap.Should().BeFalse();
        (await QueueOfAsync(Annotator)).Should().NotContain(r => r.ItemId == item, "it is another annotator's work");
        var history = await world.DbAsync(db => db.History.AsNoTracking().Where(h => h.ItemId == item && h.SubjectType == "assignment").ToListAsync());
        history.Should().ContainSingle().Which.Should().Match<HistoryEvent>(h => h.Action == "assigned" && h.UserId == Admin && h.Before == null && h.After!.Contains(Annotator2, StringComparison.Ordinal));

        var submitted = await world.RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(item, 2), Annotator2, CancellationToken.None));
        Succeeded(submitted);
        (await QueueOfAsync(Annotator2)).Should().NotContain(r => r.ItemId == item, "submitted work leaves the queue");
    }

    [Fact]
    public async Task Assign_AListOfItemsOrAWholeBatch_GivesThemToOneAnnotator_BatchSkipsFinishedItemsAndCountsThem()
    {
        var batch = await world.NewBatchAsync($"as batch {Guid.NewGuid():N}", 3);
        var fresh = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true, name: "as b1");
        var others = await world.NewItemAsync(withError: false, batchId: batch, name: "as b2");
        var returned = await world.NewItemAsync(withError: true, status: ItemStatus.Returned, batchId: batch, name: "as b3");
        var approved = await world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch, name: "as b4");
        var listed = await AssignAsync([fresh, others], Annotator2);
        Succeeded(listed);
        listed.Value!.Changed.Should().Be(2);

        var whole = await AssignAsync([], Annotator2, batch: batch);

        Succeeded(whole);
        (whole.Value!.Changed, whole.Value.Unchanged, whole.Value.Skipped).Should().Be((1, 2, 1), "the returned item moves, two already were, the approved one is skipped");
        foreach (var id in new[] { fresh, others, returned })
        {
            (await AssignmentsAsync(id)).Should().ContainSingle().Which.UserId.Should().Be(Annotator2);
        }
        (await AssignmentsAsync(approved)).Should().ContainSingle().Which.UserId.Should().Be(Annotator, "a finished item keeps its annotator");
        (await QueueOfAsync(Annotator2)).Select(r => r.ItemId).Should().Contain([fresh, others, returned]);
    }

    [Fact]
    public async Task Reassign_PrimaryOfReturnedItem_MovesItWithItsCommentToTheNewAnnotatorsQueue_TheOldOneCanNoLongerSubmit()
    {
        var item = await world.NewItemAsync(withError: true, name: "as moved");
        (await world.RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(item, 1), Annotator, CancellationToken.None))).Succeeded.Should().BeTrue();
        (await world.RunAsync<StartReview, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new StartReview.Request(item, 2), world.Own["reviewer"].Id, CancellationToken.None))).Succeeded.Should().BeTrue();
        (await world.RunAsync<ReturnItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new ReturnItem.Request(item, 3, "box the cat"), world.Own["reviewer"].Id, CancellationToken.None))).Succeeded.Should().BeTrue();
        (await QueueOfAsync(Annotator)).Should().Contain(r => r.ItemId == item);

        var result = await AssignAsync([item], Annotator2);

        Succeeded(result);
        var row = (await QueueOfAsync(Annotator2)).Should().ContainSingle(r => r.ItemId == item).Subject;
        (row.Status, row.Comment, row.AnnotatorName).Should().Be((ItemStatus.Returned, "box the cat", "own annotator2"));
        (await QueueOfAsync(Annotator)).Should().NotContain(r => r.ItemId == item);
        (await AssignmentsAsync(item)).Should().ContainSingle().Which.Should().Match<ItemAssignment>(a => a.UserId == Annotator2 && !a.IsOverlap && a.SubmittedAt == null);
        var history = await world.DbAsync(db => db.History.AsNoTracking().SingleAsync(h => h.ItemId == item && h.SubjectType == "assignment"));
        (history.Action, history.Before!.Contains(Annotator, StringComparison.Ordinal), history.After!.Contains(Annotator2, StringComparison.Ordinal)).Should().Be(("reassigned", true, true));
        var version = (await world.ItemAsync(item)).Version;
        var oldSubmits = await world.RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(item, version), Annotator, CancellationToken.None));
        oldSubmits.Outcome.Should().Be(WriteOutcome.Forbidden);
    }

    [Fact]
    public async Task Distribute_SpreadsTheBatchsUnassignedItemsEvenlyInNameOrder_KeepsAssignedAndFinishedItems()
    {
        var third = world.Own.TryGetValue("annotator3", out var known) ? known : await world.NewMemberAsync("annotator3", ProjectRole.Annotator);
        var batch = await world.NewBatchAsync($"as spread {Guid.NewGuid():N}", 4);
        var open = new List<Guid>();
        foreach (var n in new[] { "g", "a", "e", "c", "b", "f", "d" })
        {
            open.Add(await world.NewItemAsync(withError: false, batchId: batch, unassigned: true, name: $"as spread {n}"));
        }
        var assigned = await world.NewItemAsync(withError: false, batchId: batch, annotatorId: Annotator2, name: "as spread assigned");
        var approved = await world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch, unassigned: true, name: "as spread approved");
        var outside = await world.NewItemAsync(withError: false, unassigned: true, name: "as spread other batch");
        var before = await SnapshotAsync(assigned, approved, outside);

        var result = await DistributeAsync(batch, [Annotator, Annotator2, third.Id]);

        Succeeded(result);
        var shares = result.Value!.Shares;
        shares.Select(s => (s.Name, s.ItemIds.Count)).Should().Equal(("own annotator", 3), ("own annotator2", 2), ("own annotator3", 2));
        var names = await world.DbAsync(db => db.Items.Where(i => open.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name));
        shares[0].ItemIds.Select(i => names[i]).Should().Equal("as spread a", "as spread d", "as spread g");
        shares[1].ItemIds.Select(i => names[i]).Should().Equal("as spread b", "as spread e");
        shares[2].ItemIds.Select(i => names[i]).Should().Equal("as spread c", "as spread f");
        result.Value.Left.Should().Be(0);
        (await QueueOfAsync(third.Id)).Select(r => r.ItemId).Should().BeEquivalentTo(shares[2].ItemIds);
        (await SnapshotAsync(assigned, approved, outside)).Should().Be(before, "assigned, finished and other batches' items are left alone");

        var again = await DistributeAsync(batch, [Annotator, Annotator2]);
        Succeeded(again);
        again.Value!.Shares.Should().OnlyContain(s => s.ItemIds.Count == 0, "nothing unassigned is left");
    }

    [Fact]
    public async Task Distribute_TwoAdminsAtOnce_EveryItemEndsWithExactlyOnePrimaryAnnotator()
    {
        var batch = await world.NewBatchAsync($"as race {Guid.NewGuid():N}", 4);
        var items = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            items.Add(await world.NewItemAsync(withError: false, batchId: batch, unassigned: true, name: $"as race {i}"));
        }

        var results = await Task.WhenAll(DistributeAsync(batch, [Annotator]), DistributeAsync(batch, [Annotator2]));

        results.Should().OnlyContain(r => r.Outcome == WriteOutcome.Ok || r.Outcome == WriteOutcome.Conflict);
        var won = results.Where(r => r.Succeeded).Sum(r => r.Value!.Shares.Sum(s => s.ItemIds.Count));
        won.Should().Be(items.Count, "whatever one distribution took, the other did not take too");
        foreach (var item in items)
        {
            (await AssignmentsAsync(item)).Should().ContainSingle(a => !a.IsOverlap);
        }
    }

    [Fact]
    public async Task Assign_ToAReviewerANonMemberOrAnUnknownUser_IsRefusedNamingThem_AndChangesNothing()
    {
        var batch = await world.NewBatchAsync($"as wrong {Guid.NewGuid():N}", 4);
        var item = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true);
        var before = await SnapshotAsync(item);

        var reviewer = await AssignAsync([item], world.Own["reviewer"].Id);
        var outsider = await AssignAsync([item], world.Foreign["annotator"].Id, overlap: true);
        var unknown = await AssignAsync([item], "no-such-user");
        var distribute = await DistributeAsync(batch, [Annotator, world.Own["qa"].Id]);

        reviewer.Outcome.Should().Be(WriteOutcome.Invalid);
        reviewer.Errors["userId"].Should().Be(
            "own reviewer (own-reviewer@review.test) is not an annotator of this project (their roles: reviewer): give them the annotator role under Administration first");
        outsider.Errors["userId"].Should().Contain("foreign annotator (foreign-annotator@review.test) is not a member of this project");
        unknown.Errors["userId"].Should().Contain("no user with the id \"no-such-user\"");
        distribute.Outcome.Should().Be(WriteOutcome.Invalid);
        distribute.Errors["userIds"].Should().Contain("own qa (own-qa@review.test) is not an annotator").And.Contain("QA lead");
        (await SnapshotAsync(item)).Should().Be(before);
        (await QueueOfAsync(Annotator)).Should().NotContain(r => r.ItemId == item, "the distribution was refused as a whole");
    }

    [Theory]
    [InlineData("annotator")]
    [InlineData("reviewer")]
    [InlineData("qa")]
    public async Task AssignUnassignDistribute_ByAMemberWhoIsNotAdmin_AreForbidden_AndChangeNothing(string role)
    {
        var batch = await world.NewBatchAsync($"as role {Guid.NewGuid():N}", 4);
        var unassigned = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true);
        var assigned = await world.NewItemAsync(withError: false, batchId: batch);
        var caller = world.Own[role].Id;
        var before = await SnapshotAsync(unassigned, assigned);

        var outcomes = new[]
        {
            (await AssignAsync([unassigned], caller, by: caller)).Outcome,
            (await AssignAsync([assigned], Annotator2, overlap: true, by: caller)).Outcome,
            (await AssignAsync([], Annotator2, by: caller, batch: batch)).Outcome,
            (await UnassignAsync(assigned, Annotator, by: caller)).Outcome,
            (await DistributeAsync(batch, [Annotator], by: caller)).Outcome,
        };

        outcomes.Should().OnlyContain(o => o == WriteOutcome.Forbidden);
        var message = (await AssignAsync([unassigned], Annotator, by: caller)).Errors["user"];
        message.Should().Be("Only an admin of this project can assign items to annotators.");
        (await SnapshotAsync(unassigned, assigned)).Should().Be(before);
    }

    [Fact]
    public async Task AssignUnassignDistribute_ByAnOutsider_AreNotFoundLikeMissingThings_AndChangeNothing()
    {
        var batch = await world.NewBatchAsync($"as outsider {Guid.NewGuid():N}", 4);
        var unassigned = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true);
        var assigned = await world.NewItemAsync(withError: false, batchId: batch);
        var foreignAdmin = world.Foreign["admin"].Id;
        var before = await SnapshotAsync(unassigned, assigned);

        var outcomes = new[]
        {
            (await AssignAsync([unassigned], Annotator, by: foreignAdmin)).Outcome,
            (await AssignAsync([], Annotator, by: foreignAdmin, batch: batch)).Outcome,
            (await UnassignAsync(assigned, Annotator, by: foreignAdmin)).Outcome,
            (await DistributeAsync(batch, [Annotator], by: foreignAdmin)).Outcome,
            (await AssignAsync([Guid.NewGuid()], Annotator)).Outcome,
            (await UnassignAsync(Guid.NewGuid(), Annotator)).Outcome,
            (await DistributeAsync(Guid.NewGuid(), [Annotator])).Outcome,
        };

        outcomes.Should().OnlyContain(o => o == WriteOutcome.NotFound);
        (await SnapshotAsync(unassigned, assigned)).Should().Be(before);
    }

    [Theory]
    [InlineData(ItemStatus.Approved, "already approved")]
    [InlineData(ItemStatus.QaSampled, "already approved and QA-sampled")]
    [InlineData(ItemStatus.Accepted, "already accepted")]
    public async Task Assign_FinishedItem_IsRefusedNamingIt_AndNothingOfTheListIsAssigned(ItemStatus status, string said)
    {
        var open = await world.NewItemAsync(withError: false, unassigned: true, name: "as open one");
        var finished = await world.NewItemAsync(withError: false, status: status, name: $"as finished {status}");
        var before = await SnapshotAsync(open, finished);

        var primary = await AssignAsync([open, finished], Annotator2);
        var overlap = await AssignAsync([finished], Annotator2, overlap: true);
        var unassign = await UnassignAsync(finished, Annotator);

        foreach (var refused in new[] { primary.Errors, overlap.Errors, unassign.Errors })
        {
            refused["status"].Should().Be($"\"as finished {status}\" is {said}: a finished item keeps the annotators who did its work");
        }
        primary.Outcome.Should().Be(WriteOutcome.Invalid);
        (await SnapshotAsync(open, finished)).Should().Be(before, "nothing of a refused list is assigned");
    }

    [Fact]
    public async Task Overlap_SecondAnnotatorLabelsBlind_TheirWorkStaysOutOfTheItemsViewsAndIsComparedOnTheDashboard()
    {
        var item = await world.NewItemAsync(withError: false, name: "as overlap");

        var added = await AssignAsync([item], Annotator2, overlap: true);

        Succeeded(added);
        added.Value!.Items.Single().Assignees.Select(a => (a.Name, a.IsOverlap)).Should().Equal(("own annotator", false), ("own annotator2", true));
        (await QueueOfAsync(Annotator2)).Should().ContainSingle(r => r.ItemId == item).Which.IsOverlap.Should().BeTrue();
        (await QueueOfAsync(Annotator)).Should().ContainSingle(r => r.ItemId == item).Which.IsOverlap.Should().BeFalse("the primary annotator keeps the item");
        // The overlap annotator's blind work, as the agreement tests write it: annotations of their own assignment.
        await world.DbAsync(async db =>
        {
            var assignment = await db.ItemAssignments.SingleAsync(a => a.ItemId == item && a.IsOverlap);
            foreach (var a in await db.Annotations.AsNoTracking().Where(a => a.ItemId == item && a.AssignmentId == null).ToListAsync())
            {
                db.Annotations.Add(new Annotation
                {
                    ItemId = item, AssetId = a.AssetId, ClassId = a.ClassId, Geometry = a.Geometry, GeometryKind = a.GeometryKind, Granularity = a.Granularity,
                    AssignmentId = assignment.Id, AuthorId = Annotator2, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                });
            }
            return await db.SaveChangesAsync();
        });

        foreach (var viewer in new[] { Annotator, world.Own["reviewer"].Id, Admin })
        {
            var detail = await world.RunAsync<ItemQueries, ItemQueries.ItemDetail?>(q => q.DetailAsync(item, viewer, CancellationToken.None));
            detail!.Annotations.Should().HaveCount(2).And.OnlyContain(a => a.Annotation.AuthorId == Annotator, "the item's views show the primary work, never the blind set");
        }
        var row = (await world.RunAsync<ProjectQueries, ProjectQueries.ProjectDetail?>(q => q.DetailAsync(world.ProjectId, Admin, CancellationToken.None)))!
            .Batches.SelectMany(b => b.Items).Single(i => i.Id == item);
        (row.Annotations, row.Assignees.Count(a => a.IsOverlap)).Should().Be((2, 1));
        var agreement = await world.RunAsync<AgreementQueries, AgreementQueries.AgreementView?>(q => q.ReportAsync(world.ProjectId, world.Own["qa"].Id, null, CancellationToken.None));
        agreement!.Report!.Annotators.Should().Contain(["own annotator", "own annotator2"]);

        var withWork = await UnassignAsync(item, Annotator2);
        withWork.Errors["userId"].Should().Contain("has already labelled 2 things on \"as overlap\" blind");
        (await AssignmentsAsync(item)).Should().HaveCount(2, "blind work is never thrown away by unassigning");
    }

    [Fact]
    public async Task Overlap_OfThePrimaryAnnotatorOrWithoutOne_IsRefused_PromotingAnOverlapAnnotatorToo_UnassigningWithoutWorkIsFine()
    {
        var item = await world.NewItemAsync(withError: false, name: "as overlap rules");
        var bare = await world.NewItemAsync(withError: false, unassigned: true, name: "as no primary");
        var before = await SnapshotAsync(item, bare);

        var self = await AssignAsync([item], Annotator, overlap: true);
        var noPrimary = await AssignAsync([bare], Annotator2, overlap: true);

        self.Errors["userId"].Should().Be("own annotator is the primary annotator of \"as overlap rules\": an overlap annotator must be someone else");
        noPrimary.Errors["overlap"].Should().Be("\"as no primary\" has no primary annotator yet: assign one before adding overlap annotators");
        (await SnapshotAsync(item, bare)).Should().Be(before);

        Succeeded(await AssignAsync([item], Annotator2, overlap: true));
        var again = await AssignAsync([item], Annotator2, overlap: true);
        Succeeded(again);
        (again.Value!.Changed, again.Value.Unchanged).Should().Be((0, 1), "assigning what is already so changes nothing");
        var promote = await AssignAsync([item], Annotator2);
        promote.Errors["userId"].Should().Contain("already labels \"as overlap rules\" blind as an overlap annotator: unassign that first");

        var removed = await UnassignAsync(item, Annotator2);
        Succeeded(removed);
        removed.Value!.Assignees.Should().ContainSingle().Which.UserId.Should().Be(Annotator);
        (await QueueOfAsync(Annotator2)).Should().NotContain(r => r.ItemId == item);
        var notAssigned = await UnassignAsync(item, Annotator2);
        notAssigned.Errors["userId"].Should().Be("own annotator2 is not assigned to \"as overlap rules\"");
    }

    [Fact]
    public async Task Unassign_PrimaryAnnotator_TakesTheItemOutOfTheirQueue_AndRecordsIt()
    {
        var item = await world.NewItemAsync(withError: false, name: "as unassign");
        (await QueueOfAsync(Annotator)).Should().Contain(r => r.ItemId == item);

        var result = await UnassignAsync(item, Annotator);

        Succeeded(result);
        (result.Value!.Assignees.Count, result.Value.Version).Should().Be((0, 2));
        (await QueueOfAsync(Annotator)).Should().NotContain(r => r.ItemId == item);
        var history = await world.DbAsync(db => db.History.AsNoTracking().SingleAsync(h => h.ItemId == item && h.SubjectType == "assignment"));
        (history.Action, history.After, history.Before!.Contains(Annotator, StringComparison.Ordinal)).Should().Be(("unassigned", null, true));
    }
}
