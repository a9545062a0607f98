using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Re-validates every item of a project (or of one batch, when the payload names it) after the ontology or the
/// policy changed, on every core. Each item is its own transaction, so a restart loses at most the items in
/// flight; items already validated with the current rules version are skipped when the job resumes.
/// </summary>
public sealed class RevalidateProjectJob(IDbContextFactory<AppDbContext> factory, ItemValidation validation) : IJobHandler
{
    public const string JobKind = "revalidate";

    public string Kind => JobKind;

    public sealed record Payload(Guid? BatchId);

    public async Task RunAsync(BackgroundJob job, IJobProgress progress, CancellationToken ct)
    {
        var projectId = job.ProjectId ?? throw new InvalidOperationException("a re-validation job needs a project");
        var batchId = job.PayloadJson is null ? null : JsonSerializer.Deserialize<Payload>(job.PayloadJson, JsonSerializerOptions.Web)?.BatchId;
        List<Guid> items;
        int rulesVersion;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            rulesVersion = await db.Projects.Where(p => p.Id == projectId).Select(p => p.RulesVersion).FirstAsync(ct);
            items = await db.Items.Where(i => i.ProjectId == projectId && (batchId == null || i.BatchId == batchId) && i.ValidatedRulesVersion < rulesVersion)
                .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(ct);
        }
        // Items are independent: they are validated in parallel, one per core, each in its own transaction.
        var done = 0;
        using var reporting = new SemaphoreSlim(1, 1);
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, async (itemId, token) =>
        {
            await using (var db = await factory.CreateDbContextAsync(token))
            {
                await using var tx = await db.Database.BeginTransactionAsync(token);
                await validation.RevalidateAsync(db, itemId, token);
                await tx.CommitAsync(token);
            }
            await reporting.WaitAsync(token);
            try
            {
                var n = ++done;
                await progress.ReportAsync((double)n / items.Count, $"{n} of {items.Count} items re-validated", token);
            }
            finally
            {
                reporting.Release();
            }
        });
    }
}
