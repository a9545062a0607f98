using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Media;
using MultimodalAnnotate.Media.Imaging;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>
/// Walks an import folder (links and hidden files skipped), groups its files into items (<see cref="FolderGrouping"/>)
/// and adds each file like an upload (<see cref="AddAsset"/>, copying: the folder is left as it was), reporting progress.
/// A KITTI calibration file (<c>calib/000001.txt</c>) is not added as text: it calibrates its item's camera images
/// (camera N from a sensor named <c>image_N</c>, else 2) and point clouds (the LiDAR is the common frame).
/// Idempotent: items are found again by name in the batch and files by sensor name in the item, so a re-run after an
/// interruption adds only what is missing.
/// </summary>
public sealed class ImportFolderJob(IDbContextFactory<AppDbContext> factory, AddAsset addAsset, StartFolderImport imports, TimeProvider clock) : IJobHandler
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };

    public string Kind => StartFolderImport.JobKind;

    public async Task RunAsync(BackgroundJob job, IJobProgress progress, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<FolderImportPayload>(job.PayloadJson ?? "null")
            ?? throw new InvalidOperationException($"import job {job.Id} has no payload");
        if (!imports.Roots.Any(r => payload.Folder == r || payload.Folder.StartsWith(Path.TrimEndingDirectorySeparator(r) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"'{payload.Folder}' is no longer inside a configured import root");
        }
        await progress.ReportAsync(0, "listing files", ct);
        var paths = Directory.EnumerateFiles(payload.Folder, "*", Walk)
            .Select(p => Path.GetRelativePath(payload.Folder, p))
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .ToList();
        var grouping = FolderGrouping.Group(paths);
        var total = grouping.Groups.Sum(g => g.Files.Count);
        var done = 0;
        var added = 0;
        foreach (var group in grouping.Groups)
        {
            var itemId = await ItemAsync(job.ProjectId!.Value, payload.BatchId, group.ItemName, ct);
            var calibration = await CalibrationAsync(payload.Folder, group, ct);
            var existing = await ExistingSensorsAsync(itemId, ct);
            foreach (var file in group.Files)
            {
                done++;
                if (calibration is not null && file == calibration.Value.File)
                {
                    continue;
                }
                if (existing.Contains(file.Sensor))
                {
                    continue;
                }
                var path = Path.Combine(payload.Folder, file.RelativePath);
                var result = await addAsset.ExecuteAsync(
                    new AddAsset.Request(itemId, path, Path.GetFileName(file.RelativePath), null, file.Sensor, MoveFile: false, CalibrationFor(calibration?.Calibration, file, path)),
                    ct);
                if (result.Outcome == AddAsset.Outcome.Created)
                {
                    added++;
                }
                await progress.ReportAsync((double)done / Math.Max(1, total), $"{group.ItemName}: {file.RelativePath}", ct);
            }
        }
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{added} files added to {grouping.Groups.Count} items; {grouping.Skipped.Count} skipped (type not accepted)");
        await progress.ReportAsync(1, summary, ct);
    }

    private async Task<Guid> ItemAsync(Guid projectId, Guid batchId, string name, CancellationToken ct)
    {
        var itemName = name.Length <= CreateItem.MaxNameLength ? name : name[..CreateItem.MaxNameLength];
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.Items.Where(i => i.BatchId == batchId && i.Name == itemName).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct);
        return existing ?? (await CreateItem.AddAsync(db, projectId, batchId, itemName, clock.GetUtcNow(), ct)).Id;
    }

    private async Task<HashSet<string>> ExistingSensorsAsync(Guid itemId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await db.Assets.Where(a => a.ItemId == itemId).Select(a => a.Sensor).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The group's KITTI calibration file, if one of its small .txt files parses as one.</summary>
    private static async Task<(ImportFile File, KittiCalibration Calibration)?> CalibrationAsync(string folder, ImportGroup group, CancellationToken ct)
    {
        foreach (var file in group.Files.Where(f => f.RelativePath.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)))
        {
            var path = Path.Combine(folder, file.RelativePath);
            if (new FileInfo(path).Length > 64 * 1024)
            {
                continue;
            }
            var text = await File.ReadAllTextAsync(path, ct);
            if (!text.Contains("Tr_velo_to_cam", StringComparison.Ordinal) && !text.Contains("Tr_velo_cam", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                return (file, KittiCalibration.Parse(text, Path.GetFileName(path)));
            }
            catch (MediaFormatException)
            {
                // Not a calibration after all: it is imported as text.
            }
        }
        return null;
    }

    private static Calibration? CalibrationFor(KittiCalibration? calibration, ImportFile file, string path)
    {
        if (calibration is null)
        {
            return null;
        }
        var modality = UploadScreening.GuessFromName(path);
        if (modality == Modality.PointCloud)
        {
            return KittiCalibration.Lidar;
        }
        if (modality != Modality.Image)
        {
            return null;
        }
        try
        {
            var info = ImageProcessor.Inspect(path);
            var camera = file.Sensor.StartsWith("image_", StringComparison.Ordinal)
                && int.TryParse(file.Sensor.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 3 ? n : 2;
            return calibration.Camera(camera, info.Width, info.Height);
        }
        catch (MediaFormatException)
        {
            // An unreadable image gets no calibration; its processing will say what is wrong with it.
            return null;
        }
    }
}
