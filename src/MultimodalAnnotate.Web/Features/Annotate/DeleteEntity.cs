using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Deletes an entity: its mentions stay as annotations but are no longer linked. The history row keeps the
/// entity with its mentions so the link can be restored.
/// </summary>
public sealed class DeleteEntity(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid EntityId, int ExpectedVersion);

    public async Task<WriteResult<EntityView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (loaded, failure) = await EntityAccess.LoadAsync<EntityView>(db, request.EntityId, request.ExpectedVersion, userId, ct);
        if (loaded is null)
        {
            return failure!;
        }
        var (entity, projectId, before) = loaded;
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var mentions = await db.Annotations.Where(a => a.EntityId == entity.Id).ToListAsync(ct);
        foreach (var annotation in mentions)
        {
            EntityAccess.Move(db, projectId, annotation, null, userId, now);
        }
        db.Entities.Remove(entity);
        HistoryRecorder.Record(db, projectId, entity.ItemId, "entity", entity.Id, "deleted", userId, now, before.ToHistoryJson(), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<EntityView>.Conflict("the entity or one of its mentions was changed by someone else while deleting; it was not deleted", before);
        }
        await validation.RevalidateAsync(db, entity.ItemId, ct);
        await tx.CommitAsync(ct);
        return WriteResult<EntityView>.Ok(before);
    }
}
