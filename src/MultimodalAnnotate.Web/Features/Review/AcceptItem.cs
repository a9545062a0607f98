using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>A QA lead accepts a QA-sampled item (refused while a confirmed finding is still open).</summary>
public sealed class AcceptItem(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, int ExpectedVersion, string? Comment = null);

    public async Task<WriteResult<ReviewOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var step = new ItemTransition.Step(ReviewAction.Accept, ReviewWorkflow.QaLeads, _ => ReviewWorkflow.QaLeads, "accept items",
            string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim(),
            async (context, item) =>
            {
                var open = await ReviewSteps.OpenConfirmedAsync(context, item.Id, ct);
                return open.Count == 0 ? null : ReviewSteps.ConfirmedStillOpen(open, "accept");
            });
        return await ItemTransition.RunAsync(db, request.ItemId, request.ExpectedVersion, userId, step, clock.GetUtcNow(), ct);
    }
}
