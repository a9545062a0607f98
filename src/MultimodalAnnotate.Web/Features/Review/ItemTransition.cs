using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// One workflow step on one item in one transaction, in the order every review use case checks: the item exists for
/// the caller (else not found), the caller holds a role that may take this step at all (else forbidden), the version
/// the caller saw is current (else conflict), the step is legal from the current status (else invalid, naming it),
/// the caller owns the current stage (else forbidden), the step's own guard holds (else invalid). Then the status
/// moves, the version goes up, and the decision is recorded.
/// </summary>
internal static class ItemTransition
{
    public sealed record Step(
        ReviewAction Action,
        IReadOnlySet<ProjectRole> AnyOwners,
        Func<ItemStatus, IReadOnlySet<ProjectRole>> StageOwners,
        string Who,
        string? Comment = null,
        Func<AppDbContext, Item, Task<string?>>? Guard = null,
        string GuardField = "findings");

    public static async Task<WriteResult<ReviewOutcome>> RunAsync(
        AppDbContext db, Guid itemId, int expectedVersion, string userId, Step step, DateTimeOffset now, CancellationToken ct)
    {
        if (await ReviewSteps.LoadItemAsync(db, itemId, userId, ct) is not { } loaded)
        {
            return ReviewSteps.NotFound<ReviewOutcome>("item", itemId);
        }
        var (item, roles) = loaded;
        if (!roles.Overlaps(step.AnyOwners))
        {
            return ReviewSteps.Forbidden<ReviewOutcome>($"Only a {ReviewSteps.RoleNames(step.AnyOwners)} of this project can {step.Who}.");
        }
        if (item.Version != expectedVersion)
        {
            return ReviewSteps.Stale<ReviewOutcome>(item, expectedVersion);
        }
        if (ReviewWorkflow.Next(item.Status, step.Action) is not { } to)
        {
            return WriteResult<ReviewOutcome>.Invalid("status", ReviewWorkflow.Illegal(step.Action, item.Status));
        }
        var owners = step.StageOwners(item.Status);
        if (!roles.Overlaps(owners))
        {
            return ReviewSteps.Forbidden<ReviewOutcome>(
                $"The item is {ReviewWorkflow.Describe(item.Status)}: only a {ReviewSteps.RoleNames(owners)} of this project can {step.Who} now.");
        }
        if (step.Guard is not null && await step.Guard(db, item) is { } refusal)
        {
            return WriteResult<ReviewOutcome>.Invalid(step.GuardField, refusal);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var decision = ReviewSteps.Move(db, item, step.Action, to, step.Comment, userId, now);
        if (step.Action == ReviewAction.Return)
        {
            // Back in the annotator's queue: their assignment is open again.
            await db.ItemAssignments.Where(a => a.ItemId == item.Id && !a.IsOverlap)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.SubmittedAt, (DateTimeOffset?)null), ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<ReviewOutcome>.Conflict("the item was changed by someone else at the same moment; reload it and decide again", null);
        }
        await tx.CommitAsync(ct);
        return WriteResult<ReviewOutcome>.Ok(new ReviewOutcome(item.Id, item.Status, item.Version, [decision.Id]));
    }
}
