using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Projects;

/// <summary>
/// Answers "may this user do this in this project?" from project membership. Site administrators may do
/// everything. Every page and endpoint that touches project data asks here first.
/// </summary>
public sealed class ProjectAccess(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>Roles that may create, edit and link annotations.</summary>
    public static readonly IReadOnlySet<ProjectRole> Writers = new HashSet<ProjectRole> { ProjectRole.Admin, ProjectRole.Annotator, ProjectRole.Reviewer };

    /// <summary>Any member may read.</summary>
    public static readonly IReadOnlySet<ProjectRole> Readers = new HashSet<ProjectRole>(Enum.GetValues<ProjectRole>());

    public async Task<IReadOnlySet<ProjectRole>> RolesAsync(string userId, Guid projectId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await RolesAsync(db, userId, projectId, ct);
    }

    public static async Task<IReadOnlySet<ProjectRole>> RolesAsync(AppDbContext db, string userId, Guid projectId, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct))
        {
            return new HashSet<ProjectRole>(Enum.GetValues<ProjectRole>());
        }
        var roles = await db.ProjectMembers
            .Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => m.Role)
            .ToListAsync(ct);
        return roles.ToHashSet();
    }

    public static async Task<bool> HasAnyAsync(AppDbContext db, string userId, Guid projectId, IReadOnlySet<ProjectRole> allowed, CancellationToken ct) =>
        (await RolesAsync(db, userId, projectId, ct)).Overlaps(allowed);

    /// <summary>The projects this user can see, with the user's roles in each.</summary>
    public async Task<IReadOnlyList<ProjectSummary>> VisibleProjectsAsync(string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var isAdmin = await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct);
        var projects = await db.Projects
            .Where(p => isAdmin || db.ProjectMembers.Any(m => m.ProjectId == p.Id && m.UserId == userId))
            .OrderBy(p => p.Name)
            .Select(p => new
            {
                p.Id,
                p.Name,
                p.Description,
                Items = db.Items.Count(i => i.ProjectId == p.Id),
                Roles = db.ProjectMembers.Where(m => m.ProjectId == p.Id && m.UserId == userId).Select(m => m.Role).ToList(),
            })
            .ToListAsync(ct);
        var modalities = await db.Assets
            .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => new { i.ProjectId, a.Modality })
            .Distinct()
            .ToListAsync(ct);
        return projects.Select(p => new ProjectSummary(
            p.Id, p.Name, p.Description, p.Items,
            isAdmin ? [.. Enum.GetValues<ProjectRole>()] : p.Roles,
            [.. modalities.Where(m => m.ProjectId == p.Id).Select(m => m.Modality).Order()])).ToList();
    }
}

public sealed record ProjectSummary(
    Guid Id,
    string Name,
    string Description,
    int ItemCount,
    IReadOnlyList<ProjectRole> Roles,
    IReadOnlyList<MultimodalAnnotate.Validation.Model.Modality> Modalities);
