using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>Read models for the media panels: the item's assets with their processing state, and a project's batches.</summary>
public sealed class ItemMediaQueries(IDbContextFactory<AppDbContext> factory)
{
    public sealed record MediaRow(
        Guid Id, string Sensor, Modality Modality, AssetStatus Status, string? FailureReason, string? OriginalFileName, long SizeBytes,
        bool HasThumbnail, int? Width, int? Height, double? Duration, double Progress, string? ProgressMessage);

    public sealed record ItemMedia(bool CanWrite, IReadOnlyList<MediaRow> Assets);

    public sealed record BatchOption(Guid Id, string Name, int Iteration);

    public sealed record ProjectIngest(bool CanWrite, bool CanImport, IReadOnlyList<BatchOption> Batches);

    /// <summary>The item's assets for a member of its project; null otherwise.</summary>
    public async Task<ItemMedia?> ForItemAsync(Guid itemId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var projectId = await db.Items.Where(i => i.Id == itemId).Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct);
        if (projectId is null)
        {
            return null;
        }
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId.Value, ct);
        if (roles.Count == 0)
        {
            return null;
        }
        var assets = await db.Assets.AsNoTracking().Where(a => a.ItemId == itemId).OrderBy(a => a.SortOrder).ToListAsync(ct);
        var ids = assets.Select(a => a.Id).ToList();
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => j.AssetId != null && ids.Contains(j.AssetId.Value) && (j.Status == JobStatus.Running || j.Status == JobStatus.Queued))
            .Select(j => new { j.AssetId, j.Progress, j.ProgressMessage })
            .ToListAsync(ct);
        var rows = new List<MediaRow>(assets.Count);
        foreach (var a in assets)
        {
            var job = jobs.FirstOrDefault(j => j.AssetId == a.Id);
            var hasThumbnail = a.Status == AssetStatus.Ready && AssetMediaInfo.Parse(a.MediaInfoJson).DerivedKey(DerivedRoles.Thumbnail) is not null;
            rows.Add(new MediaRow(
                a.Id, a.Sensor, a.Modality, a.Status, a.FailureReason, a.OriginalFileName, a.SizeBytes,
                hasThumbnail, a.Width, a.Height, a.Duration, job?.Progress ?? 0, job?.ProgressMessage));
        }
        return new ItemMedia(roles.Overlaps(ProjectAccess.Writers), rows);
    }

    /// <summary>What the project page's ingest actions need; null for non-members.</summary>
    public async Task<ProjectIngest?> ForProjectAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        if (roles.Count == 0)
        {
            return null;
        }
        var batches = await db.Batches.AsNoTracking().Where(b => b.ProjectId == projectId)
            .OrderByDescending(b => b.Iteration).ThenBy(b => b.Name)
            .Select(b => new BatchOption(b.Id, b.Name, b.Iteration))
            .ToListAsync(ct);
        return new ProjectIngest(roles.Overlaps(ProjectAccess.Writers), roles.Overlaps(IngestAccess.Importers), batches);
    }
}
