using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>Shared first steps of the entity use cases: find the entity, check the caller may write in its project, check its version.</summary>
internal static class EntityAccess
{
    public sealed record Loaded(Entity Entity, Guid ProjectId, EntityView Before);

    /// <summary>The tracked entity with its project and current view, or the failure to return.</summary>
    public static async Task<(Loaded? Loaded, WriteResult<T>? Failure)> LoadAsync<T>(
        AppDbContext db, Guid entityId, int expectedVersion, string userId, CancellationToken ct)
    {
        var entity = await db.Entities.FirstOrDefaultAsync(e => e.Id == entityId, ct);
        if (entity is null)
        {
            return (null, WriteResult<T>.NotFound($"entity {entityId} does not exist"));
        }
        var projectId = await db.Items.Where(i => i.Id == entity.ItemId).Select(i => i.ProjectId).FirstAsync(ct);
        if (!await ProjectAccess.HasAnyAsync(db, userId, projectId, ProjectAccess.Writers, ct))
        {
            return (null, WriteResult<T>.Forbidden());
        }
        if (entity.AssignmentId != await AnnotationSet.OfAsync(db, entity.ItemId, userId, ct))
        {
            return (null, AnnotationSet.NotYours<T>($"entity {entity.Id}"));
        }
        var before = await LinkMentions.ViewAsync(db, entity, ct);
        if (entity.Version != expectedVersion)
        {
            return (null, WriteResult<T>.Conflict(
                $"entity \"{entity.Name}\" was changed by someone else (you saw version {expectedVersion}, it is now version {entity.Version})", before));
        }
        return (new Loaded(entity, projectId, before), null);
    }

    /// <summary>A trimmed, non-empty entity name of at most 200 characters, or an error message.</summary>
    public static string? CheckName(string? name) => name?.Trim() switch
    {
        null or "" => "an entity needs a name",
        { Length: > 200 } => "an entity name may have at most 200 characters",
        _ => null,
    };

    /// <summary>Moves an annotation into <paramref name="target"/> (or out of every entity when null), recording the change.</summary>
    public static void Move(AppDbContext db, Guid projectId, Annotation annotation, Guid? target, string userId, DateTimeOffset now)
    {
        if (annotation.EntityId is { } former)
        {
            HistoryRecorder.Record(db, projectId, annotation.ItemId, "entity", former, "unlinked", userId, now, annotation.Id.ToString(), null);
        }
        annotation.EntityId = target;
        annotation.Version++;
        annotation.UpdatedAt = now;
        annotation.UpdatedById = userId;
        if (target is { } t)
        {
            HistoryRecorder.Record(db, projectId, annotation.ItemId, "entity", t, "linked", userId, now, null, annotation.Id.ToString());
        }
    }
}
