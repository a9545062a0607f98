using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// Re-validates one item inside the caller's transaction and reconciles its stored findings: new findings
/// open, findings no longer produced become fixed, waived findings stay waived unless their inputs changed.
/// Also stores the item's sync-error rate (DESIGN.md §2).
/// </summary>
public sealed class ItemValidation(ValidatorCache cache, TimeProvider clock)
{
    public async Task<ItemValidationResult> RevalidateAsync(AppDbContext db, Guid itemId, CancellationToken ct)
    {
        var item = await db.Items.FirstAsync(i => i.Id == itemId, ct);
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == item.ProjectId)
            .Select(p => new { p.Id, p.RulesVersion, p.Policy }).FirstAsync(ct);
        var validator = await cache.GetAsync(project.Id, project.RulesVersion,
            async () => (await SnapshotLoader.LoadOntologyAsync(db, project.Id, ct), project.Policy));
        var snapshot = await SnapshotLoader.LoadItemAsync(db, itemId, ct);
        var produced = validator.Validate(snapshot);

        var versions = await db.Annotations.AsNoTracking().Where(a => a.ItemId == itemId)
            .Select(a => new { a.Id, a.Version, a.EntityId }).ToDictionaryAsync(a => a.Id, ct);
        var existing = await db.Findings.Where(f => f.ItemId == itemId).ToListAsync(ct);
        var byKey = existing.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var finding in produced)
        {
            if (!seen.Add(finding.Key))
            {
                continue;
            }
            var hash = InputsHash(finding, id => versions.TryGetValue(id, out var v) ? v.Version : 0);
            if (!byKey.TryGetValue(finding.Key, out var record))
            {
                record = new FindingRecord { ItemId = itemId, Key = finding.Key, FirstSeenAt = now };
                db.Findings.Add(record);
            }
            else if (record.Status == FindingStatus.Waived && record.InputsHash != hash)
            {
                // The waiver was given for other inputs: the annotations changed, so the reviewer must look again.
                record.Status = FindingStatus.Open;
                record.WaiverReason = null;
            }
            else if (record.Status == FindingStatus.Fixed)
            {
                record.Status = FindingStatus.Open;
                record.FixedAt = null;
                record.Confirmed = false;
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
        }
        foreach (var record in existing.Where(r => !seen.Contains(r.Key) && r.Status != FindingStatus.Fixed))
        {
            record.Status = FindingStatus.Fixed;
            record.FixedAt = now;
        }

        var entityIds = snapshot.Entities.Select(e => e.Id).ToHashSet();
        var errorUnits = db.Findings.Local
            .Where(f => f.ItemId == itemId && f.Status == FindingStatus.Open && f.Severity == Severity.Error)
            .Select(f => f.EntityId
                ?? f.AnnotationIds.Select(id => versions.TryGetValue(id, out var v) ? v.EntityId : null).FirstOrDefault(e => e is not null)
                ?? f.AnnotationIds.FirstOrDefault())
            .ToHashSet();
        item.UnitsInScope = entityIds.Union(errorUnits).Count();
        item.UnitsWithError = errorUnits.Count;
        item.SyncErrorRate = item.UnitsInScope == 0 ? 0 : (double)item.UnitsWithError / item.UnitsInScope;
        item.ValidatedAt = now;
        item.ValidatedRulesVersion = project.RulesVersion;
        await db.SaveChangesAsync(ct);
        await StoreBatchRateAsync(db, item.BatchId, ct);
        return new ItemValidationResult(produced.Count, item.UnitsInScope, item.UnitsWithError, item.SyncErrorRate ?? 0);
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

public sealed record ItemValidationResult(int Findings, int UnitsInScope, int UnitsWithError, double SyncErrorRate);
