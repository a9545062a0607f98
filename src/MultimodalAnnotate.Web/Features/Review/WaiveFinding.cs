using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// A reviewer waives a finding with a reason (required): it no longer counts towards the sync-error rate but stays
/// visible, counted as "waived". The waiver holds until the involved annotations change (then validation reopens it).
/// </summary>
public sealed class WaiveFinding(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid FindingId, int ExpectedItemVersion, string Reason);

    public const int MaxReasonLength = 2000;

    public async Task<WriteResult<FindingDecisionOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0)
        {
            return WriteResult<FindingDecisionOutcome>.Invalid("reason", "say why the finding does not apply: a reason is required to waive it");
        }
        if (reason.Length > MaxReasonLength)
        {
            return WriteResult<FindingDecisionOutcome>.Invalid("reason", $"the reason is {reason.Length} characters long; at most {MaxReasonLength} are kept");
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        return await FindingDecision.RunAsync(db, validation, request.FindingId, request.ExpectedItemVersion, userId, ReviewAction.WaiveFinding,
            f => f.Status switch
            {
                FindingStatus.Fixed => $"{f.RuleCode} is already fixed: re-validation no longer finds it",
                FindingStatus.Waived => $"{f.RuleCode} is already waived ({f.WaiverReason})",
                _ => null,
            },
            f =>
            {
                f.Status = FindingStatus.Waived;
                f.Confirmed = false;
                f.WaiverReason = reason;
                // The re-validation that follows in this transaction records the inputs the waiver was given for.
                f.InputsHash = "";
            },
            reason, clock.GetUtcNow(), ct);
    }
}
