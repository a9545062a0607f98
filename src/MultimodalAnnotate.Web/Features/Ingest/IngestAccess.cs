using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>The answer to "may this user add media here?"</summary>
public enum IngestPermission
{
    /// <summary>The target does not exist, or the user is not a member of its project: both look the same from outside.</summary>
    NotFound,

    /// <summary>A member whose roles do not allow it (e.g. a QA lead uploading).</summary>
    Forbidden,
    Allowed,
}

/// <summary>Who may ingest: writers (<see cref="ProjectAccess.Writers"/>) add items and media; project admins import folders.</summary>
public static class IngestAccess
{
    public static readonly IReadOnlySet<ProjectRole> Importers = new HashSet<ProjectRole> { ProjectRole.Admin };

    public static async Task<(IngestPermission Permission, Guid ProjectId)> ForItemAsync(AppDbContext db, string userId, Guid itemId, CancellationToken ct)
    {
        var projectId = await db.Items.Where(i => i.Id == itemId).Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct);
        return projectId is null ? (IngestPermission.NotFound, Guid.Empty) : (await ForProjectAsync(db, userId, projectId.Value, ProjectAccess.Writers, ct), projectId.Value);
    }

    public static async Task<(IngestPermission Permission, Guid ProjectId)> ForBatchAsync(AppDbContext db, string userId, Guid batchId, CancellationToken ct)
    {
        var projectId = await db.Batches.Where(b => b.Id == batchId).Select(b => (Guid?)b.ProjectId).FirstOrDefaultAsync(ct);
        return projectId is null ? (IngestPermission.NotFound, Guid.Empty) : (await ForProjectAsync(db, userId, projectId.Value, ProjectAccess.Writers, ct), projectId.Value);
    }

    public static async Task<IngestPermission> ForProjectAsync(AppDbContext db, string userId, Guid projectId, IReadOnlySet<ProjectRole> allowed, CancellationToken ct)
    {
        if (!await db.Projects.AnyAsync(p => p.Id == projectId, ct))
        {
            return IngestPermission.NotFound;
        }
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        return roles.Count == 0 ? IngestPermission.NotFound : roles.Overlaps(allowed) ? IngestPermission.Allowed : IngestPermission.Forbidden;
    }

    /// <summary>Parses a modality as the API spells it (<c>pointCloud</c>), case-insensitively; "auto" or empty means "infer".</summary>
    public static bool TryParseModality(string? value, out Modality? modality)
    {
        modality = null;
        var text = value?.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(text) || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (Enum.TryParse<Modality>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(text[0]))
        {
            modality = parsed;
            return true;
        }
        return false;
    }
}
