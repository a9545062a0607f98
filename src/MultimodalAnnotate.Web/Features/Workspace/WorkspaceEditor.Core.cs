using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Workspace;

// The single path every write takes: saving state, the use case, reload (findings follow), then ok / conflict / failure.
public sealed partial class WorkspaceEditor
{
    /// <summary>An annotation just created: selected once the reload shows it.</summary>
    private Guid? _pendingSelect;

    private async Task<bool> SaveAsync<T>(Func<CancellationToken, Task<WriteResult<T>>> write, Action<T>? onOk, Func<WriteResult<T>, ConflictInfo> onConflict)
    {
        await _gate.WaitAsync(Ct);
        try
        {
            state.SetSaving();
            WriteResult<T> result;
            try
            {
                result = await write(Ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Saving in the workspace of item {ItemId} failed", ItemId);
                state.SetFailed("Not saved: the server could not store the change. Try again.");
                return false;
            }
            if (result.Succeeded)
            {
                onOk?.Invoke(result.Value!);
                await ReloadAsync();
                if (_pendingSelect is { } created)
                {
                    state.SelectOnly(created);
                    _pendingSelect = null;
                }
                state.SetSaved();
                return true;
            }
            await ReloadAsync();
            if (result.Outcome == WriteOutcome.Conflict)
            {
                state.SetConflict(onConflict(result));
            }
            else
            {
                state.SetFailed("Not saved: " + string.Join("; ", result.Errors.Values));
            }
            return false;
        }
        finally
        {
            _gate.Release();
            state.Notify();
        }
    }

    private string EntityName(Guid? id) => id is { } e ? state.Entity(e)?.Name ?? "(another entity)" : "—";

    private Task<bool> CreateCoreAsync(Guid assetId, string label, IReadOnlyDictionary<string, string> attributes, Geometry geometry, Guid? entityId,
        Action<AnnotationView> onOk) =>
        SaveAsync(
            ct => useCases.Create.ExecuteAsync(new CreateAnnotation.Request(ItemId, assetId, label, attributes, geometry, entityId), _userId, ct),
            v =>
            {
                onOk(v);
                state.SelectOnly(null);
                _pendingSelect = v.Id;
            },
            r => new ConflictInfo("Not created", string.Join("; ", r.Errors.Values), [], () => Task.CompletedTask));

    private Task<bool> UpdateCoreAsync(Guid id, string? label, IReadOnlyDictionary<string, string>? attributes, Geometry? geometry,
        Action<AnnotationView>? onOk, Func<Task>? retry)
    {
        var seen = state.Annotation(id)?.Annotation;
        if (seen is null)
        {
            state.SetFailed("That annotation no longer exists.");
            return Task.FromResult(false);
        }
        var mine = seen with { Label = label ?? seen.Label, Attributes = attributes ?? seen.Attributes, Geometry = geometry ?? seen.Geometry };
        return SaveAsync(
            ct => useCases.Update.ExecuteAsync(new UpdateAnnotation.Request(id, seen.Version, label, attributes, geometry), _userId, ct),
            onOk,
            r => new ConflictInfo(
                $"{seen.Label} was changed by someone else",
                r.Errors.Values.FirstOrDefault() ?? "",
                WorkspaceText.Compare(r.Current as AnnotationView, mine, EntityName),
                retry ?? (() => UpdateCoreAsync(id, mine.Label, mine.Attributes, mine.Geometry, onOk, null))));
    }

    private Task<bool> DeleteCoreAsync(Guid id, Action<AnnotationView>? onOk, Func<Task>? retry)
    {
        var seen = state.Annotation(id)?.Annotation;
        if (seen is null)
        {
            return Task.FromResult(false);
        }
        return SaveAsync(
            ct => useCases.Delete.ExecuteAsync(new DeleteAnnotation.Request(id, seen.Version), _userId, ct),
            onOk,
            r => new ConflictInfo(
                $"{seen.Label} was changed by someone else before you deleted it",
                r.Errors.Values.FirstOrDefault() ?? "",
                WorkspaceText.Compare(r.Current as AnnotationView, null, EntityName),
                retry ?? (() => DeleteCoreAsync(id, onOk, null))));
    }

    private Task<bool> LinkCoreAsync(IReadOnlyList<Guid> annotationIds, Guid? entityId, string? newName, Action<EntityView>? onOk, Func<Task>? retry)
    {
        var entity = entityId is { } e ? state.Entity(e) : null;
        return SaveAsync(
            ct => useCases.Link.ExecuteAsync(new LinkMentions.Request(ItemId, annotationIds, entity?.Id, entity?.Version, newName), _userId, ct),
            onOk,
            r => EntityConflict(r.Current as EntityView, $"link {annotationIds.Count} mention(s) into {entity?.Name ?? newName}",
                retry ?? (() => LinkCoreAsync(annotationIds, entityId, newName, onOk, null))));
    }

    private Task<bool> UnlinkCoreAsync(Guid annotationId, Action<EntityView>? onOk, Func<Task>? retry)
    {
        var entity = state.Annotation(annotationId)?.Annotation.EntityId is { } e ? state.Entity(e) : null;
        if (entity is null)
        {
            return Task.FromResult(true);
        }
        return SaveAsync(
            ct => useCases.Unlink.ExecuteAsync(new UnlinkMention.Request(annotationId, entity.Version), _userId, ct),
            onOk,
            r => EntityConflict(r.Current as EntityView, $"unlink one mention from {entity.Name}", retry ?? (() => UnlinkCoreAsync(annotationId, onOk, null))));
    }

    private ConflictInfo EntityConflict(EntityView? theirs, string mine, Func<Task> keepMine) => new(
        $"Entity {theirs?.Name ?? ""} was changed by someone else",
        "Someone else re-linked this entity after you loaded it. Theirs is shown now; keep yours to apply your change on top of it.",
        [
            new ConflictRow("Entity", theirs?.Name ?? "(deleted)", theirs?.Name ?? "(deleted)"),
            new ConflictRow("Mentions", theirs is null ? "—" : string.Join(", ", theirs.Mentions.Select(m => state.Annotation(m)?.Annotation.Label ?? "?")), mine),
        ],
        keepMine);
}
