using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Re-validates one item inside the caller's transaction and reconciles its stored findings: new findings
/// open, findings no longer produced become fixed, waived findings stay waived unless their inputs changed.
/// Also stores the item's sync-error rate (DESIGN.md §2).
/// </summary>
public sealed class ItemValidation(ValidatorCache cache, SnapshotCache snapshots, TimeProvider clock, IOptions<ValidationOptions> options)
{
    /// <summary>
    /// Called by every write use case inside its transaction: re-validates the item, unless on-save validation is
    /// switched off (bulk imports), in which case the item is marked stale for the project re-validation job.
    /// </summary>
    public async Task AfterWriteAsync(AppDbContext db, Guid itemId, CancellationToken ct)
    {
        if (options.Value.OnSave)
        {
            await RevalidateAsync(db, itemId, ct);
        }
        else
        {
            await db.Items.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ValidatedRulesVersion, 0), ct);
        }
    }

    public async Task<ItemValidationResult> RevalidateAsync(AppDbContext db, Guid itemId, CancellationToken ct)
    {
        var locked = await LockItemAsync(db, itemId, ct);
        var staged = await StageAsync(db, locked, ct, always: true);
        await db.SaveChangesAsync(ct);
        return await CompleteAsync(db, staged, ct);
    }

    /// <summary>
    /// Reads the item (tracked) with its project's rules version and locks its row for the rest of the
    /// transaction (PostgreSQL; SQLite has one writer anyway): two saves of one item validate one after the
    /// other, each from what the other committed. Write use cases call this first thing in their transaction.
    /// With on-save validation on PostgreSQL, the lock is the <c>UPDATE</c> that writes the validation's new stamp
    /// (ADR-008): the item row is written once per save, and nothing else of it unless its rates change.
    /// </summary>
    public async Task<LockedItem> LockItemAsync(AppDbContext db, Guid itemId, CancellationToken ct)
    {
        if (db.IsPostgres && options.Value.OnSave)
        {
            return await LockAndStampAsync(db, itemId, ct);
        }
        var items = db.IsPostgres ? db.Items.FromSql($"SELECT * FROM \"Items\" WHERE \"Id\" = {itemId} FOR UPDATE") : db.Items;
        var row = await items.Where(i => i.Id == itemId)
            .Join(db.Projects, i => i.ProjectId, p => p.Id, (i, p) => new { Item = i, p.RulesVersion })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            throw new InvalidOperationException($"item {itemId} does not exist");
        }
        if (db.IsPostgres)
        {
            db.NoteItemLocked(itemId);
        }
        return new LockedItem(row.Item, row.RulesVersion, row.Item.SnapshotStamp, StampWritten: false);
    }

    /// <summary>
    /// Locks the item row by writing the new stamp, validation time and rules version the validation staged next
    /// will store. The stamp the row held before is needed to tell whether the cached snapshot is still current;
    /// an <c>UPDATE</c> returns only new values, so the new stamp is chosen in the statement from two fresh ones by
    /// whether the old one was the cached snapshot's. (The statement sees the row as last committed, like
    /// <c>FOR UPDATE</c>: a concurrent writer's stamp is compared, never an older one.)
    /// </summary>
    private async Task<LockedItem> LockAndStampAsync(AppDbContext db, Guid itemId, CancellationToken ct)
    {
        var cached = snapshots.StampOf(itemId);
        var ifCached = Guid.NewGuid();
        var otherwise = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var rows = await db.Items.FromSql($"""
            UPDATE "Items" AS i
            SET "SnapshotStamp" = CASE WHEN i."SnapshotStamp" = {cached} THEN {ifCached} ELSE {otherwise} END,
                "ValidatedAt" = {now}, "ValidatedRulesVersion" = p."RulesVersion"
            FROM "Projects" AS p
            WHERE i."Id" = {itemId} AND p."Id" = i."ProjectId"
            RETURNING i.*
            """).AsNoTracking().ToListAsync(ct);
        var fetched = rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"item {itemId} does not exist");
        // The context may track the item already (a validation deferred past a save locks it again): it then learns
        // the written values, as saved ones.
        var entry = db.Items.Local.FindEntry(itemId);
        if (entry is null)
        {
            entry = db.Items.Attach(fetched);
        }
        else
        {
            SetSaved(entry.Property(i => i.SnapshotStamp), fetched.SnapshotStamp);
            SetSaved(entry.Property(i => i.ValidatedAt), fetched.ValidatedAt);
            SetSaved(entry.Property(i => i.ValidatedRulesVersion), fetched.ValidatedRulesVersion);
        }
        db.NoteItemLocked(itemId);
        return new LockedItem(entry.Entity, fetched.ValidatedRulesVersion, fetched.SnapshotStamp == ifCached ? cached : null, StampWritten: true);
    }

    private static void SetSaved<T>(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyEntry<Item, T> property, T value)
    {
        property.CurrentValue = value;
        property.OriginalValue = value;
        property.IsModified = false;
    }

    /// <summary>
    /// Validates the locked item with every change this context saved or is about to save, and stages the
    /// reconciled findings, rates and new stamp in the context: the caller's next <c>SaveChanges</c> writes them
    /// with its own change, in one round trip. Then call <see cref="CompleteAsync"/>.
    /// With <paramref name="overlap"/>, the engine runs on another thread while the caller goes on with its
    /// queries (UpdateAnnotation's input checks); the caller then calls <see cref="ReconcileAsync"/> before its
    /// <c>SaveChanges</c> (or <see cref="CompleteAsync"/> reconciles after it, in a second round trip).
    /// With on-save validation off (and not <paramref name="always"/>), only marks the item stale for the
    /// re-validation job.
    /// </summary>
    public async Task<StagedValidation> StageAsync(AppDbContext db, LockedItem locked, CancellationToken ct, bool always = false, bool overlap = false)
    {
        var item = locked.Item;
        var itemId = item.Id;
        if (!options.Value.OnSave && !always)
        {
            item.ValidatedRulesVersion = 0;
            return new StagedValidation(item, null);
        }
        var rulesVersion = locked.RulesVersion;
        var rules = await cache.GetAsync(item.ProjectId, rulesVersion, async () =>
        {
            var (ontology, names) = await SnapshotLoader.LoadOntologyWithNamesAsync(db, item.ProjectId, ct);
            var policy = await db.Projects.Where(p => p.Id == item.ProjectId).Select(p => p.Policy).FirstAsync(ct);
            return (ontology, names, policy);
        });
        var pending = db.PendingInputChanges(itemId);
        if (await snapshots.GetAsync(db, item, locked.StoredStamp, rulesVersion, rules.ClassNames, db.TakeInputChanges(itemId), pending, options.Value.SnapshotCache, ct)
            is not var (snapshot, versions, cachedFindings, memo))
        {
            // The pending changes cannot be validated before they are saved: validate after the save instead.
            return new StagedValidation(item, null, deferred: true);
        }
        var validator = rules.Validator;
        var engine = overlap ? Task.Run(() => validator.Validate(snapshot, memo), ct) : Task.FromResult(validator.Validate(snapshot, memo));
        // Findings are read untracked and only the ones that change are handed to EF: tracking every finding of
        // a busy item costs more than validating it.
        var existing = cachedFindings ?? await db.Findings.AsNoTracking().Where(f => f.ItemId == itemId).ToListAsync(ct);
        // A fresh stamp for the inputs being validated: the cached snapshot is reused only while it is still there.
        // On PostgreSQL the lock wrote it, with the validation time.
        var now = locked.StampWritten ? item.ValidatedAt!.Value : clock.GetUtcNow();
        var stamp = locked.StampWritten ? item.SnapshotStamp!.Value : Guid.NewGuid();
        var result = new StagedResult(stamp, rulesVersion, snapshot, versions, existing, engine, now, item.UnitsInScope, item.UnitsWithError) { Memo = memo };
        item.ValidatedAt = now;
        item.ValidatedRulesVersion = rulesVersion;
        item.SnapshotStamp = stamp;
        // The next save carries this validation: the changes in it are validated, its stamp stays.
        db.NoteValidationStaged(itemId);
        if (!overlap)
        {
            Reconcile(db, item, result, await engine);
        }
        return new StagedValidation(item, result);
    }

    /// <summary>
    /// For a validation staged with <c>overlap</c>: waits for the engine and stages the reconciled findings and
    /// rates before the caller's <c>SaveChanges</c>, so they go in its batch. Without this call,
    /// <see cref="CompleteAsync"/> reconciles after the save and writes what changed in a second round trip.
    /// </summary>
    public async Task ReconcileAsync(AppDbContext db, StagedValidation staged)
    {
        if (staged.Result is { Current: null } result)
        {
            Reconcile(db, staged.Item, result, await result.Engine);
        }
    }

    /// <summary>
    /// After the caller's <c>SaveChanges</c>: reconciles the findings if that waited for the engine (and saves what
    /// changed), remembers the snapshot, stores the batch's rate if it moved.
    /// </summary>
    public async Task<ItemValidationResult> CompleteAsync(AppDbContext db, StagedValidation staged, CancellationToken ct)
    {
        var item = staged.Item;
        if (staged.Deferred)
        {
            return await RevalidateAsync(db, item.Id, ct);
        }
        if (staged.Result is not { } result)
        {
            return new ItemValidationResult(0, item.UnitsInScope, item.UnitsWithError, item.SyncErrorRate ?? 0);
        }
        if (result.Current is null)
        {
            var produced = await result.Engine;
            if (Reconcile(db, item, result, produced))
            {
                // This save carries the validation, so its findings are not taken for outside changes.
                db.NoteValidationStaged(item.Id);
                await db.SaveChangesAsync(ct);
            }
        }
        // The rows are kept as saved; every reader gets copies (SnapshotCache.GetAsync).
        snapshots.Put(item.Id, new SnapshotCache.Entry(result.Stamp, result.RulesVersion, result.Snapshot, result.Versions, result.Current!) { Memo = result.Memo }, options.Value.SnapshotCache);
        if ((item.UnitsInScope != result.UnitsBefore || item.UnitsWithError != result.ErrorsBefore) && !db.DeferBatchRate(item.BatchId))
        {
            await StoreBatchRateAsync(db, item.BatchId, ct);
        }
        return new ItemValidationResult((await result.Engine).Count, item.UnitsInScope, item.UnitsWithError, item.SyncErrorRate ?? 0);
    }

    /// <summary>
    /// Matches the produced findings with the stored ones (new open, gone fixed, waived kept unless their inputs
    /// changed), hands the changed ones to EF and sets the item's rates. True when anything is to be written.
    /// </summary>
    private static bool Reconcile(AppDbContext db, Item item, StagedResult staged, IReadOnlyList<Finding> produced)
    {
        var itemId = item.Id;
        var versions = staged.Versions;
        var now = staged.Now;
        var written = false;
        // Instances the caller already tracks (a reviewer's decision) are used as they are. Changes were detected
        // just before (PendingInputChanges, or the save), so the tracker is asked without detecting them again.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        Dictionary<Guid, FindingRecord> tracked;
        try
        {
            tracked = db.ChangeTracker.Entries<FindingRecord>().Where(e => e.Entity.ItemId == itemId).ToDictionary(e => e.Entity.Id, e => e.Entity);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        var existing = staged.Existing.Select(f => tracked.GetValueOrDefault(f.Id) ?? f).ToList();
        var byKey = existing.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var current = new List<FindingRecord>(existing);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var finding in produced)
        {
            if (!seen.Add(finding.Key))
            {
                continue;
            }
            // The inputs hash is taken only when it is compared (a waived finding) or written (a new or changed one).
            string? hash = null;
            var isNew = !byKey.TryGetValue(finding.Key, out var record);
            var changed = isNew;
            if (record is null)
            {
                record = new FindingRecord { ItemId = itemId, Key = finding.Key, FirstSeenAt = now };
                current.Add(record);
            }
            else if (record.Status == FindingStatus.Waived && record.InputsHash.Length == 0)
            {
                // Just waived (WaiveFinding clears the hash): the waiver holds for the inputs as they are now.
                Track(db, record);
                record.InputsHash = InputsHash(finding, versions);
                written = true;
            }
            else if (record.Status == FindingStatus.Waived && record.InputsHash != (hash = InputsHash(finding, versions)))
            {
                Track(db, record);
                // The waiver was given for other inputs: the annotations changed, so the reviewer must look again.
                record.Status = FindingStatus.Open;
                record.WaiverReason = null;
                changed = true;
            }
            else if (record.Status == FindingStatus.Fixed)
            {
                Track(db, record);
                record.Status = FindingStatus.Open;
                record.FixedAt = null;
                record.Confirmed = false;
                changed = true;
            }
            changed |= record.Type != finding.Type
                || record.RuleCode != finding.RuleCode
                || record.Severity != finding.Severity
                || record.Message != finding.Message
                || record.SuggestedFix != finding.SuggestedFix
                || record.Time != finding.Time
                || record.EntityId != finding.EntityId
                || !SameIds(record.AnnotationIds, finding.AnnotationIds);
            // The inputs hash only matters to a waiver (taken when it is given), so a finding whose annotations were
            // merely edited is not rewritten for it: the common edit then writes no finding at all.
            if (!changed)
            {
                // Only a finding that changed is written back: an unchanged one costs no UPDATE on every save.
                continue;
            }
            if (isNew)
            {
                db.Findings.Add(record);
            }
            else
            {
                Track(db, record);
            }
            record.Type = finding.Type;
            record.RuleCode = finding.RuleCode;
            record.Severity = finding.Severity;
            record.Message = finding.Message;
            record.SuggestedFix = finding.SuggestedFix;
            record.Time = finding.Time;
            record.EntityId = finding.EntityId;
            record.AnnotationIds = [.. finding.AnnotationIds];
            record.InputsHash = hash ?? InputsHash(finding, versions);
            record.LastSeenAt = now;
            written = true;
        }
        foreach (var record in existing.Where(r => !seen.Contains(r.Key) && r.Status != FindingStatus.Fixed))
        {
            Track(db, record);
            record.Status = FindingStatus.Fixed;
            record.FixedAt = now;
            written = true;
        }

        var errorUnits = new HashSet<Guid>();
        foreach (var f in current)
        {
            if (f.Status == FindingStatus.Open && f.Severity == Severity.Error)
            {
                errorUnits.Add(f.EntityId ?? EntityOfAny(f.AnnotationIds, versions) ?? f.AnnotationIds.FirstOrDefault());
            }
        }
        var unitsInScope = UnitsInScope(staged.Snapshot.Entities, errorUnits);
        double? rate = unitsInScope == 0 ? 0 : (double)errorUnits.Count / unitsInScope;
        written |= item.UnitsInScope != unitsInScope || item.UnitsWithError != errorUnits.Count || item.SyncErrorRate != rate;
        item.UnitsInScope = unitsInScope;
        item.UnitsWithError = errorUnits.Count;
        item.SyncErrorRate = rate;
        staged.Current = current;
        return written;
    }

    /// <summary>The entity of the first of the annotations that has one.</summary>
    private static Guid? EntityOfAny(List<Guid> annotationIds, IReadOnlyDictionary<Guid, SnapshotLoader.AnnotationState> versions)
    {
        foreach (var id in annotationIds)
        {
            if (versions.TryGetValue(id, out var state) && state.EntityId is { } entity)
            {
                return entity;
            }
        }
        return null;
    }

    /// <summary>The item's entities plus the error units that are not entities (annotations that should be linked).</summary>
    private static int UnitsInScope(IReadOnlyList<EntitySnapshot> entities, HashSet<Guid> errorUnits)
    {
        if (errorUnits.Count == 0)
        {
            return entities.Count;
        }
        if (errorUnits.Count * entities.Count <= 4096)
        {
            // The usual few error units: a scan is cheaper than a set of every entity.
            var count = entities.Count;
            foreach (var unit in errorUnits)
            {
                var isEntity = false;
                for (var e = 0; e < entities.Count && !isEntity; e++)
                {
                    isEntity = entities[e].Id == unit;
                }
                count += isEntity ? 0 : 1;
            }
            return count;
        }
        var ids = new HashSet<Guid>(entities.Count + errorUnits.Count);
        foreach (var entity in entities)
        {
            ids.Add(entity.Id);
        }
        var units = ids.Count;
        foreach (var unit in errorUnits)
        {
            if (!ids.Contains(unit))
            {
                units++;
            }
        }
        return units;
    }

    private static bool SameIds(List<Guid> stored, IReadOnlyList<Guid> produced)
    {
        if (stored.Count != produced.Count)
        {
            return false;
        }
        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i] != produced[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Attaches a stored finding read untracked, as it is, before it is changed: EF then writes only the columns
    /// that change (an edit usually changes a finding's inputs hash and little else). A tracked one is left alone.
    /// </summary>
    private static void Track(AppDbContext db, FindingRecord record)
    {
        if (db.Entry(record).State == EntityState.Detached)
        {
            db.Findings.Attach(record);
        }
    }

    /// <summary>
    /// The batch's rate over all its units (not the mean of item rates), stored for the dashboards. On PostgreSQL the
    /// batch row is locked before the units are summed: a transaction that waited for another one's rate then sums
    /// what that one committed, instead of overwriting it with a sum taken before it (the last writer would win
    /// with a stale rate).
    /// </summary>
    internal static async Task StoreBatchRateAsync(AppDbContext db, Guid batchId, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Batches\" WHERE \"Id\" = {batchId} FOR NO KEY UPDATE", ct);
        }
        var totals = await db.Items.Where(i => i.BatchId == batchId)
            .GroupBy(i => i.BatchId)
            .Select(g => new { Units = g.Sum(i => i.UnitsInScope), Errors = g.Sum(i => i.UnitsWithError) })
            .FirstAsync(ct);
        double? rate = totals.Units == 0 ? 0 : (double)totals.Errors / totals.Units;
        await db.Batches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.SyncErrorRate, rate), ct);
    }

    /// <summary>Stores the rates of the batches whose items this context validated with their rates deferred.</summary>
    public static async Task StoreDeferredBatchRatesAsync(AppDbContext db, CancellationToken ct)
    {
        foreach (var batchId in db.TakeDeferredBatchRates().Order())
        {
            await StoreBatchRateAsync(db, batchId, ct);
        }
    }

    /// <summary>
    /// Identifies the inputs of a finding — its annotations at their versions — so a waiver can tell whether they
    /// changed. FNV-1a over the sorted ids and versions: stable across processes, allocation-free but for the text.
    /// </summary>
    private static string InputsHash(Finding finding, IReadOnlyDictionary<Guid, SnapshotLoader.AnnotationState> versions)
    {
        Span<Guid> ids = finding.AnnotationIds.Count <= 64 ? stackalloc Guid[finding.AnnotationIds.Count] : new Guid[finding.AnnotationIds.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = finding.AnnotationIds[i];
        }
        ids.Sort();
        var hash = 14695981039346656037UL;
        Span<byte> bytes = stackalloc byte[20];
        foreach (var id in ids)
        {
            id.TryWriteBytes(bytes);
            BitConverter.TryWriteBytes(bytes[16..], versions.TryGetValue(id, out var v) ? v.Version : 0);
            foreach (var b in bytes)
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// <c>Validation:OnSave</c> (default true): validate every write; off for bulk imports, then re-validate by job.
/// <c>Validation:SnapshotCache</c> (default true): reuse the last validated snapshot of an item (ADR-008).
/// </summary>
public sealed class ValidationOptions
{
    public bool OnSave { get; set; } = true;

    public bool SnapshotCache { get; set; } = true;
}

public sealed record ItemValidationResult(int Findings, int UnitsInScope, int UnitsWithError, double SyncErrorRate);

/// <summary>
/// An item read and locked for validation, with its project's rules version. <see cref="StoredStamp"/> is its
/// stamp in the store before the lock (null when unknown or none); <see cref="StampWritten"/> when the lock
/// already wrote the validation's new stamp, validation time and rules version (PostgreSQL).
/// </summary>
public sealed record LockedItem(Item Item, int RulesVersion, Guid? StoredStamp, bool StampWritten);

/// <summary>A validation staged in a context, waiting for the caller's <c>SaveChanges</c>.</summary>
public sealed class StagedValidation
{
    internal StagedValidation(Item item, StagedResult? result, bool deferred = false) => (Item, Result, Deferred) = (item, result, deferred);

    public Item Item { get; }

    /// <summary>True when the validation has to run after the save (it could not be staged before it).</summary>
    internal bool Deferred { get; }

    /// <summary>Null when on-save validation is off (the item was only marked stale).</summary>
    internal StagedResult? Result { get; }
}

/// <summary>What <see cref="ItemValidation.CompleteAsync"/> needs after the save.</summary>
internal sealed class StagedResult(
    Guid stamp, int rulesVersion, ItemSnapshot snapshot, IReadOnlyDictionary<Guid, SnapshotLoader.AnnotationState> versions,
    IReadOnlyList<FindingRecord> existing, Task<IReadOnlyList<Finding>> engine, DateTimeOffset now, int unitsBefore, int errorsBefore)
{
    public Guid Stamp { get; } = stamp;
    /// <summary>The engine's memo of the item (ValidationMemo), kept with the cached snapshot for the next save.</summary>
    public required ValidationMemo Memo { get; init; }
    public int RulesVersion { get; } = rulesVersion;
    public ItemSnapshot Snapshot { get; } = snapshot;
    public IReadOnlyDictionary<Guid, SnapshotLoader.AnnotationState> Versions { get; } = versions;
    /// <summary>The stored findings (untracked copies) as read before validating.</summary>
    public IReadOnlyList<FindingRecord> Existing { get; } = existing;
    public Task<IReadOnlyList<Finding>> Engine { get; } = engine;
    public DateTimeOffset Now { get; } = now;
    public int UnitsBefore { get; } = unitsBefore;
    public int ErrorsBefore { get; } = errorsBefore;
    /// <summary>The item's findings after reconciling; null until then.</summary>
    public List<FindingRecord>? Current { get; set; }
}
