using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>The queues: what each role sees next, in which order, and nothing from projects they do not work in.</summary>
public sealed class QueueTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    private Task<IReadOnlyList<ReviewQueues.QueueRow>> QueueAsync(Func<ReviewQueues, Task<IReadOnlyList<ReviewQueues.QueueRow>>> query) =>
        world.RunAsync(query);

    private Task<WriteResult<ReviewOutcome>> SubmitAsync(Guid item, string? user = null) =>
        world.RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(item, 1), user ?? world.Own["annotator"].Id, CancellationToken.None));

    [Fact]
    public async Task ReviewQueue_FlaggedFirstThenByHighestOpenSeverityThenOldestSubmission()
    {
        // Submitted in this order (so this is also their age order, oldest first).
        var cleanOld = await world.NewItemAsync(ReviewWorld.Caption.Clean, name: "q clean old");
        var flaggedOld = await world.NewItemAsync(ReviewWorld.Caption.Error, name: "q flagged old");
        var warnedNew = await world.NewItemAsync(ReviewWorld.Caption.Warning, name: "q warned new");
        var flaggedNew = await world.NewItemAsync(ReviewWorld.Caption.Error, name: "q flagged new");
        var cleanNew = await world.NewItemAsync(ReviewWorld.Caption.Clean, name: "q clean new");
        foreach (var id in new[] { cleanOld, flaggedOld, warnedNew, flaggedNew, cleanNew })
        {
            (await SubmitAsync(id)).Outcome.Should().Be(WriteOutcome.Ok);
        }
        var foreign = await world.NewItemAsync(withError: true, foreign: true, name: "q foreign");
        (await SubmitAsync(foreign, world.Foreign["annotator"].Id)).Outcome.Should().Be(WriteOutcome.Ok);

        var queue = await QueueAsync(q => q.ReviewQueueAsync(world.Own["reviewer"].Id, CancellationToken.None));

        queue.Where(r => r.ItemName.StartsWith("q ", StringComparison.Ordinal)).Select(r => r.ItemName)
            .Should().Equal("q flagged old", "q flagged new", "q warned new", "q clean old", "q clean new");
        var warned = queue.Single(r => r.ItemId == warnedNew);
        (warned.Status, warned.HighestOpenSeverity, warned.OpenWarnings).Should().Be((ItemStatus.Clean, Severity.Warning, 1));
        queue.Single(r => r.ItemId == flaggedOld).OpenErrors.Should().BeGreaterThan(0);
        queue.Should().NotContain(r => r.ItemId == foreign, "the reviewer does not review the foreign project");
        (await QueueAsync(q => q.ReviewQueueAsync(world.Own["annotator"].Id, CancellationToken.None))).Should().BeEmpty("annotators have no review queue");
        (await QueueAsync(q => q.ReviewQueueAsync(world.Foreign["reviewer"].Id, CancellationToken.None))).Select(r => r.ItemId).Should().Equal(foreign);
    }

    [Fact]
    public void Order_SameStatusAndSeverity_OldestFirst_AndFlaggedBeforeAnyCleanEvenWithOlderWarnings()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        ReviewQueues.QueueRow Row(string name, ItemStatus status, Severity? severity, int minutes) =>
            new(Guid.NewGuid(), name, Guid.Empty, "p", "b", 1, status, 1, 0, 0, severity, null, t0.AddMinutes(minutes), null, null, false);

        var ordered = ReviewQueues.Order(
        [
            Row("clean warning old", ItemStatus.Clean, Severity.Warning, 0),
            Row("flagged warning", ItemStatus.Flagged, Severity.Warning, 1),
            Row("flagged error new", ItemStatus.Flagged, Severity.Error, 9),
            Row("flagged error old", ItemStatus.Flagged, Severity.Error, 2),
            Row("submitted none", ItemStatus.Submitted, null, 3),
            Row("clean info", ItemStatus.Clean, Severity.Info, 4),
        ]);

        ordered.Select(r => r.ItemName).Should().Equal(
            "flagged error old", "flagged error new", "flagged warning", "clean warning old", "clean info", "submitted none");
    }

    [Fact]
    public async Task AnnotatorQueue_OwnAssignmentsToDo_ReturnedFirstWithTheComment()
    {
        var annotator2 = world.Own["annotator2"].Id;
        var fresh = await world.NewItemAsync(withError: false, annotatorId: annotator2, name: "a fresh");
        var returned = await world.NewItemAsync(withError: true, annotatorId: annotator2, name: "a returned");
        var submitted = await world.NewItemAsync(withError: false, annotatorId: annotator2, name: "a submitted");
        var othersItem = await world.NewItemAsync(withError: false, name: "a someone else's");
        await SubmitAsync(returned, annotator2);
        await SubmitAsync(submitted, annotator2);
        await world.RunAsync<StartReview, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new StartReview.Request(returned, 2), world.Own["reviewer"].Id, CancellationToken.None));
        await world.RunAsync<ReturnItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new ReturnItem.Request(returned, 3, "the caption says cat"), world.Own["reviewer"].Id, CancellationToken.None));

        var queue = await QueueAsync(q => q.AnnotatorQueueAsync(annotator2, CancellationToken.None));

        queue.Select(r => r.ItemId).Should().Equal(returned, fresh);
        queue[0].Comment.Should().Be("the caption says cat");
        queue[0].Status.Should().Be(ItemStatus.Returned);
        queue.Should().NotContain(r => r.ItemId == othersItem || r.ItemId == submitted);
    }

    [Fact]
    public async Task QaQueue_SampledItemsForQaLeadsOnly()
    {
        var sampled = await world.NewItemAsync(withError: false, status: ItemStatus.QaSampled, name: "qa sampled");

        (await QueueAsync(q => q.QaQueueAsync(world.Own["qa"].Id, CancellationToken.None))).Should().Contain(r => r.ItemId == sampled);
        (await QueueAsync(q => q.QaQueueAsync(world.Own["reviewer"].Id, CancellationToken.None))).Should().BeEmpty();
        (await QueueAsync(q => q.QaQueueAsync(world.Foreign["qa"].Id, CancellationToken.None))).Should().NotContain(r => r.ItemId == sampled);
    }
}
