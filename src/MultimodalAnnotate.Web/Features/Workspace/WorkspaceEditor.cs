using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>
/// The workspace's write side: every user action becomes one call of a write use case, followed by a reload of the
/// item (so findings and markers follow each save). The user's own edits are recorded in <see cref="History"/> and
/// undone by issuing the inverse use case; conflicts become a "yours vs theirs" choice, never a silent overwrite.
/// </summary>
public sealed partial class WorkspaceEditor(
    WorkspaceState state,
    WorkspaceQueries queries,
    WorkspaceUseCases useCases,
    ILogger<WorkspaceEditor> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _cts = new();
    private string _userId = "";

    public UndoStack History { get; } = new();

    private CancellationToken Ct => _cts.Token;

    private Guid ItemId => state.Item.Id;

    /// <summary>Loads an item for the user; false when it does not exist or the user is not a member of its project.</summary>
    public async Task<bool> OpenAsync(Guid itemId, string userId)
    {
        _userId = userId;
        History.Clear();
        var data = await queries.LoadAsync(itemId, userId, Ct);
        state.Load(data);
        return data is not null;
    }

    /// <summary>Reads the item again (after a save, or when the user asks for others' changes).</summary>
    public async Task ReloadAsync()
    {
        if (await queries.ReloadItemAsync(ItemId, _userId, Ct) is { } item)
        {
            state.ReplaceItem(item);
        }
    }

    // ---- annotations ----------------------------------------------------------------------------------------------

    /// <summary>A shape was drawn or a span selected: keep it as a draft and ask for its label.</summary>
    public void BeginDraft(Guid assetId, Geometry geometry)
    {
        if (!state.CanEdit)
        {
            return;
        }
        state.Draft = new DraftShape(assetId, geometry);
        state.RelabelTarget = null;
        state.LinkSource = null;
        state.Notify();
    }

    public void CancelPicker()
    {
        state.Draft = null;
        state.RelabelTarget = null;
        state.Notify();
    }

    /// <summary>The label picker answered: create the draft with this label, or relabel the annotation being relabelled.</summary>
    public async Task PickLabelAsync(string label)
    {
        if (state.Draft is { } draft)
        {
            state.Draft = null;
            await CreateCoreAsync(draft.AssetId, label, new Dictionary<string, string>(), draft.Geometry, null,
                v => History.Record(new EditStep.Created(v)));
        }
        else if (state.RelabelTarget is { } target)
        {
            state.RelabelTarget = null;
            await UpdateAsync(target, label: label);
        }
        state.Notify();
    }

    /// <summary>Opens the label picker for the selected annotation.</summary>
    public void BeginRelabel()
    {
        if (state.CanEdit && state.SingleSelected is { } selected)
        {
            state.RelabelTarget = selected.Annotation.Id;
            state.Notify();
        }
    }

    public Task<bool> UpdateAsync(Guid id, string? label = null, IReadOnlyDictionary<string, string>? attributes = null, Geometry? geometry = null)
    {
        var seen = state.Annotation(id)?.Annotation;
        return seen is null
            ? Task.FromResult(false)
            : UpdateCoreAsync(id, label, attributes, geometry, v => History.Record(new EditStep.Updated(seen, v)), null);
    }

    public async Task DeleteSelectedAsync()
    {
        foreach (var id in state.Selection.ToList())
        {
            if (state.Annotation(id)?.Annotation is { } seen)
            {
                await DeleteCoreAsync(id, _ => History.Record(new EditStep.Deleted(seen)), null);
            }
        }
        state.Notify();
    }

    // ---- selection, linking -------------------------------------------------------------------------------------

    /// <summary>A click on a mention in any pane: selects it, or completes a link started with "L".</summary>
    public async Task SelectAsync(Guid? id, bool additive = false)
    {
        if (state.LinkSource is { } source && id is { } target && target != source)
        {
            state.LinkSource = null;
            await LinkAsync(source, target);
        }
        else if (id is { } value && additive)
        {
            state.ToggleSelected(value);
        }
        else
        {
            state.SelectOnly(id);
            state.LinkSource = null;
        }
        state.Notify();
    }

    public void SelectEntity(Guid entityId)
    {
        if (state.Entity(entityId) is { } entity)
        {
            state.SelectMany(entity.Mentions.Select(m => m.Annotation.Id), entityId);
            state.Notify();
        }
    }

    /// <summary>Jumps to a finding: selects its annotations in every pane and moves the clock to its time.</summary>
    public void FocusFinding(FindingRecord finding)
    {
        state.SelectMany(finding.AnnotationIds, finding.EntityId);
        var time = finding.Time ?? finding.AnnotationIds.Select(id => state.Annotation(id)?.Annotation.TimeStart).Where(t => t is not null).Min();
        state.Notify();
        if (time is { } t)
        {
            state.RequestSeek(t);
        }
    }

    /// <summary>A finding marker on the timeline was clicked.</summary>
    public void FocusFinding(Guid findingId)
    {
        if (state.Data?.Item.Findings.FirstOrDefault(f => f.Id == findingId) is { } finding)
        {
            FocusFinding(finding);
        }
    }

    /// <summary>"L": the selected mention waits for its counterpart.</summary>
    public void BeginLink()
    {
        if (state.CanEdit && state.SingleSelected is { } selected)
        {
            state.LinkSource = selected.Annotation.Id;
            state.Notify();
        }
    }

    /// <summary>Links two mentions: the source joins the counterpart's entity, or the counterpart joins the source's, or both get a new one.</summary>
    public async Task LinkAsync(Guid source, Guid target)
    {
        var s = state.Annotation(source)?.Annotation;
        var t = state.Annotation(target)?.Annotation;
        if (s is null || t is null)
        {
            return;
        }
        if (s.EntityId is not null && s.EntityId == t.EntityId)
        {
            state.SetFailed("These two are already mentions of the same entity.");
            state.Notify();
            return;
        }
        var entity = t.EntityId ?? s.EntityId;
        IReadOnlyList<Guid> moving = t.EntityId is not null ? [source] : s.EntityId is not null ? [target] : [source, target];
        await LinkIntoAsync(moving, entity, $"{t.Label} #{state.Item.Entities.Count + 1}");
    }

    /// <summary>Puts annotations into an entity (null: a new one with <paramref name="newName"/>).</summary>
    public async Task LinkIntoAsync(IReadOnlyList<Guid> annotationIds, Guid? entityId, string? newName = null)
    {
        var moves = annotationIds.Select(id => new LinkMove(id, state.Annotation(id)?.Annotation.EntityId)).ToList();
        await LinkCoreAsync([.. annotationIds], entityId, newName, v =>
        {
            History.Record(new EditStep.Linked(moves, v.Id, entityId is null, v.Name));
            state.SelectMany(v.Mentions, v.Id);
        }, null);
        state.Notify();
    }

    public async Task UnlinkAsync(Guid annotationId)
    {
        if (state.Annotation(annotationId)?.Annotation.EntityId is { } entityId)
        {
            await UnlinkCoreAsync(annotationId, _ => History.Record(new EditStep.Unlinked(annotationId, entityId)), null);
            state.Notify();
        }
    }

    // ---- conflicts ------------------------------------------------------------------------------------------------

    /// <summary>The user chose in the conflict dialog: keep their own version (saved over the current one) or the other person's.</summary>
    public async Task ResolveConflictAsync(bool keepMine)
    {
        var conflict = state.Conflict;
        state.Conflict = null;
        state.ClearSaveProblem();
        state.Notify();
        if (conflict is null)
        {
            return;
        }
        if (keepMine)
        {
            await conflict.KeepMine();
        }
        else if (conflict.KeepTheirs is not null)
        {
            await conflict.KeepTheirs();
        }
        state.Notify();
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
        _gate.Dispose();
    }
}
