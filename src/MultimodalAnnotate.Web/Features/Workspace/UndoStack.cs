using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>One of the user's own edits, kept so it can be undone by issuing the inverse use case.</summary>
public abstract record EditStep
{
    /// <summary>Short text for tooltips ("Undo create box").</summary>
    public abstract string Description { get; }

    public sealed record Created(AnnotationView Annotation) : EditStep
    {
        public override string Description => $"create {Annotation.Label}";
    }

    public sealed record Updated(AnnotationView Before, AnnotationView After) : EditStep
    {
        public override string Description => Before.Label == After.Label ? $"edit {After.Label}" : $"relabel {Before.Label} → {After.Label}";
    }

    public sealed record Deleted(AnnotationView Before) : EditStep
    {
        public override string Description => $"delete {Before.Label}";
    }

    /// <summary>Annotations put into an entity; <see cref="Moves"/> remember where each came from.</summary>
    public sealed record Linked(IReadOnlyList<LinkMove> Moves, Guid EntityId, bool CreatedEntity, string EntityName) : EditStep
    {
        public override string Description => $"link into {EntityName}";
    }

    public sealed record Unlinked(Guid AnnotationId, Guid EntityId) : EditStep
    {
        public override string Description => "unlink";
    }

    public sealed record Renamed(Guid EntityId, string Before, string After) : EditStep
    {
        public override string Description => $"rename {Before} → {After}";
    }
}

/// <summary>An annotation that was linked, and the entity it was in before (null: none).</summary>
public readonly record struct LinkMove(Guid AnnotationId, Guid? From);

/// <summary>
/// Undo and redo stacks of <see cref="EditStep"/>s. Undoing a delete (or redoing a create) makes a new annotation
/// with a new id; <see cref="Remap"/> records that, and <see cref="Resolve(Guid)"/> turns any id a step remembers into
/// the id the thing has now, so older steps keep working.
/// </summary>
public sealed class UndoStack
{
    private const int Limit = 200;
    private readonly List<EditStep> _undo = [];
    private readonly List<EditStep> _redo = [];
    private readonly Dictionary<Guid, Guid> _renamed = [];

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    public EditStep? NextUndo => _undo.Count > 0 ? _undo[^1] : null;

    public EditStep? NextRedo => _redo.Count > 0 ? _redo[^1] : null;

    /// <summary>A new edit by the user: it can be undone, and whatever was undone before can no longer be redone.</summary>
    public void Record(EditStep step)
    {
        _undo.Add(step);
        _redo.Clear();
        if (_undo.Count > Limit)
        {
            _undo.RemoveAt(0);
        }
    }

    public EditStep? PopUndo() => Pop(_undo);

    public EditStep? PopRedo() => Pop(_redo);

    /// <summary>After a successful undo: the step can be redone.</summary>
    public void Undone(EditStep step) => _redo.Add(step);

    /// <summary>After a successful redo: the step can be undone again (without clearing the redo stack).</summary>
    public void Redone(EditStep step) => _undo.Add(step);

    /// <summary>A step whose inverse failed (for example a conflict) goes back where it was.</summary>
    public void ReturnToUndo(EditStep step) => _undo.Add(step);

    public void ReturnToRedo(EditStep step) => _redo.Add(step);

    /// <summary>The thing known as <paramref name="id"/> now has the id <paramref name="now"/>.</summary>
    public void Remap(Guid id, Guid now)
    {
        var current = Resolve(id);
        if (current != now)
        {
            _renamed[current] = now;
        }
    }

    public Guid Resolve(Guid id)
    {
        var seen = 0;
        while (_renamed.TryGetValue(id, out var next) && seen++ < Limit * 2)
        {
            id = next;
        }
        return id;
    }

    public Guid? Resolve(Guid? id) => id is { } value ? Resolve(value) : null;

    public void Clear()
    {
        _undo.Clear();
        _redo.Clear();
        _renamed.Clear();
    }

    private static EditStep? Pop(List<EditStep> stack)
    {
        if (stack.Count == 0)
        {
            return null;
        }
        var step = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return step;
    }
}
