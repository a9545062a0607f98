using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Workspace;

// Entity management from the entity list: create, rename, merge, split, delete.
public sealed partial class WorkspaceEditor
{
    public async Task CreateEntityAsync(string name)
    {
        await SaveAsync(
            ct => useCases.CreateEntity.ExecuteAsync(new CreateEntity.Request(ItemId, name), _userId, ct),
            v => state.SelectMany([], v.Id),
            r => EntityConflict(null, "create", () => Task.CompletedTask));
    }

    public async Task RenameEntityAsync(Guid entityId, string name)
    {
        var before = state.Entity(entityId)?.Name;
        if (before is null || string.Equals(before, name.Trim(), StringComparison.Ordinal))
        {
            return;
        }
        await RenameCoreAsync(entityId, name, v => History.Record(new EditStep.Renamed(entityId, before, v.Name)), null);
    }

    /// <summary>Moves every mention of <paramref name="sourceId"/> into <paramref name="targetId"/> and deletes the source.</summary>
    public async Task MergeEntitiesAsync(Guid targetId, Guid sourceId)
    {
        var target = state.Entity(targetId);
        var source = state.Entity(sourceId);
        if (target is null || source is null || targetId == sourceId)
        {
            return;
        }
        await SaveAsync(
            ct => useCases.Merge.ExecuteAsync(new MergeEntities.Request(targetId, target.Version, [new MergeEntities.Source(sourceId, source.Version)]), _userId, ct),
            v =>
            {
                // Older undo steps that name the merged-away entity now mean the target.
                History.Remap(sourceId, targetId);
                state.SelectMany(v.Mentions, v.Id);
            },
            r => EntityConflict(r.Current as EntityView, $"merge {source.Name} into {target.Name}", () => MergeEntitiesAsync(targetId, sourceId)));
    }

    /// <summary>Moves the selected mentions of an entity into a new entity.</summary>
    public async Task SplitEntityAsync(Guid entityId, IReadOnlyList<Guid> annotationIds)
    {
        var entity = state.Entity(entityId);
        var mentions = annotationIds.Where(id => entity?.Mentions.Any(m => m.Annotation.Id == id) == true).ToList();
        if (entity is null || mentions.Count == 0)
        {
            state.SetFailed("Select the mentions to split off first (they must belong to this entity).");
            state.Notify();
            return;
        }
        await SaveAsync(
            ct => useCases.Split.ExecuteAsync(new SplitEntity.Request(entityId, entity.Version, mentions), _userId, ct),
            v => state.SelectMany(v.Split.Mentions, v.Split.Id),
            r => EntityConflict(r.Current as EntityView, $"split {mentions.Count} mention(s) off {entity.Name}", () => SplitEntityAsync(entityId, mentions)));
    }

    public Task DeleteEntityAsync(Guid entityId) => DeleteEntityCoreAsync(entityId, null, null);

    private Task<bool> RenameCoreAsync(Guid entityId, string name, Action<EntityView>? onOk, Func<Task>? retry)
    {
        var entity = state.Entity(entityId);
        if (entity is null)
        {
            return Task.FromResult(false);
        }
        return SaveAsync(
            ct => useCases.RenameEntity.ExecuteAsync(new RenameEntity.Request(entityId, entity.Version, name), _userId, ct),
            onOk,
            r => EntityConflict(r.Current as EntityView, $"rename to {name}", retry ?? (() => RenameCoreAsync(entityId, name, onOk, null))));
    }

    private Task<bool> DeleteEntityCoreAsync(Guid entityId, Action<EntityView>? onOk, Func<Task>? retry)
    {
        var entity = state.Entity(entityId);
        if (entity is null)
        {
            return Task.FromResult(true);
        }
        return SaveAsync(
            ct => useCases.DeleteEntity.ExecuteAsync(new DeleteEntity.Request(entityId, entity.Version), _userId, ct),
            onOk,
            r => EntityConflict(r.Current as EntityView, $"delete {entity.Name}", retry ?? (() => DeleteEntityCoreAsync(entityId, onOk, null))));
    }
}
