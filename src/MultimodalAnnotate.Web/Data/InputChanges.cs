using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Data;

/// <summary>What a save did to one row that validation reads (ADR-008).</summary>
public enum InputChangeKind
{
    Asset,
    Annotation,
    Entity,
    Relation,

    /// <summary>A finding changed by something other than the item's validation (a reviewer's decision).</summary>
    Finding,
}

/// <summary>
/// One saved change to a validation input. <see cref="Row"/> is the tracked object with its saved values
/// (for a deletion, the values it had).
/// </summary>
public sealed record InputChange(InputChangeKind Kind, Guid Id, Guid ItemId, EntityState State, object Row);

/// <summary>
/// Keeps <see cref="Item.SnapshotStamp"/> honest (ADR-008): every save records the snapshot inputs it changed
/// (assets, annotations, entities, relations, and findings changed by anything but the validation itself);
/// the on-save validation takes the changes of its item (and writes a new stamp); the stamp of every item whose
/// inputs changed without being validated is cleared in the same transaction, so no node reuses a stale snapshot.
/// </summary>
public abstract partial class AppDbContext
{
    private readonly List<InputChange> _inputChanges = [];

    /// <summary>The input changes of one item this context is about to save (not yet recorded).</summary>
    public IReadOnlyList<InputChange> PendingInputChanges(Guid itemId)
    {
        // Entries() detects changes first (AutoDetectChangesEnabled), so no DetectChanges call of our own.
        return [.. ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(ToChange)
            .Where(c => c is not null && c.ItemId == itemId && c.Kind != InputChangeKind.Finding)
            .Select(c => c!)];
    }

