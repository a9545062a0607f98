using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Api.Items;

/// <summary>What a re-validation found.</summary>
/// <param name="Findings">Findings the engine produced (all severities, before reconciling).</param>
/// <param name="UnitsInScope">Cross-modal units in scope.</param>
/// <param name="UnitsWithError">Units with an open error.</param>
/// <param name="SyncErrorRate">UnitsWithError / UnitsInScope.</param>
/// <param name="OpenFindings">Open stored findings by severity after reconciling (waived ones are not open).</param>
public sealed record ValidationSummary(int Findings, int UnitsInScope, int UnitsWithError, double SyncErrorRate, FindingCounts OpenFindings);

/// <summary>
/// Re-validates one item now (any member may: it recomputes, it does not change annotations), in one transaction,
/// through the same <see cref="ItemValidation"/> every save uses. Null when the caller cannot see the item.
/// </summary>
public sealed class ValidateItemNow(IDbContextFactory<AppDbContext> factory, ItemValidation validation)
{
    public async Task<ValidationSummary?> ExecuteAsync(Guid itemId, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var projectId = await db.Items.Where(i => i.Id == itemId).Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct);
        if (projectId is not { } p || !await ProjectAccess.HasAnyAsync(db, userId, p, ProjectAccess.Readers, ct))
        {
            return null;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await validation.RevalidateAsync(db, itemId, ct);
        await tx.CommitAsync(ct);
        var findings = await db.Findings.AsNoTracking().Where(f => f.ItemId == itemId).ToListAsync(ct);
        return new ValidationSummary(result.Findings, result.UnitsInScope, result.UnitsWithError, result.SyncErrorRate, FindingCounts.Of(findings));
    }
}
