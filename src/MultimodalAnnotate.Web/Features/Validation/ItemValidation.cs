using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
        // The item row is locked for the rest of the transaction (PostgreSQL; SQLite has one writer anyway): two
        // saves of one item validate one after the other, each from what the other committed.
        var items = db.IsPostgres ? db.Items.FromSql($"SELECT * FROM \"Items\" WHERE \"Id\" = {itemId} FOR UPDATE") : db.Items;
        var row = await items.Where(i => i.Id == itemId)
            .Join(db.Projects, i => i.ProjectId, p => p.Id, (i, p) => new { Item = i, p.RulesVersion })
            .FirstAsync(ct);
        var item = row.Item;
        var rules = await cache.GetAsync(item.ProjectId, row.RulesVersion, async () =>
        {
            var (ontology, names) = await SnapshotLoader.LoadOntologyWithNamesAsync(db, item.ProjectId, ct);
            var policy = await db.Projects.Where(p => p.Id == item.ProjectId).Select(p => p.Policy).FirstAsync(ct);
            return (ontology, names, policy);
        });
        var changes = db.TakeInputChanges(itemId);
        var (snapshot, versions, cachedFindings) = await snapshots.GetAsync(db, item, row.RulesVersion, rules.ClassNames, changes, options.Value.SnapshotCache, ct);
        var produced = rules.Validator.Validate(snapshot);
        var (unitsBefore, errorsBefore) = (item.UnitsInScope, item.UnitsWithError);

        // Findings are read untracked and only the ones that change are handed to EF: tracking every finding of
        // a busy item costs more than validating it. Instances the caller already tracks (a reviewer's unsaved
        // decision) are used as they are.
        var tracked = db.ChangeTracker.Entries<FindingRecord>().Where(e => e.Entity.ItemId == itemId).ToDictionary(e => e.Entity.Id, e => e.Entity);
        var existing = (cachedFindings ?? await db.Findings.AsNoTracking().Where(f => f.ItemId == itemId).ToListAsync(ct))
            .Select(f => tracked.GetValueOrDefault(f.Id) ?? f)
            .ToList();
        var byKey = existing.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var current = new List<FindingRecord>(existing);
        var now = clock.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var finding in produced)
        {
            if (!seen.Add(finding.Key))
            {
                continue;
            }
            var hash = InputsHash(finding, id => versions.TryGetValue(id, out var v) ? v.Version : 0);
            var isNew = !byKey.TryGetValue(finding.Key, out var record);
            var changed = isNew;
            if (record is null)
            {
                record = new FindingRecord { ItemId = itemId, Key = finding.Key, FirstSeenAt = now };
                current.Add(record);
            }
            else if (record.Status == FindingStatus.Waived && record.InputsHash != hash)
            {
                // The waiver was given for other inputs: the annotations changed, so the reviewer must look again.
                record.Status = FindingStatus.Open;
                record.WaiverReason = null;
                changed = true;
            }
            else if (record.Status == FindingStatus.Fixed)
            {
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
                || record.InputsHash != hash
                || !record.AnnotationIds.SequenceEqual(finding.AnnotationIds);
            if (!changed)
            {
                // Only a finding that changed is written back: an unchanged one costs no UPDATE on every save.
                continue;
            }
            record.Type = finding.Type;
            record.RuleCode = finding.RuleCode;
            record.Severity = finding.Severity;
            record.Message = finding.Message;
            record.SuggestedFix = finding.SuggestedFix;
            record.Time = finding.Time;
            record.EntityId = finding.EntityId;
            record.AnnotationIds = [.. finding.AnnotationIds];
            record.InputsHash = hash;
            record.LastSeenAt = now;
            Write(db, record, isNew);
        }
        foreach (var record in existing.Where(r => !seen.Contains(r.Key) && r.Status != FindingStatus.Fixed))
        {
            record.Status = FindingStatus.Fixed;
            record.FixedAt = now;
            Write(db, record, isNew: false);
        }

        var entityIds = snapshot.Entities.Select(e => e.Id).ToHashSet();
        var errorUnits = current
            .Where(f => f.Status == FindingStatus.Open && f.Severity == Severity.Error)
            .Select(f => f.EntityId
                ?? f.AnnotationIds.Select(id => versions.TryGetValue(id, out var v) ? v.EntityId : null).FirstOrDefault(e => e is not null)
                ?? f.AnnotationIds.FirstOrDefault())
            .ToHashSet();
        item.UnitsInScope = entityIds.Union(errorUnits).Count();
        item.UnitsWithError = errorUnits.Count;
        item.SyncErrorRate = item.UnitsInScope == 0 ? 0 : (double)item.UnitsWithError / item.UnitsInScope;
        item.ValidatedAt = now;
        item.ValidatedRulesVersion = row.RulesVersion;
        // A fresh stamp for the inputs just validated: the cached snapshot is reused only while it is still there.
        var stamp = Guid.NewGuid();
        item.SnapshotStamp = stamp;
        await db.SaveChangesAsync(ct);
        snapshots.Put(itemId, new SnapshotCache.Entry(stamp, row.RulesVersion, snapshot, versions, [.. current.Select(SnapshotCache.Copy)]), options.Value.SnapshotCache);
        if (item.UnitsInScope != unitsBefore || item.UnitsWithError != errorsBefore)
        {
            await StoreBatchRateAsync(db, item.BatchId, ct);
        }
        return new ItemValidationResult(produced.Count, item.UnitsInScope, item.UnitsWithError, item.SyncErrorRate ?? 0);
    }

    /// <summary>Hands a new or changed finding to EF (a tracked one is detected by EF itself).</summary>
    private static void Write(AppDbContext db, FindingRecord record, bool isNew)
    {
        if (isNew)
        {
            db.Findings.Add(record);
        }
        else if (db.Entry(record).State == EntityState.Detached)
        {
            db.Findings.Update(record);
        }
    }

    /// <summary>The batch's rate over all its units (not the mean of item rates), stored for the dashboards.</summary>
    private static async Task StoreBatchRateAsync(AppDbContext db, Guid batchId, CancellationToken ct)
    {
        var totals = await db.Items.Where(i => i.BatchId == batchId)
            .GroupBy(i => i.BatchId)
            .Select(g => new { Units = g.Sum(i => i.UnitsInScope), Errors = g.Sum(i => i.UnitsWithError) })
            .FirstAsync(ct);
        double? rate = totals.Units == 0 ? 0 : (double)totals.Errors / totals.Units;
        await db.Batches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s.SetProperty(b => b.SyncErrorRate, rate), ct);
    }

    private static string InputsHash(Finding finding, Func<Guid, int> version)
    {
        var text = new StringBuilder();
        foreach (var id in finding.AnnotationIds.Order())
        {
            text.Append(id.ToString("N")).Append(':').Append(version(id)).Append(';');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
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
