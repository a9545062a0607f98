using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Re-validates every item of a project (or of one batch, when the payload names it) after the ontology or the
/// policy changed. Each item is its own transaction, so a restart loses at most one item's work; items already
/// validated with the current rules version are skipped when the job resumes.
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
        for (var n = 0; n < items.Count; n++)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await validation.RevalidateAsync(db, items[n], ct);
            await tx.CommitAsync(ct);
            await progress.ReportAsync((n + 1.0) / items.Count, $"{n + 1} of {items.Count} items re-validated", ct);
        }
    }
}
