using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using AnnotationState = MultimodalAnnotate.Web.Features.Validation.SnapshotLoader.AnnotationState;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// The last validated snapshot of recently edited items, so that a save re-reads nothing but its own change
/// (ADR-008). An entry is used only while the item's stored <see cref="Item.SnapshotStamp"/> still equals the
/// entry's: every other writer — another request, another node, a job, a rolled-back transaction — leaves a
/// different stamp (or none), and the snapshot is then read from the store again.
/// </summary>
public sealed class SnapshotCache
{
    /// <summary>Recently edited items kept; beyond that the least recently used are dropped.</summary>
    public const int Capacity = 2048;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _hits;
    private long _misses;
    private long _clock;

    /// <summary>A snapshot as of one stamp, with the version and entity of each of its annotations and the stored findings.</summary>
    internal sealed record Entry(
        Guid Stamp,
        int RulesVersion,
        ItemSnapshot Snapshot,
        IReadOnlyDictionary<Guid, AnnotationState> States,
        IReadOnlyList<FindingRecord> Findings)
    {
        private Dictionary<Guid, int>? _annotationIndex;

        /// <summary>What the engine derived from the item, reused for the parts the next save leaves unchanged.</summary>
        internal ValidationMemo Memo { get; init; } = new();

        internal long LastUsed { get; set; }

        /// <summary>Position of each annotation in the snapshot, built on first use.</summary>
        internal Dictionary<Guid, int> AnnotationIndex => _annotationIndex ??= Snapshot.Annotations
            .Select((a, i) => (a.Id, i))
            .ToDictionary(x => x.Id, x => x.i);
    }

    /// <summary>Saves validated from a cached snapshot (plus their own change) since start.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Validations that had to read the item's snapshot from the store.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public int Count => _entries.Count;

