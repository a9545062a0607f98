using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>What the project administration page shows, for project admins only (null otherwise).</summary>
public sealed class AdminQueries(IDbContextFactory<AppDbContext> factory)
{
    public sealed record MemberRow(string UserId, string Email, string DisplayName, IReadOnlyList<ProjectRole> Roles);

    public sealed record GuidelineRow(int Version, string Markdown, string Author, DateTimeOffset CreatedAt);

    public sealed record AdminDetail(Guid ProjectId, string ProjectName, IReadOnlyList<MemberRow> Members, IReadOnlyList<GuidelineRow> Guidelines, ValidationPolicy Policy, int RulesVersion,
        OntologyDefinition Ontology);

    public sealed record AdminProject(Guid ProjectId, string Name, int Members, int? GuidelineVersion, int RulesVersion);

    /// <summary>Projects the user administers (site administrators: every project).</summary>
    public async Task<IReadOnlyList<AdminProject>> ProjectsAsync(string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var isSiteAdmin = await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct);
        return await db.Projects.AsNoTracking()
            .Where(p => isSiteAdmin || db.ProjectMembers.Any(m => m.ProjectId == p.Id && m.UserId == userId && m.Role == ProjectRole.Admin))
            .OrderBy(p => p.Name)
            .Select(p => new AdminProject(
                p.Id, p.Name,
                db.ProjectMembers.Where(m => m.ProjectId == p.Id).Select(m => m.UserId).Distinct().Count(),
                db.Guidelines.Where(g => g.ProjectId == p.Id).Max(g => (int?)g.Version),
                p.RulesVersion))
            .ToListAsync(ct);
    }

    public async Task<AdminDetail?> DetailAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!(await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Contains(ProjectRole.Admin))
        {
            return null;
        }
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return null;
        }
        var members = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.DisplayName, m.Role })
            .ToListAsync(ct);
        var guidelines = await db.Guidelines.AsNoTracking().Where(g => g.ProjectId == projectId).OrderByDescending(g => g.Version)
            .Select(g => new { g.Version, g.Markdown, g.AuthorId, g.CreatedAt })
            .ToListAsync(ct);
        var authorIds = guidelines.Select(g => g.AuthorId).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return new AdminDetail(project.Id, project.Name,
            [.. members.GroupBy(m => m.Id).Select(g => new MemberRow(g.Key, g.First().Email ?? "", g.First().DisplayName, [.. g.Select(m => m.Role).Order()]))
                .OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase)],
            [.. guidelines.Select(g => new GuidelineRow(g.Version, g.Markdown, authors.GetValueOrDefault(g.AuthorId) ?? "(removed user)", g.CreatedAt))],
            project.Policy, project.RulesVersion, await MultimodalAnnotate.Web.Features.Validation.SnapshotLoader.LoadOntologyAsync(db, project.Id, ct));
    }
}
