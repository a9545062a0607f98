using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>The finding after a reviewer's decision.</summary>
public sealed record FindingDecisionOutcome(Guid FindingId, FindingStatus Status, bool Confirmed, string? WaiverReason, int ItemVersion, Guid DecisionId);

/// <summary>
/// A reviewer's decision on one finding, checked like a workflow step (exists → role → item version → the item is
/// being reviewed or QA-sampled → the caller owns that stage → the decision fits the finding). The item's version
/// goes up, so two reviewers deciding on the same item at once cannot both win; the item is re-validated in the
/// same transaction so its sync-error rate follows a waiver at once.
/// </summary>
internal static class FindingDecision
{
    private static readonly HashSet<ProjectRole> Deciders = [.. ReviewWorkflow.Reviewers, .. ReviewWorkflow.QaLeads];

    public static async Task<WriteResult<FindingDecisionOutcome>> RunAsync(
        AppDbContext db, ItemValidation validation, Guid findingId, int expectedItemVersion, string userId, ReviewAction action,
        Func<FindingRecord, string?> check, Action<FindingRecord> apply, string? comment, DateTimeOffset now, CancellationToken ct)
    {
        var finding = await db.Findings.FirstOrDefaultAsync(f => f.Id == findingId, ct);
        if (finding is null || await ReviewSteps.LoadItemAsync(db, finding.ItemId, userId, ct) is not { } loaded)
        {
            return ReviewSteps.NotFound<FindingDecisionOutcome>("finding", findingId);
        }
        var (item, roles) = loaded;
        if (!roles.Overlaps(Deciders))
        {
            return ReviewSteps.Forbidden<FindingDecisionOutcome>($"Only a {ReviewSteps.RoleNames(Deciders)} of this project can confirm or waive findings.");
        }
        if (item.Version != expectedItemVersion)
        {
            return ReviewSteps.Stale<FindingDecisionOutcome>(item, expectedItemVersion);
        }
        if (!ReviewWorkflow.AcceptsFindingDecisions(item.Status))
        {
            return WriteResult<FindingDecisionOutcome>.Invalid("status",
                $"findings are confirmed or waived while the item is in review or QA-sampled; it is {ReviewWorkflow.Describe(item.Status)} (start a review first)");
        }
        var owners = ReviewWorkflow.StageOwners(item.Status);
        if (!roles.Overlaps(owners))
        {
            return ReviewSteps.Forbidden<FindingDecisionOutcome>(
                $"The item is {ReviewWorkflow.Describe(item.Status)}: only a {ReviewSteps.RoleNames(owners)} of this project can decide on its findings now.");
        }
        if (check(finding) is { } refusal)
        {
            return WriteResult<FindingDecisionOutcome>.Invalid("finding", refusal);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = State(finding);
        apply(finding);
        finding.DecidedById = userId;
        finding.DecidedAt = now;
        item.Version++;
        item.UpdatedAt = now;
        var decision = ReviewSteps.Record(db, item, action, item.Status, item.Status, comment, userId, now, finding.Id, before, State(finding));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<FindingDecisionOutcome>.Conflict("the item was changed by someone else at the same moment; reload it and decide again", null);
        }
        await validation.RevalidateAsync(db, item.Id, ct);
        await tx.CommitAsync(ct);
        return WriteResult<FindingDecisionOutcome>.Ok(new FindingDecisionOutcome(finding.Id, finding.Status, finding.Confirmed, finding.WaiverReason, item.Version, decision.Id));
    }

    private static string State(FindingRecord f) =>
        JsonSerializer.Serialize(new { status = f.Status, confirmed = f.Confirmed, waiverReason = f.WaiverReason, rule = f.RuleCode }, ReviewSteps.Json);
}
