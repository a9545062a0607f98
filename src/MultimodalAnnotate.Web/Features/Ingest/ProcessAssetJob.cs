using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Media;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>
/// The durable job that makes an uploaded asset usable (<see cref="AssetProcessor"/>). Idempotent: it always starts
/// from the original upload, derived objects have fixed keys per asset (a re-run overwrites them), and the asset row is
/// written once at the end — so a run interrupted anywhere (the runner re-runs it when its lease expires) leaves
/// nothing half-done. A file the media library refuses makes the asset Failed with the reason; only that asset changes.
/// </summary>
public sealed class ProcessAssetJob(
    IDbContextFactory<AppDbContext> factory,
    MediaFiles files,
    AssetProcessor processor,
    IOptions<MediaOptions> options,
    TimeProvider clock,
    MultimodalAnnotate.Web.Features.Validation.ItemValidation validation,
    ILogger<ProcessAssetJob> logger) : IJobHandler
{
    public const string JobKind = "process-asset";

    private const int MaxReasonLength = 2000;

    public string Kind => JobKind;

    public async Task RunAsync(BackgroundJob job, IJobProgress progress, CancellationToken ct)
    {
        var assetId = job.AssetId ?? throw new InvalidOperationException($"job {job.Id} ({JobKind}) names no asset");
        Asset? asset;
        Guid projectId;
        List<Asset> cameras;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            asset = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == assetId, ct);
            if (asset?.MediaKey is null)
            {
                // Deleted meanwhile, or refused at upload (no bytes were stored): nothing to process.
                return;
            }
            projectId = await db.Items.Where(i => i.Id == asset.ItemId).Select(i => i.ProjectId).FirstAsync(ct);
            cameras = asset.Modality == MultimodalAnnotate.Validation.Model.Modality.PointCloud
                ? await db.Assets.AsNoTracking().Where(a => a.ItemId == asset.ItemId && a.Id != assetId).OrderBy(a => a.SortOrder).ToListAsync(ct)
                : [];
            await db.Assets.Where(a => a.Id == assetId).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, AssetStatus.Processing)
                .SetProperty(a => a.FailureReason, (string?)null), ct);
        }

        var previous = AssetMediaInfo.Parse(asset.MediaInfoJson);
        var sourceKey = previous.OriginalKey ?? asset.MediaKey;
        var sourceName = asset.OriginalFileName ?? Path.GetFileName(sourceKey);
        using var scratch = ScratchFolder.Create(options.Value.Root);
        ProcessingWork? work = null;
        try
        {
            using var source = await OpenSourceAsync(sourceKey, sourceName, ct);
            work = new ProcessingWork(asset, projectId, source.Path, sourceName, files, scratch, new JobStages(progress, ct));
            await processor.ProcessAsync(work, previous, cameras, ct);
            await SaveReadyAsync(work, previous, sourceKey, ct);
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // A tool killed by the cancellation fails in its own way; this is still an interruption, not a bad file.
            throw new OperationCanceledException("processing was interrupted", ex, ct);
        }
        catch (Exception ex) when (IsProblemWithTheFile(ex) && !ct.IsCancellationRequested)
        {
            var reason = Reason(ex, work?.SourcePath, sourceKey, sourceName);
            logger.LogInformation("Asset {AssetId} failed processing: {Reason}", assetId, reason);
            await DiscardAsync(work);
            await FailAsync(assetId, reason);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && job.Attempts >= JobRunner.MaxAttempts)
        {
            // The runner gives up after this attempt: say so on the asset instead of leaving it "processing" forever.
            await DiscardAsync(work);
            await FailAsync(assetId, $"processing failed after {job.Attempts} attempts: {ex.Message}");
            throw;
        }
    }

    private async Task<LocalMediaFile> OpenSourceAsync(string key, string name, CancellationToken ct)
    {
        try
        {
            return await files.OpenLocalAsync(key, ct);
        }
        catch (FileNotFoundException ex)
        {
            throw new AssetRejectedException($"{name}: the uploaded file is missing from the media store", ex);
        }
    }

    private async Task SaveReadyAsync(ProcessingWork work, AssetMediaInfo previous, string sourceKey, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var asset = await db.Assets.FirstOrDefaultAsync(a => a.Id == work.Asset.Id, ct);
        if (asset is null)
        {
            await DiscardAsync(work);
            return;
        }
        // Keep the asset's placement on the item timeline (which someone may have changed meanwhile); replace the file's part.
        var placement = asset.TimeBase.Offset - previous.StreamOffset;
        if (work.TimeBase is { } timeBase)
        {
            asset.TimeBase = timeBase with { Offset = placement + work.StreamOffset };
        }
        asset.Modality = work.Modality;
        asset.Width = work.Width ?? asset.Width;
        asset.Height = work.Height ?? asset.Height;
        asset.Duration = work.Duration ?? asset.Duration;
        asset.TextContent = work.TextContent ?? asset.TextContent;
        asset.MediaKey = work.ReplacementKey ?? sourceKey;
        if (work.ReplacementContentType is { } contentType)
        {
            asset.ContentType = contentType;
        }
        else if (work.Modality != work.Asset.Modality)
        {
            asset.ContentType = UploadScreening.ContentTypeOf(work.Kind, work.Modality, Path.GetExtension(sourceKey));
        }
        asset.MediaInfoJson = new AssetMediaInfo
        {
            Kind = work.Kind.ToString(),
            ModalityInferred = previous.ModalityInferred,
            OriginalKey = work.ReplacementKey is null ? null : sourceKey,
            StreamOffset = work.StreamOffset,
            Derived = work.Derived,
            Projections = work.Projections,
            Probe = work.Probe,
            TranscodeReasons = work.TranscodeReasons,
            Image = work.Image,
            Waveform = work.Waveform,
            PointCloud = work.PointCloud,
            Text = work.Text,
            ProcessedAt = clock.GetUtcNow(),
        }.ToJson();
        asset.Status = AssetStatus.Ready;
        asset.FailureReason = null;
        // The asset's time base, size or text may have changed what the item's annotations mean (a box now between
        // two real frames, a segment past the real end): the item is re-validated with the asset, atomically.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await validation.RevalidateAsync(db, asset.ItemId, ct);
        await tx.CommitAsync(ct);
    }

    private async Task FailAsync(Guid assetId, string reason)
    {
        var text = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength];
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await db.Assets.Where(a => a.Id == assetId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Status, AssetStatus.Failed)
            .SetProperty(a => a.FailureReason, text), CancellationToken.None);
    }

    /// <summary>Removes the derived objects this run wrote: a failed asset keeps its upload and nothing else.</summary>
    private async Task DiscardAsync(ProcessingWork? work)
    {
        foreach (var key in work?.Written ?? [])
        {
            try
            {
                await files.DeleteAsync(key, CancellationToken.None);
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Could not delete derived media {Key}", key);
            }
        }
    }

    /// <summary>
    /// True when the file is at fault (the asset fails with the reason); false for anything worth a retry — among them a
    /// tool killed by a signal (out of memory, an operator), which the job runner retries.
    /// </summary>
    internal static bool IsProblemWithTheFile(Exception ex) =>
        ex is AssetRejectedException or MediaFormatException or MediaToolException or NetVips.VipsException or System.Text.DecoderFallbackException
        && !KilledBySignal(ex);

    private static bool KilledBySignal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is MediaToolException { KilledBySignal: true })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The reason for the uploader: their file name instead of our storage paths, and always naming the file.</summary>
    private static string Reason(Exception ex, string? localPath, string sourceKey, string sourceName)
    {
        var message = ex is System.Text.DecoderFallbackException ? "the text is not valid UTF-8" : ex.Message;
        if (localPath is not null)
        {
            message = message
                .Replace(MediaTools.InputUrl(localPath), sourceName, StringComparison.Ordinal)
                .Replace(localPath, sourceName, StringComparison.Ordinal);
        }
        message = message.Replace(Path.GetFileName(sourceKey), sourceName, StringComparison.Ordinal);
        return message.StartsWith(sourceName, StringComparison.Ordinal) ? message : $"{sourceName}: {message}";
    }
}
