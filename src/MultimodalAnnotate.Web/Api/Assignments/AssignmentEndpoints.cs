using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Assignments;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Assignments;

/// <summary>
/// Handing out work over HTTP: one endpoint per use case of <c>Features/Assignments</c>, which check the caller's role
/// (project admins), the assignee's role (annotators of the project) and the item's status.
/// </summary>
internal static class AssignmentEndpoints
{
    public const string Tag = "Assignments";

    public static void MapAssignments(this RouteGroupBuilder api)
    {
        var assignments = api.MapGroup("/").WithTags(Tag);

        assignments.MapPost("/items/{itemId:guid}/assignment", async Task<Results<Ok<ItemAssignmentsView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ItemAssignmentsView>>>> (
                Guid itemId, JsonBody<AssignItemBody> body, ClaimsPrincipal user, AssignItems useCase, AssignmentReads reads, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(body.Value.UserId))
                {
                    return ApiProblems.Invalid("userId", "the id of the annotator to assign the item to is required");
                }
                var result = await useCase.ExecuteAsync(new AssignItems.Request(body.Value.UserId, [itemId], body.Value.Overlap ?? false), user.Id(), ct);
                return await AnswerAsync(result, r => TypedResults.Ok(ItemAssignmentsView.From(r.Items[0])), itemId, reads, ct);
            })
            .WithName("AssignItem")
            .WithSummary("Assign an item to an annotator, as its primary annotator or as a blind overlap annotator (project admins)")
            .WithDescription("`overlap` false or absent: the annotator becomes the item's primary annotator, replacing the previous one (an item being annotated or returned moves to the new annotator's queue). `overlap` true: the annotator labels the item blind next to the primary one. Refused (400) for an assignee who is not an annotator of the project (`userId`), for an approved, QA-sampled or accepted item (`status`), and for an overlap assignment of the primary annotator (`userId`) or of an item without a primary annotator (`overlap`). Assigning what is already so changes nothing. Bumps the item's version.")
            .ProducesAssignmentErrors();

        assignments.MapDelete("/items/{itemId:guid}/assignment/{userId}", async Task<Results<Ok<ItemAssignmentsView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ItemAssignmentsView>>>> (
                Guid itemId, string userId, ClaimsPrincipal user, UnassignItem useCase, AssignmentReads reads, CancellationToken ct) =>
            {
                var result = await useCase.ExecuteAsync(new UnassignItem.Request(itemId, userId), user.Id(), ct);
                return await AnswerAsync(result, r => TypedResults.Ok(ItemAssignmentsView.From(r)), itemId, reads, ct);
            })
            .WithName("UnassignItem")
            .WithSummary("Take an item away from one of its annotators (project admins)")
            .WithDescription("The primary annotator's item leaves their queue and waits unassigned. Refused (400) when the user is not assigned to the item (`userId`), for an approved, QA-sampled or accepted item (`status`), and for an overlap annotator who has already labelled something blind on the item (`userId`: their work would be lost). Bumps the item's version.")
            .ProducesAssignmentErrors();

        assignments.MapPost("/batches/{batchId:guid}/distribute", async Task<Results<Ok<DistributionView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<DistributionView>>>> (
                Guid batchId, JsonBody<DistributeBody> body, ClaimsPrincipal user, DistributeBatch useCase, CancellationToken ct) =>
            {
                if (body.Value.UserIds is not { Count: > 0 } userIds)
                {
                    return ApiProblems.Invalid("userIds", "the ids of the annotators to distribute the items to are required");
                }
                var result = await useCase.ExecuteAsync(new DistributeBatch.Request(batchId, userIds), user.Id(), ct);
                // DistributeBatch itself tells a non-member (not found) from a member without the admin role (forbidden).
                return await result.ToHttpAsync<DistributeBatch.Result, Ok<DistributionView>, DistributionView>(
                    r => TypedResults.Ok(DistributionView.From(r)), $"batch {batchId} was not found", () => Task.FromResult(true), _ => null);
            })
            .WithName("DistributeBatch")
            .WithSummary("Spread a batch's unassigned items round-robin over annotators (project admins)")
            .WithDescription("Items without a primary annotator that are not approved, QA-sampled or accepted, in name order, go to the listed annotators in turn (their counts differ by at most one); items already assigned keep their annotator. Refused (400, `userIds`) when a listed user is not an annotator of the project. Nothing unassigned left answers 200 with empty shares. 409 when an item of the batch changed at the same moment (nothing was distributed).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<ConflictProblem<DistributionView>>(StatusCodes.Status409Conflict, "application/problem+json");
    }

    /// <summary>
    /// Spells an assignment use case's result like every write endpoint (<see cref="WriteResponses"/>); a 409 carries
    /// the item's annotators as they are now (read afresh: the use case reports no state when two changes raced).
    /// </summary>
    private static async Task<Results<TOk, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ItemAssignmentsView>>>> AnswerAsync<TValue, TOk>(
        WriteResult<TValue> result, Func<TValue, TOk> ok, Guid itemId, AssignmentReads reads, CancellationToken ct)
        where TOk : IResult
    {
        if (result.Outcome == WriteOutcome.Conflict)
        {
            result = result with { Current = await reads.ItemAsync(itemId, ct) };
        }
        // The assignment use cases answer not found to a non-member and forbidden only to a member without the admin role.
        return await result.ToHttpAsync<TValue, TOk, ItemAssignmentsView>(ok, $"item {itemId} was not found", () => Task.FromResult(true), v => v.Version);
    }

    /// <summary>403 (not a project admin), 404 (missing or another project's), 409 (a simultaneous change, with the item's annotators now).</summary>
    private static RouteHandlerBuilder ProducesAssignmentErrors(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<ConflictProblem<ItemAssignmentsView>>(StatusCodes.Status409Conflict, "application/problem+json");
}