    /// <summary>Removes and returns the recorded input changes of one item, oldest first.</summary>
    public IReadOnlyList<InputChange> TakeInputChanges(Guid itemId)
    {
        var taken = _inputChanges.Where(c => c.ItemId == itemId).ToList();
        _inputChanges.RemoveAll(c => c.ItemId == itemId);
        return taken;
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        base.OnConfiguring(optionsBuilder);
        optionsBuilder.AddInterceptors(SnapshotStampInterceptor.Instance);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var recorded = RecordInputChanges();
        if (recorded > 0 && Database.CurrentTransaction is null)
        {
            ClearPendingStamps();
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var recorded = RecordInputChanges();
        if (recorded > 0 && Database.CurrentTransaction is null)
        {
            // No transaction of the caller's: nobody validates inside it, so the stamps go before the change does.
            await ClearPendingStampsAsync(cancellationToken);
        }
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Clears the stamp of every item with recorded, not yet validated input changes.</summary>
    internal async Task ClearPendingStampsAsync(CancellationToken ct)
    {
        if (TakePendingItems() is { } items)
        {
            await Items.Where(i => items.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.SnapshotStamp, (Guid?)null), ct);
            ForgetStamps(items);
        }
    }

    internal void ClearPendingStamps()
    {
        if (TakePendingItems() is { } items)
        {
            Items.Where(i => items.Contains(i.Id)).ExecuteUpdate(s => s.SetProperty(i => i.SnapshotStamp, (Guid?)null));
            ForgetStamps(items);
        }
    }

    private List<Guid>? TakePendingItems()
    {
        if (_inputChanges.Count == 0)
        {
            return null;
        }
        var items = _inputChanges.Select(c => c.ItemId).Distinct().Where(id => !StampKnownAbsent(id)).ToList();
        _inputChanges.Clear();
        return items.Count == 0 ? null : items;
    }

    private HashSet<Guid>? _deferredBatchRates;

    /// <summary>
    /// From now on, validations in this context only note the batches whose rates moved; the caller stores them with
    /// <c>ItemValidation.StoreDeferredBatchRatesAsync</c> just before it commits (the re-validation job: one rate
    /// per batch and chunk, and the batch row locked only for the commit, not for the whole chunk).
    /// </summary>
    internal void DeferBatchRates() => _deferredBatchRates ??= [];

    /// <summary>True when the batch's rate is deferred (and noted).</summary>
    internal bool DeferBatchRate(Guid batchId) => _deferredBatchRates?.Add(batchId) is not null;

    internal List<Guid> TakeDeferredBatchRates()
    {
        var batches = _deferredBatchRates is null ? [] : _deferredBatchRates.ToList();
        _deferredBatchRates?.Clear();
        return batches;
    }

    /// <summary>Items whose validation is staged for this context's next save.</summary>
    private readonly HashSet<Guid> _validationStaged = [];

    /// <summary>
    /// Notes that the next save carries the item's validation (ItemValidation staged its findings and stamp): the
    /// input changes in that save were validated and leave the new stamp in place.
    /// </summary>
    internal void NoteValidationStaged(Guid itemId) => _validationStaged.Add(itemId);

    /// <summary>Items whose row this context locked (<c>FOR UPDATE</c>) in the transaction named.</summary>
    private readonly Dictionary<Guid, DbTransaction> _lockedItems = [];

    /// <summary>Notes that the current transaction holds the item's row lock (PostgreSQL <c>FOR UPDATE</c>).</summary>
    internal void NoteItemLocked(Guid itemId)
    {
        if (Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            _lockedItems[itemId] = transaction;
        }
    }

    /// <summary>
    /// True when the item's stamp is surely null in the store: its row is locked by this transaction (nobody else
    /// can write a stamp) and it was read, or last saved, without one. Its stamp then needs no clearing — the
    /// saves of a bulk import with on-save validation off skip a round trip each.
    /// </summary>
    private bool StampKnownAbsent(Guid itemId)
    {
        if (!_lockedItems.TryGetValue(itemId, out var transaction) || Database.CurrentTransaction?.GetDbTransaction() != transaction)
        {
            return false;
        }
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return ChangeTracker.Entries<Item>().FirstOrDefault(e => e.Entity.Id == itemId) is { } entry
                && entry.State != EntityState.Deleted
                && entry.Property(i => i.SnapshotStamp).OriginalValue is null
                && entry.Entity.SnapshotStamp is null;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>Tracked items learn that their stored stamp is gone (unless this context is writing a new one).</summary>
    private void ForgetStamps(List<Guid> items)
    {
        foreach (var tracked in ChangeTracker.Entries<Item>().Where(e => items.Contains(e.Entity.Id)))
        {
            var stamp = tracked.Property(i => i.SnapshotStamp);
            if (!stamp.IsModified)
            {
                stamp.CurrentValue = null;
                stamp.OriginalValue = null;
                stamp.IsModified = false;
            }
        }
    }

    private int RecordInputChanges()
    {
        ChangeTracker.DetectChanges();
        // A save that carries an item's validation (staged just before it): the changes in it were validated.
        var validating = new HashSet<Guid>(_validationStaged);
        _validationStaged.Clear();
        var count = 0;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var change = ToChange(entry);
            if (change is not null && validating.Contains(change.ItemId))
            {
                continue;
            }
            if (change is not null)
            {
                _inputChanges.Add(change);
                count++;
                if (entry.State == EntityState.Modified && !Equals(entry.Property("ItemId").OriginalValue, entry.Property("ItemId").CurrentValue))
                {
                    // Moved to another item (not done today): the old item changed too.
                    _inputChanges.Add(change with { ItemId = (Guid)entry.Property("ItemId").OriginalValue! });
                }
            }
        }
        return count;
    }

    private static InputChange? ToChange(EntityEntry entry) => entry.Entity switch
    {
        Annotation a => new InputChange(InputChangeKind.Annotation, a.Id, ItemOf(entry, a.ItemId), entry.State, a),
        Entity e => new InputChange(InputChangeKind.Entity, e.Id, ItemOf(entry, e.ItemId), entry.State, e),
        Relation r => new InputChange(InputChangeKind.Relation, r.Id, ItemOf(entry, r.ItemId), entry.State, r),
        Asset a => new InputChange(InputChangeKind.Asset, a.Id, ItemOf(entry, a.ItemId), entry.State, a),
        FindingRecord f => new InputChange(InputChangeKind.Finding, f.Id, ItemOf(entry, f.ItemId), entry.State, f),
        _ => null,
    };

    private static Guid ItemOf(EntityEntry entry, Guid current) =>
        entry.State == EntityState.Deleted ? (Guid)entry.Property("ItemId").OriginalValue! : current;
}

/// <summary>Before a transaction commits, clears the stamps of items whose input changes were not validated in it.</summary>
internal sealed class SnapshotStampInterceptor : DbTransactionInterceptor
{
    public static readonly SnapshotStampInterceptor Instance = new();

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db)
        {
            await db.ClearPendingStampsAsync(cancellationToken);
        }
        return result;
    }

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is AppDbContext db)
        {
            db.ClearPendingStamps();
        }
        return result;
    }
}
