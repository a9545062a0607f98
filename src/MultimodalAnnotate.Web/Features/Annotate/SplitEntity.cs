using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Splits an entity: the named mentions move into a new entity (they turned out to be another real-world thing);
/// the rest stay.
/// </summary>
public sealed class SplitEntity(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid EntityId, int ExpectedVersion, IReadOnlyList<Guid> AnnotationIds, string? NewEntityName = null);

    /// <summary>The entity as it remains, and the new one holding the split-off mentions.</summary>
    public sealed record Result(EntityView Remaining, EntityView Split);

    public async Task<WriteResult<Result>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (loaded, failure) = await EntityAccess.LoadAsync<Result>(db, request.EntityId, request.ExpectedVersion, userId, ct);
        if (loaded is null)
        {
            return failure!;
        }
        var (entity, projectId, before) = loaded;
        var ids = request.AnnotationIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return WriteResult<Result>.Invalid("annotationIds", "name at least one mention to split off");
        }
        var notMentions = ids.Except(before.Mentions).ToList();
        if (notMentions.Count > 0)
        {
            return WriteResult<Result>.Invalid("annotationIds", $"annotation {notMentions[0]} is not a mention of \"{entity.Name}\"");
        }
        if (request.NewEntityName is not null && EntityAccess.CheckName(request.NewEntityName) is { } nameError)
        {
            return WriteResult<Result>.Invalid("name", nameError);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var name = request.NewEntityName?.Trim() ?? $"{entity.Name} (split)";
        var split = new Entity { ItemId = entity.ItemId, AssignmentId = entity.AssignmentId, Name = name.Length > 200 ? name[..200] : name, CreatedAt = now, UpdatedAt = now };
        db.Entities.Add(split);
        HistoryRecorder.Record(db, projectId, entity.ItemId, "entity", split.Id, "created", userId, now, null, split.Name);
        var moving = await db.Annotations.Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        foreach (var annotation in moving)
        {
            EntityAccess.Move(db, projectId, annotation, split.Id, userId, now);
        }
        entity.Version++;
        entity.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<Result>.Conflict("the entity or one of its mentions was changed by someone else while splitting; nothing was split", before);
        }
        var remaining = await LinkMentions.ViewAsync(db, entity, ct);
        var splitView = await LinkMentions.ViewAsync(db, split, ct);
        HistoryRecorder.Record(db, projectId, entity.ItemId, "entity", entity.Id, "mentions", userId, now, before.ToHistoryJson(), remaining.ToHistoryJson());
        HistoryRecorder.Record(db, projectId, entity.ItemId, "entity", split.Id, "mentions", userId, now, null, splitView.ToHistoryJson());
        await db.SaveChangesAsync(ct);
        await validation.RevalidateAsync(db, entity.ItemId, ct);
        await tx.CommitAsync(ct);
        return WriteResult<Result>.Ok(new Result(remaining, splitView));
    }
}
