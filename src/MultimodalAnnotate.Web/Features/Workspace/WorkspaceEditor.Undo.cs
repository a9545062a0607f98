using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Workspace;

// Undo and redo: each step is undone by issuing the inverse use case with the versions the workspace holds now.
// A conflict on the way shows the usual dialog; "keep mine" runs the undo (or redo) again on top of theirs.
public sealed partial class WorkspaceEditor
{
    public async Task UndoAsync()
    {
        if (!state.CanEdit || History.PopUndo() is not { } step)
        {
            return;
        }
        if (await UndoStepAsync(step))
        {
            History.Undone(step);
        }
        else
        {
            History.ReturnToUndo(step);
            OfferToDrop(() => History.PopUndo());
        }
        state.Notify();
    }

    public async Task RedoAsync()
    {
        if (!state.CanEdit || History.PopRedo() is not { } step)
        {
            return;
        }
        if (await RedoStepAsync(step))
        {
            History.Redone(step);
        }
        else
        {
            History.ReturnToRedo(step);
            OfferToDrop(() => History.PopRedo());
        }
        state.Notify();
    }

    /// <summary>When an undo or redo hit a conflict and the user keeps theirs, the step is dropped: it no longer applies.</summary>
    private void OfferToDrop(Func<EditStep?> drop)
    {
        if (state.Conflict is { } conflict)
        {
            state.Conflict = conflict with
            {
                KeepTheirs = () =>
                {
                    drop();
                    return Task.CompletedTask;
                },
            };
        }
    }

    private Guid R(Guid id) => History.Resolve(id);

    private Guid? ExistingEntity(Guid? id) => History.Resolve(id) is { } e && state.Entity(e) is not null ? e : null;

    private Task<bool> UndoStepAsync(EditStep step) => step switch
    {
        EditStep.Created c => DeleteCoreAsync(R(c.Annotation.Id), null, UndoAsync),
        EditStep.Updated u => UpdateCoreAsync(R(u.Before.Id), u.Before.Label, u.Before.Attributes, u.Before.Geometry, null, UndoAsync),
        EditStep.Deleted d => RecreateAsync(d.Before),
        EditStep.Linked l => UnlinkMovesAsync(l),
        EditStep.Unlinked u => RelinkAsync(u.AnnotationId, u.EntityId, UndoAsync),
        EditStep.Renamed r => RenameCoreAsync(R(r.EntityId), r.Before, null, UndoAsync),
        _ => Task.FromResult(false),
    };

    private Task<bool> RedoStepAsync(EditStep step) => step switch
    {
        EditStep.Created c => RecreateAsync(c.Annotation),
        EditStep.Updated u => UpdateCoreAsync(R(u.After.Id), u.After.Label, u.After.Attributes, u.After.Geometry, null, RedoAsync),
        EditStep.Deleted d => DeleteCoreAsync(R(d.Before.Id), null, RedoAsync),
        EditStep.Linked l => LinkCoreAsync([.. l.Moves.Select(m => R(m.AnnotationId))], ExistingEntity(l.EntityId), l.EntityName,
            v => History.Remap(l.EntityId, v.Id), RedoAsync),
        EditStep.Unlinked u => UnlinkCoreAsync(R(u.AnnotationId), null, RedoAsync),
        EditStep.Renamed r => RenameCoreAsync(R(r.EntityId), r.After, null, RedoAsync),
        _ => Task.FromResult(false),
    };

    /// <summary>Creates the annotation again (a new id, remembered for older steps), back in its entity when that still exists.</summary>
    private Task<bool> RecreateAsync(AnnotationView gone) =>
        CreateCoreAsync(gone.AssetId, gone.Label, gone.Attributes, gone.Geometry, ExistingEntity(gone.EntityId), v => History.Remap(gone.Id, v.Id));

    /// <summary>Puts each linked annotation back where it was; an entity the link created goes away once empty.</summary>
    private async Task<bool> UnlinkMovesAsync(EditStep.Linked step)
    {
        foreach (var move in step.Moves)
        {
            var id = R(move.AnnotationId);
            var now = state.Annotation(id)?.Annotation.EntityId;
            var ok = ExistingEntity(move.From) is { } former
                ? now == former || await LinkCoreAsync([id], former, null, null, UndoAsync)
                : now is null || await UnlinkCoreAsync(id, null, UndoAsync);
            if (!ok)
            {
                return false;
            }
        }
        if (step.CreatedEntity && ExistingEntity(step.EntityId) is { } created && state.Entity(created)!.Mentions.Count == 0)
        {
            return await DeleteEntityCoreAsync(created, null, UndoAsync);
        }
        return true;
    }

    private Task<bool> RelinkAsync(Guid annotationId, Guid entityId, Func<Task> retry) =>
        LinkCoreAsync([R(annotationId)], ExistingEntity(entityId), "restored entity", v => History.Remap(entityId, v.Id), retry);
}
