using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Api.Projects;

/// <summary>A project with what a pipeline needs to write valid annotations: its ontology and its validation policy.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Name">Project name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Roles">The caller's roles in the project.</param>
/// <param name="RulesVersion">Bumped on every ontology or policy change; send it back when changing the policy.</param>
/// <param name="Policy">The validation policy (thresholds of the four rule families).</param>
/// <param name="Settings">Overlap, QA sample rate and error-rate targets.</param>
/// <param name="Ontology">Classes (with parents, synonyms, forms), disjoint pairs, attributes and colour terms — the interchange format's ontology.</param>
/// <param name="Batches">The project's batches, newest iteration first.</param>
public sealed record ProjectView(
    Guid Id, string Name, string Description, IReadOnlyList<ProjectRole> Roles, int RulesVersion, ValidationPolicy Policy,
    ProjectSettings Settings, OntologyDefinition Ontology, IReadOnlyList<BatchView> Batches);

/// <summary>One batch (iteration of the quality loop).</summary>
public sealed record BatchView(Guid Id, string Name, int Iteration, double? SyncErrorRate, int ItemCount);

/// <summary>One row of a project's item list.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Name">Item name.</param>
/// <param name="BatchId">The batch it belongs to.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="Modalities">Modalities of its assets.</param>
/// <param name="Annotations">Number of annotations (main set).</param>
/// <param name="Entities">Number of entities.</param>
/// <param name="OpenErrors">Open error findings.</param>
/// <param name="OpenWarnings">Open warning findings.</param>
/// <param name="SyncErrorRate">Units with an open error / units in scope; null before the first validation.</param>
/// <param name="ValidatedAt">When it was last validated.</param>
public sealed record ItemRowView(
    Guid Id, string Name, Guid BatchId, ItemStatus Status, IReadOnlyList<Modality> Modalities, int Annotations, int Entities,
    int OpenErrors, int OpenWarnings, double? SyncErrorRate, DateTimeOffset? ValidatedAt);

/// <summary>A page of items: <see cref="Total"/> counts all of them.</summary>
public sealed record ItemPage(int Total, int Skip, int Take, IReadOnlyList<ItemRowView> Items);

/// <summary>A project's rules: what <c>PUT /projects/{id}/policy</c> replaces, and what a conflict reports.</summary>
public sealed record PolicyView(int RulesVersion, ValidationPolicy Policy);

/// <summary>A project's ontology with its rules version: what <c>PUT /projects/{id}/ontology</c> replaces, and what a conflict reports.</summary>
public sealed record OntologyView(int RulesVersion, OntologyDefinition Ontology);

/// <summary>Read models of the project endpoints; each answers null for a project the caller is not a member of.</summary>
public sealed class ProjectReads(IDbContextFactory<AppDbContext> factory)
{
    public async Task<ProjectView?> DetailAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        var project = roles.Count == 0 ? null : await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return null;
        }
        var ontology = await SnapshotLoader.LoadOntologyAsync(db, projectId, ct);
        ontology = ontology with { Classes = [.. ontology.Classes.OrderBy(c => c.Name, StringComparer.Ordinal)] };
        var batches = await db.Batches.AsNoTracking().Where(b => b.ProjectId == projectId)
            .OrderByDescending(b => b.Iteration).ThenBy(b => b.Name)
            .Select(b => new BatchView(b.Id, b.Name, b.Iteration, b.SyncErrorRate, db.Items.Count(i => i.BatchId == b.Id)))
            .ToListAsync(ct);
        return new ProjectView(project.Id, project.Name, project.Description, [.. roles.Order()], project.RulesVersion, project.Policy,
            project.Settings, ontology, batches);
    }

    public async Task<PolicyView?> PolicyAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if ((await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Count == 0)
        {
            return null;
        }
        return await db.Projects.AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new PolicyView(p.RulesVersion, p.Policy)).FirstOrDefaultAsync(ct);
    }

    public async Task<OntologyView?> OntologyAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if ((await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Count == 0)
        {
            return null;
        }
        var version = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => (int?)p.RulesVersion).FirstOrDefaultAsync(ct);
        return version is null ? null : new OntologyView(version.Value, await SnapshotLoader.LoadOntologyAsync(db, projectId, ct));
    }

    public async Task<ItemPage?> ItemsAsync(Guid projectId, string userId, int skip, int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if ((await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Count == 0 || !await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return null;
        }
        var items = db.Items.AsNoTracking().Where(i => i.ProjectId == projectId);
        var total = await items.CountAsync(ct);
        var rows = await items.OrderBy(i => i.Name).ThenBy(i => i.Id).Skip(skip).Take(take)
            .Select(i => new
            {
                i.Id, i.Name, i.BatchId, i.Status, i.SyncErrorRate, i.ValidatedAt,
                Modalities = db.Assets.Where(a => a.ItemId == i.Id).OrderBy(a => a.SortOrder).Select(a => a.Modality).ToList(),
                Annotations = db.Annotations.Count(a => a.ItemId == i.Id && a.AssignmentId == null),
                Entities = db.Entities.Count(e => e.ItemId == i.Id && e.AssignmentId == null),
                Errors = db.Findings.Count(f => f.ItemId == i.Id && f.Status == FindingStatus.Open && f.Severity == Severity.Error),
                Warnings = db.Findings.Count(f => f.ItemId == i.Id && f.Status == FindingStatus.Open && f.Severity == Severity.Warning),
            })
            .ToListAsync(ct);
        return new ItemPage(total, skip, take,
            [.. rows.Select(r => new ItemRowView(r.Id, r.Name, r.BatchId, r.Status, [.. r.Modalities.Distinct()], r.Annotations, r.Entities,
                r.Errors, r.Warnings, r.SyncErrorRate, r.ValidatedAt))]);
    }
}
