using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Api.Annotations;

/// <summary>Single annotations and entities (what a <c>Location</c> header points at); null when the caller cannot see them.</summary>
public sealed class AnnotationReads(IDbContextFactory<AppDbContext> factory)
{
    public async Task<AnnotationView?> AnnotationAsync(Guid id, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Annotations.AsNoTracking().Where(a => a.Id == id)
            .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => new { Annotation = a, i.ProjectId })
            .Join(db.OntologyClasses, x => x.Annotation.ClassId, c => c.Id, (x, c) => new { x.Annotation, x.ProjectId, Label = c.Name })
            .FirstOrDefaultAsync(ct);
        // Another set's annotation is as invisible as another project's: overlap work stays blind both ways.
        return row is null || (await ProjectAccess.RolesAsync(db, userId, row.ProjectId, ct)).Count == 0
            || row.Annotation.AssignmentId != await AnnotationSet.OfAsync(db, row.Annotation.ItemId, userId, ct)
            ? null
            : AnnotationView.From(row.Annotation, row.Label);
    }

    public async Task<EntityView?> EntityAsync(Guid id, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Entities.AsNoTracking().Where(e => e.Id == id)
            .Join(db.Items, e => e.ItemId, i => i.Id, (e, i) => new { Entity = e, i.ProjectId })
            .FirstOrDefaultAsync(ct);
        if (row is null || (await ProjectAccess.RolesAsync(db, userId, row.ProjectId, ct)).Count == 0
            || row.Entity.AssignmentId != await AnnotationSet.OfAsync(db, row.Entity.ItemId, userId, ct))
        {
            return null;
        }
        var mentions = await db.Annotations.AsNoTracking().Where(a => a.EntityId == id).Select(a => a.Id).ToListAsync(ct);
        return new EntityView(row.Entity.Id, row.Entity.ItemId, row.Entity.Name, [.. mentions.Order()], row.Entity.Version);
    }
}
