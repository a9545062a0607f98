using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>A reviewer takes a submitted, flagged or clean item: it moves to InReview.</summary>
public sealed class StartReview(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, int ExpectedVersion);

    public async Task<WriteResult<ReviewOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var step = new ItemTransition.Step(ReviewAction.StartReview, ReviewWorkflow.Reviewers, _ => ReviewWorkflow.Reviewers, "start a review");
        return await ItemTransition.RunAsync(db, request.ItemId, request.ExpectedVersion, userId, step, clock.GetUtcNow(), ct);
    }
}
