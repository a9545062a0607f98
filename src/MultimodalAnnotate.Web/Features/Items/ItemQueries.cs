using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Items;

/// <summary>Everything an item page shows, for members of the item's project (null otherwise).</summary>
public sealed class ItemQueries(IDbContextFactory<AppDbContext> factory)
{
    public sealed record AssetView(Guid Id, Modality Modality, string Sensor, string? ContentType, TimeBase TimeBase, int? Width, int? Height, double? Duration, string? Text, long SizeBytes, AssetStatus Status, string? FailureReason);

    public sealed record LabelledAnnotation(AnnotationView Annotation, string Colour, Modality Modality, string Sensor);

    public sealed record EntityRow(Guid Id, string Name, int Version, IReadOnlyList<LabelledAnnotation> Mentions);

    public sealed record ItemDetail(
        Guid Id, Guid ProjectId, string ProjectName, string Name, ItemStatus Status, double? SyncErrorRate, IReadOnlySet<ProjectRole> Roles,
        IReadOnlyList<AssetView> Assets, IReadOnlyList<LabelledAnnotation> Annotations, IReadOnlyList<EntityRow> Entities, IReadOnlyList<FindingRecord> Findings,
        IReadOnlyList<Modality> ItemModalities);

    /// <summary>
    /// The item as the caller works on it: a blind overlap annotator sees only their own set (and no findings, which
    /// describe the main set); everyone else sees the main set.
    /// </summary>
    public Task<ItemDetail?> DetailAsync(Guid itemId, string userId, CancellationToken ct) => LoadAsync(itemId, userId, callersSet: true, ct);

    /// <summary>The item with its main set whoever asks (the review page reviews the main set).</summary>
    public Task<ItemDetail?> MainSetDetailAsync(Guid itemId, string userId, CancellationToken ct) => LoadAsync(itemId, userId, callersSet: false, ct);

    private async Task<ItemDetail?> LoadAsync(Guid itemId, string userId, bool callersSet, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null)
        {
            return null;
        }
        var roles = await ProjectAccess.RolesAsync(db, userId, item.ProjectId, ct);
        if (roles.Count == 0)
        {
            return null;
        }
        var set = callersSet ? await AnnotationSet.OfAsync(db, itemId, userId, ct) : null;
        var projectName = await db.Projects.Where(p => p.Id == item.ProjectId).Select(p => p.Name).FirstAsync(ct);
        var assets = await db.Assets.AsNoTracking().Where(a => a.ItemId == itemId).OrderBy(a => a.SortOrder).ToListAsync(ct);
        var assetById = assets.ToDictionary(a => a.Id);
        var rows = await db.Annotations.AsNoTracking().Where(a => a.ItemId == itemId && a.AssignmentId == set)
            .Join(db.OntologyClasses, a => a.ClassId, c => c.Id, (a, c) => new { a, c.Name, c.Colour })
            .ToListAsync(ct);
        var annotations = rows
            .Select(r => new LabelledAnnotation(AnnotationView.From(r.a, r.Name), r.Colour, assetById[r.a.AssetId].Modality, assetById[r.a.AssetId].Sensor))
            .OrderBy(a => assets.IndexOf(assetById[a.Annotation.AssetId])).ThenBy(a => a.Annotation.TimeStart).ThenBy(a => a.Annotation.Label)
            .ToList();
        var entities = await db.Entities.AsNoTracking().Where(e => e.ItemId == itemId && e.AssignmentId == set).OrderBy(e => e.CreatedAt).ThenBy(e => e.Name).ToListAsync(ct);
        var findings = set is null ? await db.Findings.AsNoTracking().Where(f => f.ItemId == itemId).ToListAsync(ct) : [];
        return new ItemDetail(
            item.Id, item.ProjectId, projectName, item.Name, item.Status, item.SyncErrorRate, roles,
            [.. assets.Select(a => new AssetView(a.Id, a.Modality, a.Sensor, a.ContentType, a.TimeBase, a.Width, a.Height, a.Duration, a.TextContent, a.SizeBytes, a.Status, a.FailureReason))],
            annotations,
            [.. entities.Select(e => new EntityRow(e.Id, e.Name, e.Version, [.. annotations.Where(a => a.Annotation.EntityId == e.Id)]))],
            [.. findings.OrderBy(f => f.Status).ThenByDescending(f => f.Severity).ThenBy(f => f.Type).ThenBy(f => f.RuleCode)],
            [.. assets.Select(a => a.Modality).Distinct()]);
    }
}
