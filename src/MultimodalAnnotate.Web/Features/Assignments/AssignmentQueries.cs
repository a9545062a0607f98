using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>Who items can be given to: the annotators of a project.</summary>
public sealed class AssignmentQueries(IDbContextFactory<AppDbContext> factory)
{
    public sealed record AnnotatorOption(string UserId, string Name);

    /// <summary>The project's annotators by name, or null when the caller may not assign there (not a project admin).</summary>
    public async Task<IReadOnlyList<AnnotatorOption>?> AnnotatorsAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!(await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Contains(ProjectRole.Admin))
        {
            return null;
        }
        var annotators = await db.ProjectMembers.AsNoTracking()
            .Where(m => m.ProjectId == projectId && m.Role == ProjectRole.Annotator)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(ct);
        return [.. annotators.Select(a => new AnnotatorOption(a.Id, AssignmentRules.Name(a.DisplayName, a.Email)))
            .OrderBy(a => a.Name, StringComparer.Ordinal)];
    }
}
