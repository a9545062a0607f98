using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Items;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>The drawing tool of the image panes.</summary>
public enum EditTool
{
    Select,
    Box,
    Polygon,
    Keypoints,
}

/// <summary>What the save indicator shows.</summary>
public enum SaveState
{
    Saved,
    Saving,
    Conflict,
    Failed,
}

/// <summary>A shape drawn (or a text span selected) that waits for its label.</summary>
public sealed record DraftShape(Guid AssetId, Geometry Geometry);

/// <summary>One line of the "yours vs theirs" comparison.</summary>
public sealed record ConflictRow(string Field, string Theirs, string Mine)
{
    public bool Differs => !string.Equals(Theirs, Mine, StringComparison.Ordinal);
}

/// <summary>Somebody else changed what the user just tried to change: both versions, and what choosing each does.</summary>
public sealed record ConflictInfo(string Title, string Message, IReadOnlyList<ConflictRow> Rows, Func<Task> KeepMine, Func<Task>? KeepTheirs = null);

/// <summary>
/// The per-circuit state of the annotator workspace: the loaded item, selection, tool, drafts, save state and
/// conflicts. Components render it and subscribe to <see cref="Changed"/>; <see cref="WorkspaceEditor"/> changes it.
/// </summary>
public sealed class WorkspaceState
{
    private Dictionary<Guid, ItemQueries.LabelledAnnotation> _byId = [];
    private Dictionary<Guid, IReadOnlyList<ItemQueries.LabelledAnnotation>> _byAsset = [];
    private Dictionary<Guid, ItemQueries.EntityRow> _entities = [];
    private HashSet<Guid> _selection = [];

    /// <summary>Raised after any change; subscribers re-render.</summary>
    public event Action? Changed;

    /// <summary>Raised when the shared clock should jump to a time on the shared timeline (seconds).</summary>
    public event Action<double>? SeekRequested;

    public WorkspaceData? Data { get; private set; }

    public ItemQueries.ItemDetail Item => Data?.Item ?? throw new InvalidOperationException("No item is loaded.");

    public bool CanEdit => Data?.CanEdit == true;

    /// <summary>Annotation ids involved in open findings: the panes mark them.</summary>
    public IReadOnlySet<Guid> Flagged { get; private set; } = new HashSet<Guid>();

    /// <summary>Of <see cref="Flagged"/>, those in an open error (the others are only in warnings, marked amber).</summary>
    public IReadOnlySet<Guid> FlaggedErrors { get; private set; } = new HashSet<Guid>();

    /// <summary>The CSS class marking a flagged annotation by its worst open finding ("" when not flagged).</summary>
    public string FlagClass(Guid id) => !Flagged.Contains(id) ? "" : FlaggedErrors.Contains(id) ? "ma-flagged" : "ma-flagged ma-flagged-warning";

    public IReadOnlySet<Guid> Selection => _selection;

    public Guid? SelectedEntityId { get; private set; }

    public EditTool Tool { get; set; } = EditTool.Select;

    public DraftShape? Draft { get; set; }

    /// <summary>The annotation whose label is being changed in the label picker.</summary>
    public Guid? RelabelTarget { get; set; }

    public bool PickerOpen => Draft is not null || RelabelTarget is not null;

    /// <summary>Set while the user picks the counterpart of a link ("L").</summary>
    public Guid? LinkSource { get; set; }

    /// <summary>The mention being dragged towards the entity list.</summary>
    public Guid? Dragging { get; set; }

    public SaveState Save { get; private set; } = SaveState.Saved;

    public string? SaveMessage { get; private set; }

    public ConflictInfo? Conflict { get; set; }

    public bool ShortcutsVisible { get; set; }

    public Guid? MaximisedAsset { get; set; }

    /// <summary>The shared clock's time as last reported by the browser (a few times a second, and on pause/seek).</summary>
    public double CurrentTime { get; set; }

    public bool Playing { get; set; }

    /// <summary>What the shared timeline shows, rebuilt when the item's data is replaced.</summary>
    public TimelineModel Timeline { get; private set; } = new(0, 1, [], [], []);

    /// <summary>Bumped whenever the item's data is replaced; panes compare it to decide whether to re-send shapes.</summary>
    public int Revision { get; private set; }

    /// <summary>Bumped when panes must drop local, unsaved shape edits (a save failed) and show the stored state again.</summary>
    public int Epoch { get; private set; }

