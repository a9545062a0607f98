using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// An annotator hands in an item: Annotating or Returned → Submitted, then validation runs in the same transaction
/// and moves it on to Flagged (open error findings) or Clean. Only an annotator assigned to the item (or a project
/// admin) may submit. An overlap annotator's submission closes their own blind assignment and leaves the item's
/// status alone (the primary annotator's work drives the workflow).
/// </summary>
public sealed class SubmitItem(IDbContextFactory<AppDbContext> factory, ItemValidation validation, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, int ExpectedVersion, string? Comment = null);

    public async Task<WriteResult<ReviewOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await ReviewSteps.LoadItemAsync(db, request.ItemId, userId, ct) is not { } loaded)
        {
            return ReviewSteps.NotFound<ReviewOutcome>("item", request.ItemId);
        }
        var (item, roles) = loaded;
        var assignment = await db.ItemAssignments.FirstOrDefaultAsync(a => a.ItemId == item.Id && a.UserId == userId, ct);
        var isAdmin = roles.Contains(ProjectRole.Admin);
        if ((assignment is null || !roles.Contains(ProjectRole.Annotator)) && !isAdmin)
        {
            return ReviewSteps.Forbidden<ReviewOutcome>("Only an annotator assigned to this item (or a project admin) can submit it.");
        }
        if (item.Version != request.ExpectedVersion)
        {
            return ReviewSteps.Stale<ReviewOutcome>(item, request.ExpectedVersion);
        }
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (assignment is { IsOverlap: true } && !isAdmin)
        {
            if (assignment.SubmittedAt is not null)
            {
                return WriteResult<ReviewOutcome>.Invalid("status", "you already submitted your overlap annotation of this item");
            }
            assignment.SubmittedAt = now;
            var overlap = ReviewSteps.Record(db, item, ReviewAction.Submit, item.Status, item.Status, request.Comment ?? "overlap annotation submitted", userId, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WriteResult<ReviewOutcome>.Ok(new ReviewOutcome(item.Id, item.Status, item.Version, [overlap.Id]));
        }
        if (ReviewWorkflow.Next(item.Status, ReviewAction.Submit) is not { } submitted)
        {
            return WriteResult<ReviewOutcome>.Invalid("status", ReviewWorkflow.Illegal(ReviewAction.Submit, item.Status));
        }

        var submit = ReviewSteps.Move(db, item, ReviewAction.Submit, submitted, request.Comment, userId, now);
        var primary = assignment is { IsOverlap: false }
            ? assignment
            : await db.ItemAssignments.FirstOrDefaultAsync(a => a.ItemId == item.Id && !a.IsOverlap, ct);
        if (primary is not null)
        {
            primary.SubmittedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<ReviewOutcome>.Conflict("the item was changed by someone else while you submitted it; reload it and submit again", null);
        }

        await validation.RevalidateAsync(db, item.Id, ct);
        var openErrors = await db.Findings.CountAsync(f => f.ItemId == item.Id && f.Status == FindingStatus.Open && f.Severity == Severity.Error, ct);
        var outcome = openErrors > 0 ? ItemStatus.Flagged : ItemStatus.Clean;
        item.Status = outcome;
        // Validation is its own step (taken for the submitter) and ends after the submission: its own timestamp keeps the order.
        var validated = ReviewSteps.Record(db, item, ReviewAction.AutoValidate, submitted, outcome,
            openErrors > 0 ? $"validation found {openErrors} open error finding{(openErrors == 1 ? "" : "s")}" : "validation found no open errors",
            userId, Later(now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return WriteResult<ReviewOutcome>.Ok(new ReviewOutcome(item.Id, item.Status, item.Version, [submit.Id, validated.Id], openErrors, outcome));
    }

    /// <summary>Now, but strictly after <paramref name="before"/> (a coarse or fixed clock would tie them).</summary>
    private DateTimeOffset Later(DateTimeOffset before)
    {
        var now = clock.GetUtcNow();
        return now > before ? now : before.AddTicks(10);
    }
}
