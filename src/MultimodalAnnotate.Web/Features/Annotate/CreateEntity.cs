using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Creates a named entity with no mentions yet (mentions are linked to it afterwards).</summary>
public sealed class CreateEntity(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, string Name);

    public async Task<WriteResult<EntityView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == request.ItemId, ct);
        if (item is null)
        {
            return WriteResult<EntityView>.NotFound($"item {request.ItemId} does not exist");
        }
        if (!await ProjectAccess.HasAnyAsync(db, userId, item.ProjectId, ProjectAccess.Writers, ct))
        {
            return WriteResult<EntityView>.Forbidden();
        }
        if (EntityAccess.CheckName(request.Name) is { } nameError)
        {
            return WriteResult<EntityView>.Invalid("name", nameError);
        }

        var set = await AnnotationSet.OfAsync(db, item.Id, userId, ct);
        var now = clock.GetUtcNow();
        var entity = new Entity { ItemId = item.Id, AssignmentId = set, Name = request.Name.Trim(), CreatedAt = now, UpdatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Entities.Add(entity);
        var view = new EntityView(entity.Id, entity.ItemId, entity.Name, [], entity.Version);
        HistoryRecorder.Record(db, item.ProjectId, item.Id, "entity", entity.Id, "created", userId, now, null, view.ToHistoryJson());
        await db.SaveChangesAsync(ct);
        await validation.RevalidateAsync(db, item.Id, ct);
        await tx.CommitAsync(ct);
        return WriteResult<EntityView>.Ok(view);
    }
}