    /// <summary>
    /// The item's snapshot after the changes this context saved (<paramref name="storedStamp"/>: the item's stamp in
    /// the store before this transaction's validation replaced it): the cached one patched with them when the
    /// stored stamp proves nothing else changed, otherwise read from the store.
    /// </summary>
    internal async Task<(ItemSnapshot Snapshot, IReadOnlyDictionary<Guid, AnnotationState> States, List<FindingRecord>? Findings, ValidationMemo Memo)?> GetAsync(
        AppDbContext db, Item item, Guid? storedStamp, int rulesVersion, IReadOnlyDictionary<Guid, string> classNames,
        IReadOnlyList<InputChange> saved, IReadOnlyList<InputChange> pending, bool enabled, CancellationToken ct)
    {
        var changes = saved.Concat(pending).ToList();
        if (enabled
            && storedStamp is { } stamp
            && _entries.TryGetValue(item.Id, out var entry)
            && entry.Stamp == stamp
            && entry.RulesVersion == rulesVersion
            && Patch(entry, changes, classNames) is { } patched)
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            Interlocked.Increment(ref _hits);
            // Copies: the caller changes them, and its transaction may still roll back.
            var findings = changes.Any(c => c.Kind == InputChangeKind.Finding) ? null : entry.Findings.Select(Copy).ToList();
            return (patched.Item1, patched.Item2, findings, entry.Memo);
        }
        Interlocked.Increment(ref _misses);
        var (snapshot, states) = await SnapshotLoader.LoadItemWithStateAsync(db, item.Id, ct);
        if (pending.Count == 0)
        {
            return (snapshot, states, null, new ValidationMemo());
        }
        // The store does not have the changes about to be saved yet: they are applied to what it has, or, when
        // that cannot be done here (an asset change, a label unknown to the compiled ontology), null.
        return Patch(new Entry(Guid.Empty, rulesVersion, snapshot, states, []), pending, classNames) is { } withPending
            ? (withPending.Item1, withPending.Item2, null, new ValidationMemo())
            : null;
    }

    /// <summary>
    /// A detached copy of a finding row (its annotation list is replaced, never changed in place). A memberwise
    /// clone: the constructor would draw a new id and allocate a list only to overwrite them.
    /// </summary>
    internal static FindingRecord Copy(FindingRecord f) => f.ShallowCopy();

    /// <summary>Remembers the snapshot validated under a new stamp (written to the item in the same transaction).</summary>
    internal void Put(Guid itemId, Entry entry, bool enabled)
    {
        if (!enabled)
        {
            return;
        }
        entry.LastUsed = Interlocked.Increment(ref _clock);
        _entries[itemId] = entry;
        if (_entries.Count > Capacity)
        {
            foreach (var old in _entries.OrderBy(e => e.Value.LastUsed).Take(_entries.Count - Capacity * 3 / 4).ToList())
            {
                _entries.TryRemove(old);
            }
        }
    }

    public void Forget(Guid itemId) => _entries.TryRemove(itemId, out _);

    /// <summary>The stamp of an item's cached snapshot (null when the item is not cached).</summary>
    internal Guid? StampOf(Guid itemId) => _entries.TryGetValue(itemId, out var entry) ? entry.Stamp : null;

    /// <summary>The engine memo kept with an item's cached snapshot (null when the item is not cached).</summary>
    internal ValidationMemo? MemoOf(Guid itemId) => _entries.TryGetValue(itemId, out var entry) ? entry.Memo : null;

    /// <summary>
    /// The common case, cheaply: annotations edited in place (label, attributes, geometry), none added, removed or
    /// moved between entities — entities and relations are shared with the cached snapshot. Null otherwise.
    /// </summary>
    private static (ItemSnapshot, IReadOnlyDictionary<Guid, AnnotationState>)? PatchEdits(
        Entry entry, IReadOnlyList<InputChange> changes, IReadOnlyDictionary<Guid, string> classNames)
    {
        foreach (var change in changes)
        {
            if (change is not { Kind: InputChangeKind.Annotation, State: EntityState.Modified, Row: Annotation { AssignmentId: null } a }
                || !entry.States.TryGetValue(a.Id, out var state)
                || state.EntityId != a.EntityId
                || !classNames.ContainsKey(a.ClassId))
            {
                return null;
            }
        }
        // A save edits one or a few annotations: finding them by a scan is cheaper than building the entry's index.
        var index = changes.Count > 4 ? entry.AnnotationIndex : null;
        var annotations = entry.Snapshot.Annotations.ToArray();
        var states = new Dictionary<Guid, AnnotationState>(entry.States);
        foreach (var change in changes)
        {
            var a = (Annotation)change.Row;
            annotations[index?[a.Id] ?? PositionOf(annotations, a.Id)] = new AnnotationSnapshot(
                a.Id, a.AssetId, classNames[a.ClassId], AttributeDictionary.From(a.Attributes), a.Geometry, a.AuthorId);
            states[a.Id] = new AnnotationState(a.Version, a.EntityId);
        }
        return (entry.Snapshot with { Annotations = annotations }, states);
    }

    private static int PositionOf(AnnotationSnapshot[] annotations, Guid id)
    {
        for (var i = 0; i < annotations.Length; i++)
        {
            if (annotations[i].Id == id)
            {
                return i;
            }
        }
        throw new InvalidOperationException($"annotation {id} is not in the cached snapshot");
    }

    /// <summary>Applies saved rows to a snapshot; null when a change cannot be applied (an asset changed).</summary>
    private static (ItemSnapshot, IReadOnlyDictionary<Guid, AnnotationState>)? Patch(
        Entry entry, IReadOnlyList<InputChange> changes, IReadOnlyDictionary<Guid, string> classNames)
    {
        if (changes.Count == 0)
        {
            return (entry.Snapshot, entry.States);
        }
        if (changes.Any(c => c.Kind == InputChangeKind.Asset))
        {
            return null;
        }
        if (PatchEdits(entry, changes, classNames) is { } edited)
        {
            return edited;
        }
        var snapshot = entry.Snapshot;
        var annotations = snapshot.Annotations.ToDictionary(a => a.Id);
        var order = snapshot.Annotations.Select(a => a.Id).ToList();
        var states = new Dictionary<Guid, AnnotationState>(entry.States);
        var entities = snapshot.Entities.ToDictionary(e => e.Id, e => e.Name);
        var entityOrder = snapshot.Entities.Select(e => e.Id).ToList();
        var relations = snapshot.Relations.ToDictionary(r => r.Id);
        var relationOrder = snapshot.Relations.Select(r => r.Id).ToList();

        foreach (var change in changes)
        {
            switch (change.Row)
            {
                case Annotation a when change.State == EntityState.Deleted || a.AssignmentId is not null:
                    annotations.Remove(a.Id);
                    states.Remove(a.Id);
                    // The store deletes the relations of a deleted annotation with it.
                    foreach (var r in relations.Values.Where(r => r.FromAnnotationId == a.Id || r.ToAnnotationId == a.Id).ToList())
                    {
                        relations.Remove(r.Id);
                    }
                    break;
                case Annotation a:
                    if (!classNames.TryGetValue(a.ClassId, out var label))
                    {
                        return null;
                    }
                    if (!annotations.ContainsKey(a.Id))
                    {
                        order.Add(a.Id);
                    }
                    annotations[a.Id] = new AnnotationSnapshot(
                        a.Id, a.AssetId, label, AttributeDictionary.From(a.Attributes), a.Geometry, a.AuthorId);
                    states[a.Id] = new AnnotationState(a.Version, a.EntityId);
                    break;
                case Entity e when change.State == EntityState.Deleted || e.AssignmentId is not null:
                    entities.Remove(e.Id);
                    // The store sets the mentions' entity to null when their entity is deleted.
                    foreach (var (id, state) in states.Where(s => s.Value.EntityId == e.Id).ToList())
                    {
                        states[id] = state with { EntityId = null };
                    }
                    break;
                case Entity e:
                    if (!entities.ContainsKey(e.Id))
                    {
                        entityOrder.Add(e.Id);
                    }
                    entities[e.Id] = e.Name;
                    break;
                case Relation r when change.State == EntityState.Deleted:
                    relations.Remove(r.Id);
                    break;
                case Relation r:
                    if (!relations.ContainsKey(r.Id))
                    {
                        relationOrder.Add(r.Id);
                    }
                    relations[r.Id] = new RelationSnapshot(r.Id, r.Type, r.FromAnnotationId, r.ToAnnotationId);
                    break;
                case FindingRecord:
                    // Not part of the snapshot: the findings are read from the store instead of the cache.
                    break;
                default:
                    return null;
            }
        }

        var mentions = states
            .Where(s => s.Value.EntityId is { } id && entities.ContainsKey(id))
            .GroupBy(s => s.Value.EntityId!.Value, s => s.Key)
            .ToDictionary(g => g.Key, g => g.Order().ToList());
        var patched = new ItemSnapshot(
            snapshot.Id,
            snapshot.Assets,
            [.. order.Where(annotations.ContainsKey).Select(id => annotations[id])],
            [.. entityOrder.Where(entities.ContainsKey).Select(id => new EntitySnapshot(id, entities[id], mentions.GetValueOrDefault(id) ?? []))],
            [.. relationOrder.Where(relations.ContainsKey).Select(id => relations[id])]);
        return (patched, states);
    }
}
