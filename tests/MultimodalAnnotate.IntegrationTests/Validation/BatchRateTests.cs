using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Validation;

/// <summary>The batch's stored sync-error rate (the QA dashboards' figure) when items of one batch change at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BatchRateTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private TestProject _p = default!;

    public async Task InitializeAsync()
    {
        _app = await AppFactory.PostgresAsync(server);
        _p = await _app.WithScopeAsync(TestProject.CreateAsync);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwoTransactionsChangingItemsOfOneBatch_LeaveTheRateOfBoth()
    {
        var batchId = await _app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Items.Where(i => i.Id == _p.ItemId).Select(i => i.BatchId).SingleAsync());

        // The first transaction: item 1 now has 4 units, 2 of them with errors; it stores the batch's rate.
        await using var first = _app.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx1 = await db1.Database.BeginTransactionAsync();
        await db1.Items.Where(i => i.Id == _p.ItemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.UnitsInScope, 4).SetProperty(i => i.UnitsWithError, 2));
        await ItemValidation.StoreBatchRateAsync(db1, batchId, CancellationToken.None);

        // The second: item 2 now has 4 units without errors; storing the rate waits for the first transaction.
        await using var second = _app.Services.CreateAsyncScope();
        var db2 = second.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx2 = await db2.Database.BeginTransactionAsync();
        await db2.Items.Where(i => i.Id == _p.OtherItemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.UnitsInScope, 4).SetProperty(i => i.UnitsWithError, 0));
        var waiting = ItemValidation.StoreBatchRateAsync(db2, batchId, CancellationToken.None);
        await _app.WaitForALockWaitAsync("the batch's row");
        await tx1.CommitAsync();
        await waiting;
        await tx2.CommitAsync();

        var rate = await _app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Batches.Where(b => b.Id == batchId).Select(b => b.SyncErrorRate).SingleAsync());
        rate.Should().BeApproximately(2.0 / 8, 1e-12, "the rate counts both items' units, not only what was committed before the second transaction began to wait");
    }

    [Fact]
    public async Task TheReValidationJob_StoresTheRateOfEveryBatch_OncePerChunk()
    {
        // Item 1 holds a dog box linked to a cat span, stored with on-save validation off: its units are stale.
        await using var off = AppFactory.Postgres(_app.ConnectionString).WithSetting("Validation:OnSave", "false");
        await DogCatWithoutValidationAsync(off);
        var batchId = await _app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Items.Where(i => i.Id == _p.ItemId).Select(i => i.BatchId).SingleAsync());
        (await BatchRateAsync(batchId)).Should().BeNull("nothing was validated yet");

        await _app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var job = new MultimodalAnnotate.Web.Domain.BackgroundJob { Kind = RevalidateProjectJob.JobKind, ProjectId = _p.ProjectId };
            await ActivatorUtilities.CreateInstance<RevalidateProjectJob>(s).RunAsync(job, new NoProgress(), CancellationToken.None);
            return 0;
        });

        var items = await _app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Items.Where(i => i.BatchId == batchId).ToListAsync());
        items.Sum(i => i.UnitsWithError).Should().BeGreaterThan(0, "dog vs cat is an error");
        (await BatchRateAsync(batchId)).Should().BeApproximately((double)items.Sum(i => i.UnitsWithError) / items.Sum(i => i.UnitsInScope), 1e-12);
    }

    private async Task DogCatWithoutValidationAsync(AppFactory app)
    {
        async Task<Guid> Create(Guid assetId, string label, MultimodalAnnotate.Validation.Model.Geometry geometry)
        {
            var result = await app.WithScopeAsync(s => s.GetRequiredService<MultimodalAnnotate.Web.Features.Annotate.CreateAnnotation>().ExecuteAsync(
                new MultimodalAnnotate.Web.Features.Annotate.CreateAnnotation.Request(_p.ItemId, assetId, label, null, geometry), _p.AnnotatorId, CancellationToken.None));
            result.Outcome.Should().Be(MultimodalAnnotate.Web.Features.Annotate.WriteOutcome.Ok);
            return result.Value!.Id;
        }

        var box = await Create(_p.Image.Id, "dog", new MultimodalAnnotate.Validation.Model.Box2D(100, 100, 80, 60));
        var span = await Create(_p.Text.Id, "cat", new MultimodalAnnotate.Validation.Model.TextSpan(17, 20));
        var linked = await app.WithScopeAsync(s => s.GetRequiredService<MultimodalAnnotate.Web.Features.Annotate.LinkMentions>().ExecuteAsync(
            new MultimodalAnnotate.Web.Features.Annotate.LinkMentions.Request(_p.ItemId, [box, span]), _p.AnnotatorId, CancellationToken.None));
        linked.Outcome.Should().Be(MultimodalAnnotate.Web.Features.Annotate.WriteOutcome.Ok);
    }

    private Task<double?> BatchRateAsync(Guid batchId) => _app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Batches.Where(b => b.Id == batchId).Select(b => b.SyncErrorRate).SingleAsync());

    private sealed class NoProgress : MultimodalAnnotate.Web.Features.Jobs.IJobProgress
    {
        public Task ReportAsync(double fraction, string? message, CancellationToken ct) => Task.CompletedTask;
    }
}
