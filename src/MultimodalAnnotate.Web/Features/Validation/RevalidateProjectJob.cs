using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Re-validates every item of a project (or of one batch, when the payload names it) after the ontology or the
/// policy changed, on every core, <see cref="ItemsPerTransaction"/> items per transaction; a restart loses at most
/// the chunks in flight, and items already validated with the current rules version are skipped when the job resumes.
/// </summary>
public sealed class RevalidateProjectJob(IDbContextFactory<AppDbContext> factory, ItemValidation validation) : IJobHandler
{
    public const string JobKind = "revalidate";

    /// <summary>Items validated per transaction.</summary>
    public const int ItemsPerTransaction = 16;

    public string Kind => JobKind;

    /// <summary>
    /// What the job re-validates (one batch, or the whole project when null) and why (<see cref="EngineUpgrade"/>, or
    /// null for a policy or ontology change).
    /// </summary>
    public sealed record Payload(Guid? BatchId, string? Reason = null)
    {
        /// <summary>The reason of a job queued because the engine's rules changed (<see cref="EngineRevisionCheck"/>).</summary>
        public const string EngineUpgrade = "engine-upgrade";

        public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

        /// <summary>The payload of a job's JSON (null when there is none or it is not a payload).</summary>
        public static Payload? FromJson(string? json)
        {
            if (json is null)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<Payload>(json, JsonSerializerOptions.Web);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public async Task RunAsync(BackgroundJob job, IJobProgress progress, CancellationToken ct)
    {
        var projectId = job.ProjectId ?? throw new InvalidOperationException("a re-validation job needs a project");
        var batchId = job.PayloadJson is null ? null : JsonSerializer.Deserialize<Payload>(job.PayloadJson, JsonSerializerOptions.Web)?.BatchId;
        // (A payload that is not JSON fails the job, as before: it was not written by this app.)
        List<Guid> items;
        int rulesVersion;
        int workers;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // SQLite has one writer: parallel chunks would only queue on its lock (and make pages wait with them).
            workers = db.IsPostgres ? Environment.ProcessorCount : 1;
            rulesVersion = await db.Projects.Where(p => p.Id == projectId).Select(p => p.RulesVersion).FirstAsync(ct);
            items = await db.Items.Where(i => i.ProjectId == projectId && (batchId == null || i.BatchId == batchId) && i.ValidatedRulesVersion < rulesVersion)
                .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(ct);
        }
        // Items are independent: they are validated in parallel, one worker per core (PostgreSQL), a chunk of items per
        // transaction (one commit per chunk instead of per item; a restart redoes at most the chunks in flight).
        var done = 0;
        using var reporting = new SemaphoreSlim(1, 1);
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct };
        await Parallel.ForEachAsync(items.Chunk(ItemsPerTransaction), options, async (chunk, token) =>
        {
            await using (var db = await factory.CreateDbContextAsync(token))
            {
                await using var tx = await db.Database.BeginTransactionAsync(token);
                // Batch rates once per chunk, just before the commit: stored per item, the first item whose units moved
                // would hold the batch row for the rest of the chunk, and the other workers' chunks of that batch wait.
                db.DeferBatchRates();
                foreach (var itemId in chunk)
                {
                    await validation.RevalidateAsync(db, itemId, token);
                }
                await ItemValidation.StoreDeferredBatchRatesAsync(db, token);
                await tx.CommitAsync(token);
            }
            await reporting.WaitAsync(token);
            try
            {
                done += chunk.Length;
                await progress.ReportAsync((double)done / items.Count, $"{done} of {items.Count} items re-validated", token);
            }
            finally
            {
                reporting.Release();
            }
        });
    }
}
