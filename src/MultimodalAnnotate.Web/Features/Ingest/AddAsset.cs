using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>
/// Turns one received file into an asset of an item: screens it (<see cref="UploadScreening"/>) before anything is
/// stored, stores an accepted file under a generated key, and writes the <see cref="Asset"/> row (Pending) together with
/// its processing job in one transaction. A refused file becomes a Failed asset with the reason and no stored bytes, so
/// the uploader sees on the item what went wrong while the item's other assets carry on. The caller has checked that
/// the user may write to the item.
/// </summary>
public sealed class AddAsset(IDbContextFactory<AppDbContext> factory, MediaFiles files, JobSignal signal, IOptions<MediaOptions> options, TimeProvider clock)
{
    public const int MaxSensorLength = 100;
    private const int MaxFileNameLength = 260;
    private const int MaxReasonLength = 2000;

    /// <param name="ItemId">The item the asset joins.</param>
    /// <param name="Path">The received bytes (a scratch file, or the file to import).</param>
    /// <param name="OriginalFileName">The user's file name: kept as metadata only.</param>
    /// <param name="Modality">The declared modality, or null to infer it from the sniffed type.</param>
    /// <param name="Sensor">Sensor/channel name, unique in the item; null picks one from the modality.</param>
    /// <param name="MoveFile">True to move <paramref name="Path"/> into the store (uploads), false to copy (imports).</param>
    /// <param name="Calibration">Sensor calibration, when the caller knows it (folder import of KITTI frames).</param>
    public sealed record Request(Guid ItemId, string Path, string OriginalFileName, Modality? Modality, string? Sensor, bool MoveFile, Calibration? Calibration = null);

    public enum Outcome
    {
        Created,
        ItemNotFound,
        SensorTaken,
        InvalidSensor,
    }

    public sealed record Result(Outcome Outcome, Guid? AssetId, string? Sensor, Modality? Modality, AssetStatus? Status, string? Reason, Guid? JobId);

    public async Task<Result> ExecuteAsync(Request request, CancellationToken ct)
    {
        var sensor = request.Sensor?.Trim();
        if (sensor is not null && !IsValidSensor(sensor))
        {
            return new Result(Outcome.InvalidSensor, null, sensor, null, null,
                $"the sensor name must be 1–{MaxSensorLength} characters without control characters", null);
        }
        var screening = await UploadScreening.ScreenAsync(request.Path, request.OriginalFileName, request.Modality, options.Value.MaxUploadBytes, ct);

        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Items.AsNoTracking().Where(i => i.Id == request.ItemId).Select(i => new { i.Id, i.ProjectId }).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return new Result(Outcome.ItemNotFound, null, null, null, null, "the item does not exist", null);
        }
        var modality = screening.Modality ?? UploadScreening.GuessFromName(request.OriginalFileName) ?? Modality.Text;
        var taken = await db.Assets.Where(a => a.ItemId == item.Id).Select(a => a.Sensor).ToListAsync(ct);
        Asset? replaced = null;
        if (sensor is not null && taken.Contains(sensor, StringComparer.Ordinal))
        {
            // A failed asset nobody annotated is replaced by a new upload under its name (the way to retry it);
            // any other asset keeps its name.
            replaced = await db.Assets.FirstAsync(a => a.ItemId == item.Id && a.Sensor == sensor, ct);
            if (replaced.Status != AssetStatus.Failed || await db.Annotations.AnyAsync(a => a.AssetId == replaced.Id, ct))
            {
                return new Result(Outcome.SensorTaken, null, sensor, modality, null,
                    $"the item already has an asset named \"{sensor}\" (only a failed asset without annotations is replaced by a new upload)", null);
            }
        }
        sensor ??= DefaultSensor(modality, taken);

        var extension = Path.GetExtension(request.OriginalFileName);
        var key = screening.Accepted ? MediaKeyLayout.Original(item.ProjectId, StorageNames.New(screening.Kind, extension)) : null;
        var size = new FileInfo(request.Path).Length;
        var now = clock.GetUtcNow();
        var asset = new Asset
        {
            ItemId = item.Id,
            Modality = modality,
            Sensor = sensor,
            MediaKey = key,
            OriginalFileName = Truncate(Path.GetFileName(request.OriginalFileName), MaxFileNameLength),
            ContentType = UploadScreening.ContentTypeOf(screening.Kind, modality, extension),
            SizeBytes = size,
            TimeBase = modality is Modality.Image or Modality.PointCloud ? new CaptureTime() : new Untimed(),
            Calibration = request.Calibration,
            Status = screening.Accepted ? AssetStatus.Pending : AssetStatus.Failed,
            FailureReason = screening.Reason is null ? null : Truncate(screening.Reason, MaxReasonLength),
            MediaInfoJson = new AssetMediaInfo { Kind = screening.Kind.ToString(), ModalityInferred = request.Modality is null }.ToJson(),
            SortOrder = replaced?.SortOrder ?? await db.Assets.Where(a => a.ItemId == item.Id).Select(a => (int?)a.SortOrder).MaxAsync(ct) + 1 ?? 0,
            CreatedAt = now,
        };
        if (replaced is not null)
        {
            db.Assets.Remove(replaced);
        }
        db.Assets.Add(asset);
        BackgroundJob? job = null;
        if (screening.Accepted)
        {
            job = new BackgroundJob { Kind = ProcessAssetJob.JobKind, ProjectId = item.ProjectId, ItemId = item.Id, AssetId = asset.Id, CreatedAt = now };
            db.Jobs.Add(job);
        }

        var stored = false;
        try
        {
            if (key is not null)
            {
                await files.PutFileAsync(key, request.Path, request.MoveFile, ct);
                stored = true;
            }
            // The asset row and its job commit together: there is never a Pending asset nobody will process.
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex)
        {
            await DeleteStoredAsync(key, stored);
            if (ex is DbUpdateException && await SensorExistsAsync(item.Id, sensor, ct))
            {
                return new Result(Outcome.SensorTaken, null, sensor, modality, null, $"the item already has an asset named \"{sensor}\"", null);
            }
            throw;
        }
        if (replaced?.MediaKey is { } replacedKey)
        {
            // The failed upload's bytes, best effort: the row that pointed at them is gone.
            await DeleteStoredAsync(replacedKey, stored: true);
        }
        if (job is not null)
        {
            signal.Wake();
        }
        return new Result(Outcome.Created, asset.Id, sensor, modality, asset.Status, asset.FailureReason, job?.Id);
    }

    /// <summary>Sensor names: 1–100 characters, no control characters.</summary>
    public static bool IsValidSensor(string sensor) =>
        sensor.Length is > 0 and <= MaxSensorLength && !sensor.Any(char.IsControl);

    /// <summary>The first free name of the modality's usual sensor (<c>camera</c>, <c>camera_2</c>, …).</summary>
    public static string DefaultSensor(Modality modality, IReadOnlyCollection<string> taken)
    {
        var stem = modality switch
        {
            Modality.Image => "camera",
            Modality.Video => "video",
            Modality.Audio => "mic",
            Modality.PointCloud => "lidar",
            _ => "text",
        };
        var name = stem;
        for (var n = 2; taken.Contains(name, StringComparer.Ordinal); n++)
        {
            name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stem}_{n}");
        }
        return name;
    }

    private async Task<bool> SensorExistsAsync(Guid itemId, string sensor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Assets.AnyAsync(a => a.ItemId == itemId && a.Sensor == sensor, ct);
    }

    private async Task DeleteStoredAsync(string? key, bool stored)
    {
        if (key is not null && stored)
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
