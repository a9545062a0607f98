using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>Reads what the workspace needs: the item (through <see cref="ItemQueries"/>), the ontology and the next assigned item.</summary>
public sealed class WorkspaceQueries(IDbContextFactory<AppDbContext> factory, ItemQueries items)
{
    /// <summary>Null when the item does not exist or the user is not a member of its project.</summary>
    public async Task<WorkspaceData?> LoadAsync(Guid itemId, string userId, CancellationToken ct)
    {
        var detail = await items.DetailAsync(itemId, userId, ct);
        if (detail is null)
        {
            return null;
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        var classes = await db.OntologyClasses.AsNoTracking().Where(c => c.ProjectId == detail.ProjectId).OrderBy(c => c.Name).ToListAsync(ct);
        var attributes = await db.AttributeDefinitions.AsNoTracking().Where(a => a.ProjectId == detail.ProjectId).OrderBy(a => a.Name).ToListAsync(ct);
        var colours = await db.ColourTerms.AsNoTracking().Where(c => c.ProjectId == detail.ProjectId).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct);
        var next = await NextAssignedItemAsync(db, detail.ProjectId, itemId, userId, ct);
        return new WorkspaceData(
            detail,
            [.. classes.Select(c => new WorkspaceLabel(c.Id, c.Name, c.Colour, c.Hotkey, c.Synonyms))],
            [.. attributes.Select(a => new WorkspaceAttribute(a.Name, a.Kind, a.Values))],
            colours,
            next,
            detail.Roles.Overlaps(ProjectAccess.Writers));
    }

    /// <summary>The item again (annotations, entities, findings), after a save.</summary>
    public Task<ItemQueries.ItemDetail?> ReloadItemAsync(Guid itemId, string userId, CancellationToken ct) => items.DetailAsync(itemId, userId, ct);

    /// <summary>
    /// The item after <paramref name="itemId"/> among those assigned to the user in the same project, in batch and name order,
    /// wrapping around. Items still to be worked on (annotating, returned) come first; null when there is no other.
    /// </summary>
    internal static async Task<Guid?> NextAssignedItemAsync(AppDbContext db, Guid projectId, Guid itemId, string userId, CancellationToken ct)
    {
        var assigned = await db.ItemAssignments.AsNoTracking()
            .Where(a => a.UserId == userId)
            .Join(db.Items.Where(i => i.ProjectId == projectId), a => a.ItemId, i => i.Id, (a, i) => i)
            .Join(db.Batches, i => i.BatchId, b => b.Id, (i, b) => new { i.Id, i.Name, i.Status, b.Iteration, BatchName = b.Name })
            .ToListAsync(ct);
        var ordered = assigned
            .DistinctBy(i => i.Id)
            .OrderBy(i => i.Iteration).ThenBy(i => i.BatchName, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();
        var open = ordered.Where(i => i.Status is ItemStatus.Annotating or ItemStatus.Returned || i.Id == itemId).ToList();
        var candidates = open.Count > 1 ? open : ordered;
        var at = candidates.FindIndex(i => i.Id == itemId);
        if (candidates.Count == 0 || (candidates.Count == 1 && at == 0))
        {
            return null;
        }
        return candidates[(at + 1) % candidates.Count].Id;
    }
}

internal static class WorkspaceRegistration
{
    public static IHostApplicationBuilder AddWorkspace(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<WorkspaceQueries>();
        builder.Services.AddScoped<WorkspaceUseCases>();
        builder.Services.AddScoped<WorkspaceState>();
        builder.Services.AddScoped<WorkspaceEditor>();
        return builder;
    }
}
