using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>
/// Merges entities into one: every mention of the sources moves into the target and the sources are deleted
/// (they were the same real-world thing). Each entity's version is checked, so a merge never hides someone
/// else's concurrent re-linking.
/// </summary>
public sealed class MergeEntities(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    /// <summary>A source entity with the version the caller saw.</summary>
    public sealed record Source(Guid EntityId, int ExpectedVersion);

    public sealed record Request(Guid TargetEntityId, int ExpectedTargetVersion, IReadOnlyList<Source> Sources);

    public async Task<WriteResult<EntityView>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (loaded, failure) = await EntityAccess.LoadAsync<EntityView>(db, request.TargetEntityId, request.ExpectedTargetVersion, userId, ct);
        if (loaded is null)
        {
            return failure!;
        }
        var (target, projectId, before) = loaded;
        var sourceIds = request.Sources.Select(s => s.EntityId).Where(id => id != target.Id).Distinct().ToList();
        if (sourceIds.Count == 0)
        {
            return WriteResult<EntityView>.Invalid("sources", "name at least one other entity to merge into this one");
        }
        var sources = await db.Entities.Where(e => sourceIds.Contains(e.Id)).ToListAsync(ct);
        foreach (var id in sourceIds)
        {
            var source = sources.FirstOrDefault(e => e.Id == id);
            if (source is null || source.ItemId != target.ItemId)
            {
                return WriteResult<EntityView>.Invalid("sources", $"entity {id} is not part of the same item");
            }
            if (source.AssignmentId != target.AssignmentId)
            {
                return AnnotationSet.NotYours<EntityView>($"entity {source.Id}");
            }
            var expected = request.Sources.First(s => s.EntityId == id).ExpectedVersion;
            if (source.Version != expected)
            {
                return WriteResult<EntityView>.Conflict(
                    $"entity \"{source.Name}\" was changed by someone else (you saw version {expected}, it is now version {source.Version}); nothing was merged",
                    await LinkMentions.ViewAsync(db, source, ct));
            }
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var mentions = await db.Annotations.Where(a => a.EntityId != null && sourceIds.Contains(a.EntityId.Value)).ToListAsync(ct);
        var mentionsBySource = mentions.GroupBy(m => m.EntityId!.Value).ToDictionary(g => g.Key, g => g.Select(m => m.Id).Order().ToList());
        foreach (var annotation in mentions)
        {
            EntityAccess.Move(db, projectId, annotation, target.Id, userId, now);
        }
        foreach (var source in sources)
        {
            var sourceView = new EntityView(source.Id, source.ItemId, source.Name, mentionsBySource.GetValueOrDefault(source.Id) ?? [], source.Version);
            HistoryRecorder.Record(db, projectId, source.ItemId, "entity", source.Id, "merged", userId, now, sourceView.ToHistoryJson(), target.Id.ToString());
            db.Entities.Remove(source);
        }
        target.Version++;
        target.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<EntityView>.Conflict("an entity or one of its mentions was changed by someone else while merging; nothing was merged", before);
        }
        var after = await LinkMentions.ViewAsync(db, target, ct);
        HistoryRecorder.Record(db, projectId, target.ItemId, "entity", target.Id, "mentions", userId, now, before.ToHistoryJson(), after.ToHistoryJson());
        await db.SaveChangesAsync(ct);
        await validation.RevalidateAsync(db, target.ItemId, ct);
        await tx.CommitAsync(ct);
        return WriteResult<EntityView>.Ok(after);
    }
}
