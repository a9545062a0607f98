using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Dashboard;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>The seeded demo shows the quality loop on first start, and its kitchen item carries the browser test's story.</summary>
public sealed class DemoReviewTests(DemoReviewTests.Demo demo) : IClassFixture<DemoReviewTests.Demo>
{
    public sealed class Demo : IAsyncLifetime
    {
        private readonly PostgresServer _server = new();

        public AppFactory App { get; private set; } = default!;

        public Dictionary<string, string> Users { get; private set; } = [];

        /// <summary>The state on first start, read before any test changes the demo.</summary>
        public (IReadOnlyList<RateRow> Rates, Dictionary<string, ItemStatus> Statuses, IReadOnlyList<ReviewQueues.QueueRow> AnnotatorQueue, IReadOnlyList<ReviewQueues.QueueRow> ReviewQueue) FirstStart { get; private set; }

        public async Task InitializeAsync()
        {
            await _server.InitializeAsync();
            App = await AppFactory.PostgresAsync(_server, seedDemo: true);
            Users = await App.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Users.ToDictionaryAsync(u => u.Email!, u => u.Id));
            FirstStart = await App.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var projectId = await db.Projects.Select(p => p.Id).SingleAsync();
                var (_, facts) = await s.GetRequiredService<DashboardQueries>().LoadAsync(projectId, Users["qa@demo.local"], CancellationToken.None);
                var queues = s.GetRequiredService<ReviewQueues>();
                return (DashboardMath.ByIteration(facts!),
                    await db.Items.ToDictionaryAsync(i => i.Name, i => i.Status),
                    await queues.AnnotatorQueueAsync(Users["annotator@demo.local"], CancellationToken.None),
                    await queues.ReviewQueueAsync(Users["reviewer@demo.local"], CancellationToken.None));
            });
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    private Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query) => demo.App.WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    private Task<T> RunAsync<TUseCase, T>(Func<TUseCase, Task<T>> call) where TUseCase : notnull => demo.App.WithScopeAsync(s => call(s.GetRequiredService<TUseCase>()));

    private string User(string name) => demo.Users[$"{name}@demo.local"];

    private async Task<Item> ItemAsync(string name, int iteration) =>
        await DbAsync(db => db.Items.AsNoTracking().SingleAsync(i => i.Name == $"{name} · iteration {iteration}"));

    [Fact]
    public async Task FirstStart_IterationOneWasReviewed_SomeFindingsConfirmedOneWaived_AllReturnedWithComments()
    {
        var iteration1 = await DbAsync(db => db.Items.AsNoTracking().Where(i => i.Name.EndsWith("iteration 1")).Select(i => i.Id).ToListAsync());
        var decisions = await DbAsync(db => db.ReviewDecisions.AsNoTracking().Where(d => iteration1.Contains(d.ItemId)).ToListAsync());
        var batchCreated = await DbAsync(db => db.Batches.Where(b => b.Iteration == 1).Select(b => b.CreatedAt).SingleAsync());

        (await DbAsync(db => db.Items.Where(i => iteration1.Contains(i.Id)).Select(i => i.Status).ToListAsync())).Should().OnlyContain(s => s == ItemStatus.Returned);
        decisions.Count(d => d.Action == ReviewAction.ConfirmFinding).Should().Be(4);
        decisions.Where(d => d.Action == ReviewAction.WaiveFinding).Should().ContainSingle().Which.Comment.Should().Contain("clip-level label is intended");
        decisions.Where(d => d.Action == ReviewAction.Return).Should().HaveCount(3).And.OnlyContain(d => !string.IsNullOrWhiteSpace(d.Comment));
        decisions.Where(d => d.Action is ReviewAction.StartReview or ReviewAction.ConfirmFinding or ReviewAction.WaiveFinding or ReviewAction.Return)
            .Should().OnlyContain(d => d.UserId == User("reviewer"));
        decisions.Should().OnlyContain(d => d.At > batchCreated && d.At < batchCreated.AddDays(2), "iteration 1 was reviewed the day after it was created");
        (await DbAsync(db => db.Findings.CountAsync(f => iteration1.Contains(f.ItemId) && f.Status == FindingStatus.Waived))).Should().Be(1);
    }

    [Fact]
    public void FirstStart_IterationTwoIsBetter_AndEveryQueueHasWork()
    {
        var (rates, statuses, annotatorQueue, reviewQueue) = demo.FirstStart;

        rates.Select(r => (r.ErrorUnits, r.Units)).Should().Equal((5, 9), (1, 8));
        rates[1].Rate.Should().BeLessThan(rates[0].Rate!.Value);
        statuses["Street crossing · iteration 2"].Should().Be(ItemStatus.Clean);
        statuses["Dog barking in the yard · iteration 2"].Should().Be(ItemStatus.Approved);
        statuses["Kitchen conversation · iteration 2"].Should().Be(ItemStatus.Annotating);
        annotatorQueue.Select(r => r.Status).Should().Equal(ItemStatus.Returned, ItemStatus.Returned, ItemStatus.Returned, ItemStatus.Annotating);
        reviewQueue.Select(r => r.ItemName).Should().Equal("Street crossing · iteration 2");
    }

    [Fact]
    public async Task ReviewPage_FindingOfACitedRule_ShowsTheGuidelineSection()
    {
        var kitchen = await ItemAsync("Kitchen conversation", 1);

        var detail = await RunAsync<ReviewItemQueries, ReviewItemQueries.ReviewDetail?>(q => q.DetailAsync(kitchen.Id, User("reviewer"), CancellationToken.None));

        detail!.Item.Findings.Should().Contain(f => f.RuleCode == "TMP-001");
        detail.Citations["TMP-001"].Should().Be(new MultimodalAnnotate.Web.Features.Admin.GuidelineCitation("timing", "Timing", 1, true));
        (await RunAsync<ReviewItemQueries, ReviewItemQueries.ReviewDetail?>(q => q.DetailAsync(kitchen.Id, User("annotator"), CancellationToken.None)))
            .Should().BeNull("the review page is for reviewers, QA leads and admins");
    }

    /// <summary>The browser test's story, through the use cases: it shows the kitchen item behaves as the browser test expects.</summary>
    [Fact]
    public async Task KitchenStory_WrongLabelThenWaiveReturnFixApprove_TakesIterationTwoToZero()
    {
        var kitchen = await ItemAsync("Kitchen conversation", 2);
        var annotator = User("annotator");
        var reviewer = User("reviewer");
        var turn1Audio = await DbAsync(db => db.Annotations.AsNoTracking()
            .Join(db.Entities, a => a.EntityId, e => e.Id, (a, e) => new { a, e.Name })
            .Join(db.Assets, x => x.a.AssetId, s => s.Id, (x, s) => new { x.a, x.Name, s.Modality })
            .Where(x => x.a.ItemId == kitchen.Id && x.Name == "turn 1 (A)" && x.Modality == MultimodalAnnotate.Validation.Model.Modality.Audio)
            .Select(x => x.a).SingleAsync());
        // The annotator mislabels speaker A's audio as a bark (an unrelated class: an error on turn 1).
        var edited = await RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new UpdateAnnotation.Request(turn1Audio.Id, turn1Audio.Version, Label: "bark"), annotator, CancellationToken.None));
        edited.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", edited.Errors.Values));

        var submitted = await RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(kitchen.Id, kitchen.Version), annotator, CancellationToken.None));
        submitted.Value!.Status.Should().Be(ItemStatus.Flagged);
        var open = await DbAsync(db => db.Findings.AsNoTracking().Where(f => f.ItemId == kitchen.Id && f.Status == FindingStatus.Open && f.Severity == MultimodalAnnotate.Validation.Model.Severity.Error).ToListAsync());
        open.Select(f => f.RuleCode).Should().BeEquivalentTo("TMP-001", "SEM-003");

        var v = (await RunAsync<StartReview, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new StartReview.Request(kitchen.Id, submitted.Value.Version), reviewer, CancellationToken.None))).Value!.Version;
        v = (await RunAsync<WaiveFinding, WriteResult<FindingDecisionOutcome>>(u => u.ExecuteAsync(
            new WaiveFinding.Request(open.Single(f => f.RuleCode == "TMP-001").Id, v, "B starts talking over A"), reviewer, CancellationToken.None))).Value!.ItemVersion;
        v = (await RunAsync<ReturnItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new ReturnItem.Request(kitchen.Id, v, "turn 1 is speech, not a bark"), reviewer, CancellationToken.None))).Value!.Version;

        var current = await DbAsync(db => db.Annotations.AsNoTracking().SingleAsync(a => a.Id == turn1Audio.Id));
        (await RunAsync<UpdateAnnotation, WriteResult<AnnotationView>>(u => u.ExecuteAsync(
            new UpdateAnnotation.Request(current.Id, current.Version, Label: "speech"), annotator, CancellationToken.None))).Outcome.Should().Be(WriteOutcome.Ok);
        var resubmitted = await RunAsync<SubmitItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new SubmitItem.Request(kitchen.Id, v), annotator, CancellationToken.None));
        resubmitted.Value!.Status.Should().Be(ItemStatus.Clean, "the timing finding stays waived and the label is fixed");
        v = (await RunAsync<StartReview, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new StartReview.Request(kitchen.Id, resubmitted.Value.Version), reviewer, CancellationToken.None))).Value!.Version;
        (await RunAsync<ApproveItem, WriteResult<ReviewOutcome>>(u => u.ExecuteAsync(new ApproveItem.Request(kitchen.Id, v), reviewer, CancellationToken.None))).Value!.Status
            .Should().Be(ItemStatus.Approved);

        var (_, facts) = await RunAsync<DashboardQueries, (DashboardAccess, DashboardFacts?)>(q => q.LoadAsync(kitchen.ProjectId, User("qa"), CancellationToken.None));
        DashboardMath.ByIteration(facts!)[1].Rate.Should().Be(0);
    }
}
