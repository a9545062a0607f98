using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>
/// At start-up, queues processing for assets that have a media file but were never processed (no media info): the
/// seeded demo's assets, and assets stored before processing existed. They become Pending and go through
/// <see cref="ProcessAssetJob"/> like any upload, so their peaks, frames and thumbnails come from the same code.
/// </summary>
public sealed class UnprocessedAssetSweep(IDbContextFactory<AppDbContext> factory, JobSignal signal, TimeProvider clock, ILogger<UnprocessedAssetSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var queued = await SweepAsync(stoppingToken);
            if (queued > 0)
            {
                logger.LogInformation("Queued processing for {Count} unprocessed assets", queued);
                signal.Wake();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // The store may be down or not migrated; the next start tries again.
            logger.LogWarning(ex, "Could not look for unprocessed assets");
        }
    }

    /// <summary>Marks unprocessed assets Pending and queues their jobs in one transaction; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var assets = await db.Assets
            .Where(a => a.MediaKey != null && a.MediaInfoJson == null && a.Status != AssetStatus.Failed)
            .Where(a => !db.Jobs.Any(j => j.AssetId == a.Id && j.Kind == ProcessAssetJob.JobKind && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running)))
            .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => new { Asset = a, i.ProjectId })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var row in assets)
        {
            row.Asset.Status = AssetStatus.Pending;
            db.Jobs.Add(new BackgroundJob { Kind = ProcessAssetJob.JobKind, ProjectId = row.ProjectId, ItemId = row.Asset.ItemId, AssetId = row.Asset.Id, CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
        return assets.Count;
    }
}
