using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Deletes an annotation (and its relations); the history row keeps the full before-state so it can be restored.</summary>
public sealed class DeleteAnnotation(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid AnnotationId, int ExpectedVersion);

    public async Task<WriteResult<AnnotationView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var annotation = await db.Annotations.FirstOrDefaultAsync(a => a.Id == request.AnnotationId, ct);
        if (annotation is null)
        {
            return WriteResult<AnnotationView>.NotFound($"annotation {request.AnnotationId} does not exist");
        }
        var projectId = await db.Items.Where(i => i.Id == annotation.ItemId).Select(i => i.ProjectId).FirstAsync(ct);
        if (!await ProjectAccess.HasAnyAsync(db, userId, projectId, ProjectAccess.Writers, ct))
        {
            return WriteResult<AnnotationView>.Forbidden();
        }
        if (annotation.AssignmentId != await AnnotationSet.OfAsync(db, annotation.ItemId, userId, ct))
        {
            return AnnotationSet.NotYours<AnnotationView>($"annotation {annotation.Id}");
        }
        var label = await db.OntologyClasses.Where(c => c.Id == annotation.ClassId).Select(c => c.Name).FirstAsync(ct);
        var before = AnnotationView.From(annotation, label);
        if (annotation.Version != request.ExpectedVersion)
        {
            return WriteResult<AnnotationView>.Conflict(
                $"the annotation was changed by someone else (you saw version {request.ExpectedVersion}, it is now version {annotation.Version}); it was not deleted",
                before);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var relations = await db.Relations.Where(r => r.FromAnnotationId == annotation.Id || r.ToAnnotationId == annotation.Id).ToListAsync(ct);
        foreach (var relation in relations)
        {
            HistoryRecorder.Record(db, projectId, annotation.ItemId, "relation", relation.Id, "deleted", userId, now,
                $"{{\"type\":\"{relation.Type}\",\"from\":\"{relation.FromAnnotationId}\",\"to\":\"{relation.ToAnnotationId}\"}}", null);
        }
        db.Relations.RemoveRange(relations);
        if (annotation.EntityId is { } entityId)
        {
            await db.Entities.Where(e => e.Id == entityId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Version, e => e.Version + 1).SetProperty(e => e.UpdatedAt, now), ct);
            HistoryRecorder.Record(db, projectId, annotation.ItemId, "entity", entityId, "unlinked", userId, now, annotation.Id.ToString(), null);
        }
        db.Annotations.Remove(annotation);
        HistoryRecorder.Record(db, projectId, annotation.ItemId, "annotation", annotation.Id, "deleted", userId, now, before.ToHistoryJson(), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<AnnotationView>.Conflict("the annotation was changed by someone else while you deleted it; it was not deleted", before);
        }
        await validation.AfterWriteAsync(db, annotation.ItemId, ct);
        await tx.CommitAsync(ct);
        return WriteResult<AnnotationView>.Ok(before);
    }
}