    public void Load(WorkspaceData? data)
    {
        Data = data;
        _selection = [];
        SelectedEntityId = null;
        Draft = null;
        RelabelTarget = null;
        LinkSource = null;
        Conflict = null;
        MaximisedAsset = null;
        Save = SaveState.Saved;
        SaveMessage = null;
        CurrentTime = 0;
        Playing = false;
        Index();
        Notify();
    }

    /// <summary>Replaces the item after a save (annotations, entities, findings); the selection keeps what still exists.</summary>
    public void ReplaceItem(ItemQueries.ItemDetail item)
    {
        if (Data is null)
        {
            return;
        }
        Data = Data with { Item = item };
        Index();
        _selection.RemoveWhere(id => !_byId.ContainsKey(id));
        if (SelectedEntityId is { } e && !_entities.ContainsKey(e))
        {
            SelectedEntityId = null;
        }
        if (LinkSource is { } s && !_byId.ContainsKey(s))
        {
            LinkSource = null;
        }
    }

    public ItemQueries.LabelledAnnotation? Annotation(Guid id) => _byId.GetValueOrDefault(id);

    public ItemQueries.EntityRow? Entity(Guid id) => _entities.GetValueOrDefault(id);

    public IReadOnlyList<ItemQueries.LabelledAnnotation> AnnotationsOf(Guid assetId) => _byAsset.GetValueOrDefault(assetId) ?? [];

    public ItemQueries.AssetView? Asset(Guid id) => Data?.Item.Assets.FirstOrDefault(a => a.Id == id);

    public WorkspaceLabel? Label(string name) =>
        Data?.Labels.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one selected annotation, when exactly one is selected.</summary>
    public ItemQueries.LabelledAnnotation? SingleSelected => _selection.Count == 1 ? Annotation(_selection.First()) : null;

    public void SelectOnly(Guid? id)
    {
        _selection = id is { } value && _byId.ContainsKey(value) ? [value] : [];
        SelectedEntityId = null;
    }

    public void ToggleSelected(Guid id)
    {
        if (!_selection.Remove(id) && _byId.ContainsKey(id))
        {
            _selection.Add(id);
        }
        SelectedEntityId = null;
    }

    public void SelectMany(IEnumerable<Guid> ids, Guid? entity = null)
    {
        _selection = [.. ids.Where(_byId.ContainsKey)];
        SelectedEntityId = entity;
    }

    public void SetSaving()
    {
        Save = SaveState.Saving;
        SaveMessage = null;
        Notify();
    }

    /// <summary>How many saves have finished (ok or not) since the item was opened; tests and the indicator key on it.</summary>
    public int SavesFinished { get; private set; }

    public void SetSaved()
    {
        SavesFinished++;
        Save = SaveState.Saved;
        SaveMessage = null;
    }

    /// <summary>The user dealt with the conflict or error shown: back to the quiet state (no save finished).</summary>
    public void ClearSaveProblem()
    {
        Save = SaveState.Saved;
        SaveMessage = null;
    }

    public void SetFailed(string message)
    {
        SavesFinished++;
        Save = SaveState.Failed;
        SaveMessage = message;
        Epoch++;
    }

    public void SetConflict(ConflictInfo conflict)
    {
        SavesFinished++;
        Save = SaveState.Conflict;
        SaveMessage = conflict.Message;
        Conflict = conflict;
        Epoch++;
    }

    public void RequestSeek(double time) => SeekRequested?.Invoke(time);

    public void Notify() => Changed?.Invoke();

    private void Index()
    {
        Revision++;
        if (Data is null)
        {
            _byId = [];
            _byAsset = [];
            _entities = [];
            Flagged = new HashSet<Guid>();
            FlaggedErrors = new HashSet<Guid>();
            Timeline = new TimelineModel(0, 1, [], [], []);
            return;
        }
        var item = Data.Item;
        _byId = item.Annotations.ToDictionary(a => a.Annotation.Id);
        _byAsset = item.Annotations.GroupBy(a => a.Annotation.AssetId).ToDictionary(g => g.Key, g => (IReadOnlyList<ItemQueries.LabelledAnnotation>)[.. g]);
        _entities = item.Entities.ToDictionary(e => e.Id);
        Flagged = item.Findings.Where(f => f.Status == FindingStatus.Open).SelectMany(f => f.AnnotationIds).ToHashSet();
        FlaggedErrors = item.Findings.Where(f => f.Status == FindingStatus.Open && f.Severity == Severity.Error).SelectMany(f => f.AnnotationIds).ToHashSet();
        Timeline = TimelineModel.Build(item);
    }
}
