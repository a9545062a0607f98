using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Admin;

/// <summary>A guideline section a rule cites, in the latest guideline version.</summary>
public sealed record GuidelineCitation(string Anchor, string Title, int Version, bool Exists);

/// <summary>The project's guidelines for every member, and the sections the policy's rules cite.</summary>
public sealed class GuidelineQueries(IDbContextFactory<AppDbContext> factory)
{
    public sealed record GuidelineVersion(int Version, string Markdown, DateTimeOffset CreatedAt);

    public sealed record GuidelinesView(Guid ProjectId, string ProjectName, IReadOnlyList<GuidelineVersion> Versions, IReadOnlyDictionary<string, GuidelineCitation> Citations);

    /// <summary>Versions newest first and rule → cited section, or null when the caller is not a member.</summary>
    public async Task<GuidelinesView?> ViewAsync(Guid projectId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if ((await ProjectAccess.RolesAsync(db, userId, projectId, ct)).Count == 0)
        {
            return null;
        }
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.Name, p.Policy }).FirstOrDefaultAsync(ct);
        if (project is null)
        {
            return null;
        }
        var versions = await db.Guidelines.AsNoTracking().Where(g => g.ProjectId == projectId).OrderByDescending(g => g.Version)
            .Select(g => new GuidelineVersion(g.Version, g.Markdown, g.CreatedAt)).ToListAsync(ct);
        return new GuidelinesView(projectId, project.Name, versions, Cite(project.Policy.GuidelineSections, versions.FirstOrDefault()));
    }

    /// <summary>Rule → citation in the given (latest) version; a cited anchor missing from it is kept, marked as missing.</summary>
    public static IReadOnlyDictionary<string, GuidelineCitation> Cite(IReadOnlyDictionary<string, string> sections, GuidelineVersion? latest)
    {
        var titles = latest is null ? new Dictionary<string, string>() : GuidelineText.Sections(latest.Markdown);
        return sections.ToDictionary(
            s => s.Key,
            s => new GuidelineCitation(s.Value, titles.GetValueOrDefault(s.Value) ?? s.Value, latest?.Version ?? 0, titles.ContainsKey(s.Value)),
            StringComparer.Ordinal);
    }
}
