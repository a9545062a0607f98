using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Puts annotations into one entity (linking = making them mentions of the same real-world thing).
/// With no entity given a new one is created. An annotation already in another entity moves.
/// The entity's version guards against two people re-linking the same entity at once.
/// </summary>
public sealed class LinkMentions(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, IReadOnlyList<Guid> AnnotationIds, Guid? EntityId = null, int? ExpectedEntityVersion = null, string? NewEntityName = null);

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
        if (request.AnnotationIds.Count == 0)
        {
            return WriteResult<EntityView>.Invalid("annotationIds", "name at least one annotation to link");
        }
        var ids = request.AnnotationIds.Distinct().ToList();
        var annotations = await db.Annotations.Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        var missing = ids.Except(annotations.Where(a => a.ItemId == item.Id).Select(a => a.Id)).ToList();
        if (missing.Count > 0)
        {
            return WriteResult<EntityView>.Invalid("annotationIds", $"annotation {missing[0]} is not part of item \"{item.Name}\"");
        }
        var set = await AnnotationSet.OfAsync(db, item.Id, userId, ct);
        if (annotations.FirstOrDefault(a => a.AssignmentId != set) is { } foreign)
        {
            return AnnotationSet.NotYours<EntityView>($"annotation {foreign.Id}");
        }

        var now = clock.GetUtcNow();
        Entity entity;
        if (request.EntityId is { } entityId)
        {
            var found = await db.Entities.FirstOrDefaultAsync(e => e.Id == entityId, ct);
            if (found is null || found.ItemId != item.Id)
            {
                return WriteResult<EntityView>.Invalid("entityId", $"entity {entityId} is not part of item \"{item.Name}\"");
            }
            if (found.AssignmentId != set)
            {
                return AnnotationSet.NotYours<EntityView>($"entity {found.Id}");
            }
            entity = found;
            if (request.ExpectedEntityVersion is { } expected && expected != entity.Version)
            {
                return WriteResult<EntityView>.Conflict(
                    $"the entity was changed by someone else (you saw version {expected}, it is now version {entity.Version})",
                    await ViewAsync(db, entity, ct));
            }
        }
        else
        {
            var count = await db.Entities.CountAsync(e => e.ItemId == item.Id && e.AssignmentId == set, ct);
            entity = new Entity { ItemId = item.Id, AssignmentId = set, Name = request.NewEntityName?.Trim() is { Length: > 0 } n ? n : $"entity #{count + 1}", CreatedAt = now, UpdatedAt = now };
            db.Entities.Add(entity);
            HistoryRecorder.Record(db, item.ProjectId, item.Id, "entity", entity.Id, "created", userId, now, null, entity.Name);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = request.EntityId is null ? null : (await ViewAsync(db, entity, ct)).ToHistoryJson();
        var formerEntities = annotations.Where(a => a.EntityId is not null && a.EntityId != entity.Id).Select(a => a.EntityId!.Value).Distinct().ToList();
        foreach (var annotation in annotations.Where(a => a.EntityId != entity.Id))
        {
            if (annotation.EntityId is { } former)
            {
                HistoryRecorder.Record(db, item.ProjectId, item.Id, "entity", former, "unlinked", userId, now, annotation.Id.ToString(), null);
            }
            annotation.EntityId = entity.Id;
            annotation.Version++;
            annotation.UpdatedAt = now;
            annotation.UpdatedById = userId;
            HistoryRecorder.Record(db, item.ProjectId, item.Id, "entity", entity.Id, "linked", userId, now, null, annotation.Id.ToString());
        }
        if (formerEntities.Count > 0)
        {
            await db.Entities.Where(e => formerEntities.Contains(e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Version, e => e.Version + 1).SetProperty(e => e.UpdatedAt, now), ct);
        }
        if (request.EntityId is not null)
        {
            entity.Version++;
            entity.UpdatedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<EntityView>.Conflict("the entity or one of the annotations was changed by someone else while linking; nothing was linked", null);
        }
        var view = await ViewAsync(db, entity, ct);
        HistoryRecorder.Record(db, item.ProjectId, item.Id, "entity", entity.Id, "mentions", userId, now, before, view.ToHistoryJson());
        await db.SaveChangesAsync(ct);
        await validation.AfterWriteAsync(db, item.Id, ct);
        await tx.CommitAsync(ct);
        return WriteResult<EntityView>.Ok(view);
    }

    internal static async Task<EntityView> ViewAsync(AppDbContext db, Entity entity, CancellationToken ct)
    {
        var mentions = await db.Annotations.Where(a => a.EntityId == entity.Id).Select(a => a.Id).ToListAsync(ct);
        var pending = db.Annotations.Local.Where(a => a.EntityId == entity.Id).Select(a => a.Id);
        return new EntityView(entity.Id, entity.ItemId, entity.Name, [.. mentions.Union(pending).Order()], entity.Version);
    }
}
