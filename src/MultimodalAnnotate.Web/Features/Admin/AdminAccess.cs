using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>Project administration is for the project's admins (and site administrators); others get not found or forbidden.</summary>
internal static class AdminAccess
{
    /// <summary>Null when allowed, else the failure to return.</summary>
    public static async Task<WriteResult<T>?> CheckAsync<T>(AppDbContext db, Guid projectId, string userId, CancellationToken ct)
    {
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        if (roles.Count == 0 || !await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return WriteResult<T>.NotFound($"project {projectId} does not exist");
        }
        return roles.Contains(ProjectRole.Admin)
            ? null
            : new WriteResult<T>(WriteOutcome.Forbidden, default, new Dictionary<string, string> { ["user"] = "Only an admin of this project can manage its members, guidelines and policy." });
    }
}
