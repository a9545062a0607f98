using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Agreement;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.Web.Features.Dashboard;

/// <summary>
/// Inter-annotator agreement over the project's items with overlap assignments: the primary annotator's set (the
/// item's main annotations) against each overlap annotator's blind set, pooled over the items (and iteration, when
/// given) into one <see cref="AgreementReport"/> (docs/quality-metrics.md). An annotator counts as assigned to every
/// asset of the items they were given, so an asset they left empty is "nothing there", not missing data.
/// </summary>
public sealed class AgreementQueries(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>The report and what it was computed over; <see cref="Problem"/> says why there is none.</summary>
    public sealed record AgreementView(int Items, int Annotators, AgreementReport? Report, string? Problem);

    /// <summary>The agreement of a project's overlap work, or null when the caller is not a QA lead or admin there.</summary>
    public async Task<AgreementView?> ReportAsync(Guid projectId, string userId, int? iteration, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!(await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Overlaps(ReviewWorkflow.QaLeads))
        {
            return null;
        }
        var policy = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Policy).FirstAsync(ct);
        var itemIds = await db.Items.AsNoTracking()
            .Where(i => i.ProjectId == projectId && db.ItemAssignments.Any(a => a.ItemId == i.Id && a.IsOverlap))
            .Where(i => iteration == null || db.Batches.Any(b => b.Id == i.BatchId && b.Iteration == iteration))
            .Select(i => i.Id)
            .ToListAsync(ct);
        if (itemIds.Count == 0)
        {
            return new AgreementView(0, 0, null, "No item has overlap assignments yet: give some items to a second annotator (blind) to measure agreement.");
        }
        var assignments = await db.ItemAssignments.AsNoTracking().Where(a => itemIds.Contains(a.ItemId))
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.Id, a.ItemId, a.UserId, a.IsOverlap, Name = u.DisplayName != "" ? u.DisplayName : u.Email! })
            .ToListAsync(ct);
        var assets = await db.Assets.AsNoTracking().Where(a => itemIds.Contains(a.ItemId)).OrderBy(a => a.ItemId).ThenBy(a => a.SortOrder).ToListAsync(ct);
        var annotations = await db.Annotations.AsNoTracking().Where(a => itemIds.Contains(a.ItemId))
            .Join(db.OntologyClasses, a => a.ClassId, c => c.Id, (a, c) => new { Annotation = a, Label = c.Name })
            .ToListAsync(ct);

        // Names must be unique in the report: two people with one display name are told apart by their id.
        var names = assignments.GroupBy(a => a.UserId).Select(g => (UserId: g.Key, g.First().Name)).ToList();
        var nameOf = names.ToDictionary(n => n.UserId,
            n => names.Count(m => string.Equals(m.Name, n.Name, StringComparison.Ordinal)) > 1 ? $"{n.Name} ({n.UserId[..8]})" : n.Name);
        var assetsOfItem = assets.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToList());
        var work = assignments.GroupBy(a => a.UserId).Select(g =>
        {
            var mine = g.ToList();
            var assignmentIds = mine.Where(a => a.IsOverlap).Select(a => a.Id).ToHashSet();
            var primaryItems = mine.Where(a => !a.IsOverlap).Select(a => a.ItemId).ToHashSet();
            var snapshots = annotations
                .Where(a => a.Annotation.AssignmentId is { } id ? assignmentIds.Contains(id) : primaryItems.Contains(a.Annotation.ItemId))
                .Select(a => new AnnotationSnapshot(a.Annotation.Id, a.Annotation.AssetId, StringPool.Share(a.Label), AttributeDictionary.From(a.Annotation.Attributes), a.Annotation.Geometry, g.Key))
                .ToList();
            var assigned = mine.SelectMany(a => assetsOfItem.GetValueOrDefault(a.ItemId) ?? []).ToHashSet();
            return new AnnotatorWork(nameOf[g.Key], snapshots, assigned);
        }).OrderBy(w => w.Annotator, StringComparer.Ordinal).ToList();
        if (work.Count < 2)
        {
            return new AgreementView(itemIds.Count, work.Count, null, "Agreement needs at least two annotators on the same items.");
        }
        var report = AgreementReport.Compute([.. assets.Select(AnnotationDerivation.ToSnapshot)], work, AgreementOptions.FromPolicy(policy));
        return new AgreementView(itemIds.Count, work.Count, report, null);
    }
}
