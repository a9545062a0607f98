using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// A reviewer confirms a finding: it is real and must be fixed before the item can be approved. Confirming a waived
/// finding takes the waiver back (the finding is open again). A fixed finding needs no decision.
/// </summary>
public sealed class ConfirmFinding(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid FindingId, int ExpectedItemVersion, string? Comment = null);

    public async Task<WriteResult<FindingDecisionOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await FindingDecision.RunAsync(db, validation, request.FindingId, request.ExpectedItemVersion, userId, ReviewAction.ConfirmFinding,
            f => f switch
            {
                { Status: FindingStatus.Fixed } => $"{f.RuleCode} is already fixed: re-validation no longer finds it",
                { Status: FindingStatus.Open, Confirmed: true } => $"{f.RuleCode} is already confirmed",
                _ => null,
            },
            f =>
            {
                f.Status = FindingStatus.Open;
                f.Confirmed = true;
                f.WaiverReason = null;
            },
            string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(), clock.GetUtcNow(), ct);
    }
}
