using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Projects;

/// <summary>Read models for the project pages; every query checks membership first and returns null when denied.</summary>
public sealed class ProjectQueries(IDbContextFactory<AppDbContext> factory)
{
    public sealed record ItemRow(Guid Id, string Name, ItemStatus Status, IReadOnlyList<Modality> Modalities, int Annotations, int Entities, int OpenErrors, int OpenWarnings, double? SyncErrorRate,
        IReadOnlyList<AssigneeRow> Assignees);

    /// <summary>An annotator of an item: the primary one first, then blind overlap annotators.</summary>
    public sealed record AssigneeRow(string UserId, string Name, bool IsOverlap);

    public sealed record BatchRows(Guid Id, string Name, int Iteration, double? SyncErrorRate, IReadOnlyList<ItemRow> Items);

    public sealed record ProjectDetail(Guid Id, string Name, string Description, IReadOnlySet<ProjectRole> Roles, IReadOnlyList<BatchRows> Batches, int Classes);

    public async Task<ProjectDetail?> DetailAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || roles.Count == 0)
        {
            return null;
        }
        var batches = await db.Batches.AsNoTracking().Where(b => b.ProjectId == projectId).OrderByDescending(b => b.Iteration).ThenBy(b => b.Name).ToListAsync(ct);
        var items = await db.Items.AsNoTracking().Where(i => i.ProjectId == projectId).OrderBy(i => i.Name)
            .Select(i => new
            {
                i.Id, i.BatchId, i.Name, i.Status, i.SyncErrorRate,
                Modalities = db.Assets.Where(a => a.ItemId == i.Id).OrderBy(a => a.SortOrder).Select(a => a.Modality).ToList(),
                Annotations = db.Annotations.Count(a => a.ItemId == i.Id && a.AssignmentId == null),
                Entities = db.Entities.Count(e => e.ItemId == i.Id && e.AssignmentId == null),
                Errors = db.Findings.Count(f => f.ItemId == i.Id && f.Status == FindingStatus.Open && f.Severity == Severity.Error),
                Warnings = db.Findings.Count(f => f.ItemId == i.Id && f.Status == FindingStatus.Open && f.Severity == Severity.Warning),
            })
            .ToListAsync(ct);
        var assignees = await db.ItemAssignments.AsNoTracking()
            .Where(a => db.Items.Any(i => i.Id == a.ItemId && i.ProjectId == projectId))
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.ItemId, a.UserId, Name = u.DisplayName != "" ? u.DisplayName : u.Email!, a.IsOverlap })
            .ToListAsync(ct);
        var classes = await db.OntologyClasses.CountAsync(c => c.ProjectId == projectId, ct);
        return new ProjectDetail(project.Id, project.Name, project.Description, roles,
            [.. batches.Select(b =>
            {
                var rows = items.Where(i => i.BatchId == b.Id)
                    .Select(i => new ItemRow(i.Id, i.Name, i.Status, [.. i.Modalities.Distinct()], i.Annotations, i.Entities, i.Errors, i.Warnings, i.SyncErrorRate,
                        [.. assignees.Where(a => a.ItemId == i.Id).OrderBy(a => a.IsOverlap).ThenBy(a => a.Name, StringComparer.Ordinal)
                            .Select(a => new AssigneeRow(a.UserId, a.Name, a.IsOverlap))]))
                    .ToList();
                return new BatchRows(b.Id, b.Name, b.Iteration, b.SyncErrorRate, rows);
            })],
            classes);
    }
}
