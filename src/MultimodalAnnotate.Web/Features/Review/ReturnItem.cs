using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// Sends an item back to its annotator's queue with a comment saying what to fix (the comment is required). A
/// reviewer returns an item in review; a QA lead returns a QA-sampled item that fails the sample.
/// </summary>
public sealed class ReturnItem(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, int ExpectedVersion, string Comment);

    private static readonly HashSet<ProjectRole> Anyone = [.. ReviewWorkflow.Reviewers, .. ReviewWorkflow.QaLeads];

    public async Task<WriteResult<ReviewOutcome>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var comment = request.Comment?.Trim() ?? "";
        var step = new ItemTransition.Step(ReviewAction.Return, Anyone, ReviewWorkflow.StageOwners, "return items", comment,
            (_, _) => Task.FromResult(comment.Length == 0 ? "say what the annotator should fix: a comment is required to return an item" : null),
            GuardField: "comment");
        return await ItemTransition.RunAsync(db, request.ItemId, request.ExpectedVersion, userId, step, clock.GetUtcNow(), ct);
    }
}
