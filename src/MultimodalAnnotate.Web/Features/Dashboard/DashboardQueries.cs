using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.Web.Features.Dashboard;

/// <summary>How a dashboard request ended: the facts, or why not.</summary>
public enum DashboardAccess
{
    Allowed,
    NotFound,
    Forbidden,
}

/// <summary>Reads the dashboard's facts for QA leads and admins of a project (one query per table, no N+1).</summary>
public sealed class DashboardQueries(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>A project a user may open the dashboard of, with its latest iteration's rate.</summary>
    public sealed record DashboardProject(Guid ProjectId, string Name, int Items, double? LatestRate, int? LatestIteration);

    public async Task<(DashboardAccess Access, DashboardFacts? Facts)> LoadAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.Id, p.Name, p.Settings }).FirstOrDefaultAsync(ct);
        var roles = project is null ? new HashSet<ProjectRole>() : await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        if (project is null || roles.Count == 0)
        {
            return (DashboardAccess.NotFound, null);
        }
        if (!roles.Overlaps(ReviewWorkflow.QaLeads))
        {
            return (DashboardAccess.Forbidden, null);
        }

        var batches = await db.Batches.AsNoTracking().Where(b => b.ProjectId == projectId)
            .Select(b => new BatchFact(b.Id, b.Name, b.Iteration, b.CreatedAt)).ToListAsync(ct);
        var batchById = batches.ToDictionary(b => b.BatchId);
        var items = await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId)
            .Select(i => new { i.Id, i.Name, i.BatchId, i.Status, i.UnitsInScope, i.UnitsWithError, i.SyncErrorRate })
            .ToListAsync(ct);
        var annotators = await db.ItemAssignments.AsNoTracking()
            .Where(a => !a.IsOverlap && db.Items.Any(i => i.Id == a.ItemId && i.ProjectId == projectId))
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.ItemId, u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email! })
            .ToListAsync(ct);
        var annotatorOf = annotators.GroupBy(a => a.ItemId).ToDictionary(g => g.Key, g => g.First());
        var itemFacts = items.Select(i =>
        {
            var batch = batchById[i.BatchId];
            var annotator = annotatorOf.GetValueOrDefault(i.Id);
            return new ItemFact(i.Id, i.Name, i.BatchId, batch.Name, batch.Iteration, i.Status, annotator?.Id, annotator?.Name ?? "(unassigned)",
                i.UnitsInScope, i.UnitsWithError, i.SyncErrorRate);
        }).ToList();
        var itemById = itemFacts.ToDictionary(i => i.ItemId);

        var findings = await db.Findings.AsNoTracking()
            .Where(f => db.Items.Any(i => i.Id == f.ItemId && i.ProjectId == projectId))
            .ToListAsync(ct);
        var modalities = await db.Annotations.AsNoTracking()
            .Where(a => db.Items.Any(i => i.Id == a.ItemId && i.ProjectId == projectId))
            .Join(db.Assets, a => a.AssetId, s => s.Id, (a, s) => new { a.Id, s.Modality })
            .ToDictionaryAsync(a => a.Id, a => a.Modality, ct);
        var findingFacts = findings.Select(f =>
        {
            var item = itemById[f.ItemId];
            return new FindingFact(f.Id, f.ItemId, item.ItemName, item.BatchId, item.BatchName, item.Iteration, item.Annotator,
                f.Type, f.RuleCode, f.Severity, f.Status, f.Confirmed, PairOf(f.AnnotationIds, modalities), f.Message, f.WaiverReason);
        }).ToList();
        return (DashboardAccess.Allowed, new DashboardFacts(project.Id, project.Name, project.Settings.ErrorRateTargets, project.Settings.QaSampleRate,
            batches, itemFacts, findingFacts));
    }

    /// <summary>Projects whose dashboard the user may open (QA lead or admin there), with the latest iteration's rate.</summary>
    public async Task<IReadOnlyList<DashboardProject>> ProjectsAsync(string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var isSiteAdmin = await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct);
        var roles = ReviewWorkflow.QaLeads.ToList();
        var projects = await db.Projects.AsNoTracking()
            .Where(p => isSiteAdmin || db.ProjectMembers.Any(m => m.ProjectId == p.Id && m.UserId == userId && roles.Contains(m.Role)))
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name })
            .ToListAsync(ct);
        var ids = projects.Select(p => p.Id).ToList();
        var totals = await db.Items.AsNoTracking().Where(i => ids.Contains(i.ProjectId))
            .Join(db.Batches, i => i.BatchId, b => b.Id, (i, b) => new { i.ProjectId, b.Iteration, i.UnitsInScope, i.UnitsWithError })
            .GroupBy(x => new { x.ProjectId, x.Iteration })
            .Select(g => new { g.Key.ProjectId, g.Key.Iteration, Items = g.Count(), Units = g.Sum(x => x.UnitsInScope), Errors = g.Sum(x => x.UnitsWithError) })
            .ToListAsync(ct);
        return [.. projects.Select(p =>
        {
            var rows = totals.Where(t => t.ProjectId == p.Id).OrderBy(t => t.Iteration).ToList();
            var latest = rows.LastOrDefault();
            return new DashboardProject(p.Id, p.Name, rows.Sum(r => r.Items),
                latest is null || latest.Units == 0 ? null : (double)latest.Errors / latest.Units, latest?.Iteration);
        })];
    }

    /// <summary>"Image ↔ Text" from the involved annotations' modalities (in the enum's order); "unknown" when they are gone.</summary>
    public static string PairOf(IEnumerable<Guid> annotationIds, IReadOnlyDictionary<Guid, Modality> modalities)
    {
        var found = annotationIds.Where(modalities.ContainsKey).Select(id => modalities[id]).Distinct().Order().ToList();
        return found.Count == 0 ? "unknown" : string.Join(" ↔ ", found);
    }
}
