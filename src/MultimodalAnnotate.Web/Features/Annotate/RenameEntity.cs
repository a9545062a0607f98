using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Renames an entity; a stale version is a conflict carrying the current entity.</summary>
public sealed class RenameEntity(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid EntityId, int ExpectedVersion, string Name);

    public async Task<WriteResult<EntityView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (loaded, failure) = await EntityAccess.LoadAsync<EntityView>(db, request.EntityId, request.ExpectedVersion, userId, ct);
        if (loaded is null)
        {
            return failure!;
        }
        if (EntityAccess.CheckName(request.Name) is { } nameError)
        {
            return WriteResult<EntityView>.Invalid("name", nameError);
        }

        var (entity, projectId, before) = loaded;
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        entity.Name = request.Name.Trim();
        entity.Version++;
        entity.UpdatedAt = now;
        var after = before with { Name = entity.Name, Version = entity.Version };
        HistoryRecorder.Record(db, projectId, entity.ItemId, "entity", entity.Id, "renamed", userId, now, before.ToHistoryJson(), after.ToHistoryJson());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<EntityView>.Conflict("the entity was changed by someone else while renaming; it was not renamed", before);
        }
        // Finding messages may quote the entity's name, so they are produced again.
        await validation.RevalidateAsync(db, entity.ItemId, ct);
        await tx.CommitAsync(ct);
        return WriteResult<EntityView>.Ok(after);
    }
}
