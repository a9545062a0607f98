using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Api.Items;

/// <summary>An asset with what is needed to place annotations on it: time base, calibration, size, text.</summary>
/// <param name="Id">Asset id (annotations name it as <c>assetId</c>).</param>
/// <param name="Modality">image, video, audio, text or pointCloud.</param>
/// <param name="Sensor">Sensor or channel name, unique within the item.</param>
/// <param name="ContentType">MIME type of the media file, if any.</param>
/// <param name="TimeBase">How the asset's media time maps onto the item's shared timeline (interchange-format JSON).</param>
/// <param name="Calibration">Sensor→common 4x4 (row-major) and camera intrinsics, for cameras and LiDARs.</param>
/// <param name="Width">Pixels (images, video).</param>
/// <param name="Height">Pixels (images, video).</param>
/// <param name="Duration">Seconds (video, audio).</param>
/// <param name="Text">The text of a text asset (spans index into it).</param>
/// <param name="SizeBytes">Size of the media file.</param>
/// <param name="Status">Media pipeline state.</param>
/// <param name="FailureReason">Why media processing failed, if it did.</param>
/// <param name="ContentUrl">Where to download the media (HTTP ranges supported).</param>
public sealed record AssetDetail(
    Guid Id, Modality Modality, string Sensor, string? ContentType, TimeBase TimeBase, Calibration? Calibration, int? Width, int? Height,
    double? Duration, string? Text, long SizeBytes, AssetStatus Status, string? FailureReason, string ContentUrl);

/// <summary>Counts of open findings by severity.</summary>
public sealed record FindingCounts(int Errors, int Warnings, int Infos)
{
    internal static FindingCounts Of(IEnumerable<FindingRecord> findings)
    {
        var open = findings.Where(f => f.Status == FindingStatus.Open).ToList();
        return new(open.Count(f => f.Severity == Severity.Error), open.Count(f => f.Severity == Severity.Warning), open.Count(f => f.Severity == Severity.Info));
    }
}

/// <summary>An item with its assets, annotations and entities.</summary>
/// <param name="Id">Item id.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="ProjectName">Its project's name.</param>
/// <param name="Name">Item name.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="Version">The item's workflow version: send it with the review steps (<c>POST /items/{id}/submit</c>, <c>/review/…</c>) and finding decisions.</param>
/// <param name="SyncErrorRate">Units with an open error / units in scope; null before the first validation.</param>
/// <param name="Roles">The caller's roles in the project.</param>
/// <param name="Assets">Assets in display order.</param>
/// <param name="Annotations">Annotations of the main set (label by name, geometry in interchange-format JSON, version for writes).</param>
/// <param name="Entities">Entities with their mentions (annotation ids) and version for linking.</param>
/// <param name="OpenFindings">Open findings by severity (details at <c>GET /items/{id}/findings</c>).</param>
public sealed record ItemDetailView(
    Guid Id, Guid ProjectId, string ProjectName, string Name, ItemStatus Status, int Version, double? SyncErrorRate, IReadOnlyList<ProjectRole> Roles,
    IReadOnlyList<AssetDetail> Assets, IReadOnlyList<AnnotationView> Annotations, IReadOnlyList<EntityView> Entities, FindingCounts OpenFindings);

/// <summary>A stored validation finding.</summary>
/// <param name="Id">Finding id.</param>
/// <param name="Type">temporal, semantic, missingReference or granularity.</param>
/// <param name="RuleCode">The rule that produced it (e.g. SEM-001).</param>
/// <param name="Severity">info, warning or error.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="SuggestedFix">What would fix it, if the rule knows.</param>
/// <param name="Time">Where on the shared timeline, if anywhere.</param>
/// <param name="EntityId">The entity concerned, if any.</param>
/// <param name="AnnotationIds">The annotations involved.</param>
/// <param name="Status">open, fixed or waived.</param>
/// <param name="Confirmed">A reviewer confirmed it must be fixed.</param>
/// <param name="WaiverReason">Why it was waived.</param>
/// <param name="FirstSeenAt">When it was first produced.</param>
/// <param name="LastSeenAt">When it was last produced.</param>
/// <param name="FixedAt">When it stopped being produced.</param>
public sealed record FindingView(
    Guid Id, FindingType Type, string RuleCode, Severity Severity, string Message, string? SuggestedFix, double? Time, Guid? EntityId,
    IReadOnlyList<Guid> AnnotationIds, FindingStatus Status, bool Confirmed, string? WaiverReason, DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt, DateTimeOffset? FixedAt)
{
    internal static FindingView From(FindingRecord f) => new(
        f.Id, f.Type, f.RuleCode, f.Severity, f.Message, f.SuggestedFix, f.Time, f.EntityId, f.AnnotationIds, f.Status, f.Confirmed,
        f.WaiverReason, f.FirstSeenAt, f.LastSeenAt, f.FixedAt);
}

/// <summary>Read models of the item endpoints; null for an item the caller cannot see (missing or another project's).</summary>
public sealed class ItemReads(IDbContextFactory<AppDbContext> factory, ItemQueries items)
{
    public async Task<ItemDetailView?> DetailAsync(Guid itemId, string userId, CancellationToken ct)
    {
        var detail = await items.DetailAsync(itemId, userId, ct);
        if (detail is null)
        {
            return null;
        }
        // The page's asset view has no calibration; the API's does (pipelines project cuboids with it).
        await using var db = await factory.CreateDbContextAsync(ct);
        var calibrations = await db.Assets.AsNoTracking().Where(a => a.ItemId == itemId).Select(a => new { a.Id, a.Calibration }).ToDictionaryAsync(a => a.Id, a => a.Calibration, ct);
        var version = await db.Items.AsNoTracking().Where(i => i.Id == itemId).Select(i => i.Version).FirstAsync(ct);
        return new ItemDetailView(
            detail.Id, detail.ProjectId, detail.ProjectName, detail.Name, detail.Status, version, detail.SyncErrorRate, [.. detail.Roles.Order()],
            [.. detail.Assets.Select(a => new AssetDetail(a.Id, a.Modality, a.Sensor, a.ContentType, a.TimeBase, calibrations.GetValueOrDefault(a.Id),
                a.Width, a.Height, a.Duration, a.Text, a.SizeBytes, a.Status, a.FailureReason, $"/api/v1/assets/{a.Id}/content"))],
            [.. detail.Annotations.Select(a => a.Annotation)],
            [.. detail.Entities.Select(e => new EntityView(e.Id, detail.Id, e.Name, [.. e.Mentions.Select(m => m.Annotation.Id).Order()], e.Version))],
            FindingCounts.Of(detail.Findings));
    }

    public async Task<IReadOnlyList<FindingView>?> FindingsAsync(Guid itemId, FindingStatus? status, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var projectId = await db.Items.Where(i => i.Id == itemId).Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct);
        if (projectId is not { } p || (await ProjectAccess.RolesAsync(db, userId, p, ct)).Count == 0)
        {
            return null;
        }
        var findings = await db.Findings.AsNoTracking().Where(f => f.ItemId == itemId && (status == null || f.Status == status)).ToListAsync(ct);
        return [.. findings.OrderBy(f => f.Status).ThenByDescending(f => f.Severity).ThenBy(f => f.Type).ThenBy(f => f.RuleCode).ThenBy(f => f.Key, StringComparer.Ordinal).Select(FindingView.From)];
    }
}
