using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Takes an annotation out of its entity (the entity itself stays, possibly with no mentions).</summary>
public sealed class UnlinkMention(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid AnnotationId, int ExpectedEntityVersion);

    public async Task<WriteResult<EntityView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var annotation = await db.Annotations.FirstOrDefaultAsync(a => a.Id == request.AnnotationId, ct);
        if (annotation is null)
        {
            return WriteResult<EntityView>.NotFound($"annotation {request.AnnotationId} does not exist");
        }
        var projectId = await db.Items.Where(i => i.Id == annotation.ItemId).Select(i => i.ProjectId).FirstAsync(ct);
        if (!await ProjectAccess.HasAnyAsync(db, userId, projectId, ProjectAccess.Writers, ct))
        {
            return WriteResult<EntityView>.Forbidden();
        }
        if (annotation.AssignmentId != await AnnotationSet.OfAsync(db, annotation.ItemId, userId, ct))
        {
            return AnnotationSet.NotYours<EntityView>($"annotation {annotation.Id}");
        }
        if (annotation.EntityId is not { } entityId)
        {
            return WriteResult<EntityView>.Invalid("annotationId", $"annotation {annotation.Id} is not linked to any entity");
        }
        var entity = await db.Entities.FirstAsync(e => e.Id == entityId, ct);
        var before = await LinkMentions.ViewAsync(db, entity, ct);
        if (entity.Version != request.ExpectedEntityVersion)
        {
            return WriteResult<EntityView>.Conflict(
                $"the entity was changed by someone else (you saw version {request.ExpectedEntityVersion}, it is now version {entity.Version})", before);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        annotation.EntityId = null;
        annotation.Version++;
        annotation.UpdatedAt = now;
        annotation.UpdatedById = userId;
        entity.Version++;
        entity.UpdatedAt = now;
        HistoryRecorder.Record(db, projectId, annotation.ItemId, "entity", entity.Id, "unlinked", userId, now, annotation.Id.ToString(), null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<EntityView>.Conflict("the entity was changed by someone else while unlinking; nothing was changed", before);
        }
        var after = await LinkMentions.ViewAsync(db, entity, ct);
        HistoryRecorder.Record(db, projectId, annotation.ItemId, "entity", entity.Id, "mentions", userId, now, before.ToHistoryJson(), after.ToHistoryJson());
        await db.SaveChangesAsync(ct);
        await validation.AfterWriteAsync(db, annotation.ItemId, ct);
        await tx.CommitAsync(ct);
        return WriteResult<EntityView>.Ok(after);
    }
}
