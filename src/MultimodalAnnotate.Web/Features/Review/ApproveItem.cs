using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// A reviewer approves an item in review. Refused while a finding the reviewer confirmed is still open: a confirmed
/// finding is one that must be fixed (or, on second thought, waived with a reason) first.
/// </summary>
public sealed class ApproveItem(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, int ExpectedVersion, string? Comment = null);

    public async Task<WriteResult<ReviewOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var step = new ItemTransition.Step(ReviewAction.Approve, ReviewWorkflow.Reviewers, _ => ReviewWorkflow.Reviewers, "approve items",
            string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(),
            async (context, item) =>
            {
                var open = await ReviewSteps.OpenConfirmedAsync(context, item.Id, ct);
                return open.Count == 0 ? null : ReviewSteps.ConfirmedStillOpen(open, "approve");
            });
        return await ItemTransition.RunAsync(db, request.ItemId, request.ExpectedVersion, userId, step, clock.GetUtcNow(), ct);
    }
}
