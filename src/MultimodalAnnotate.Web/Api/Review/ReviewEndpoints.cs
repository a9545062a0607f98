using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Review;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Review;

/// <summary>
/// The review workflow over HTTP: one endpoint per use case of <c>Features/Review</c> (which check the roles, the
/// item's version and the status), the work queues of one project, and an item's recorded decisions.
/// </summary>
internal static class ReviewEndpoints
{
    public const string Tag = "Review";

    private const string VersionRequired = "the item version you saw is required (from a queue, GET /api/v1/items/{id} or the previous step)";

    public static void MapReview(this RouteGroupBuilder api)
    {
        var review = api.MapGroup("/").WithTags(Tag);

        review.MapPost("/items/{itemId:guid}/submit", async Task<Results<Ok<SubmittedView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid itemId, JsonBody<ItemStepBody> body, ClaimsPrincipal user, SubmitItem useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.Version is not { } version)
                {
                    return ApiProblems.Invalid("version", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new SubmitItem.Request(itemId, version, body.Value.Comment), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(SubmittedView.From(o)), ItemMissing(itemId), () => reads.ItemStateAsync(itemId, ct));
            })
            .WithName("SubmitItem")
            .WithSummary("Submit an item for review (its assigned annotator, or a project admin)")
            .WithDescription("Annotating or returned → submitted; validation runs in the same transaction and moves it on to `flagged` (an open error finding) or `clean`, answered as `validation`. An overlap annotator's submission closes their blind assignment and leaves the item's status alone.")
            .ProducesWorkflowErrors();

        review.MapPost("/items/{itemId:guid}/review/start", async Task<Results<Ok<ReviewStateView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid itemId, JsonBody<StartReviewBody> body, ClaimsPrincipal user, StartReview useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.Version is not { } version)
                {
                    return ApiProblems.Invalid("version", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new StartReview.Request(itemId, version), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(ReviewStateView.From(o)), ItemMissing(itemId), () => reads.ItemStateAsync(itemId, ct));
            })
            .WithName("StartReview")
            .WithSummary("Start reviewing a submitted, flagged or clean item (reviewers, admins)")
            .WithDescription("Moves it to `inReview`; its findings can then be confirmed or waived.")
            .ProducesWorkflowErrors();

        review.MapPost("/items/{itemId:guid}/review/approve", async Task<Results<Ok<ReviewStateView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid itemId, JsonBody<ItemStepBody> body, ClaimsPrincipal user, ApproveItem useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.Version is not { } version)
                {
                    return ApiProblems.Invalid("version", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new ApproveItem.Request(itemId, version, body.Value.Comment), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(ReviewStateView.From(o)), ItemMissing(itemId), () => reads.ItemStateAsync(itemId, ct));
            })
            .WithName("ApproveItem")
            .WithSummary("Approve an item in review (reviewers, admins)")
            .WithDescription("Refused (400, `findings`) while a confirmed finding is still open: return the item, fix it, or waive the finding first.")
            .ProducesWorkflowErrors();

        review.MapPost("/items/{itemId:guid}/review/return", async Task<Results<Ok<ReviewStateView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid itemId, JsonBody<ReturnItemBody> body, ClaimsPrincipal user, ReturnItem useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.Version is not { } version)
                {
                    return ApiProblems.Invalid("version", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new ReturnItem.Request(itemId, version, body.Value.Comment ?? ""), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(ReviewStateView.From(o)), ItemMissing(itemId), () => reads.ItemStateAsync(itemId, ct));
            })
            .WithName("ReturnItem")
            .WithSummary("Return an item to its annotator with a comment (reviewers while in review, QA leads while QA-sampled)")
            .WithDescription("The `comment` is required (400 naming `comment` when missing or blank); the item is back in its annotator's queue with it.")
            .ProducesWorkflowErrors();

        review.MapPost("/items/{itemId:guid}/review/accept", async Task<Results<Ok<ReviewStateView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid itemId, JsonBody<ItemStepBody> body, ClaimsPrincipal user, AcceptItem useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.Version is not { } version)
                {
                    return ApiProblems.Invalid("version", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new AcceptItem.Request(itemId, version, body.Value.Comment), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(ReviewStateView.From(o)), ItemMissing(itemId), () => reads.ItemStateAsync(itemId, ct));
            })
            .WithName("AcceptItem")
            .WithSummary("Accept a QA-sampled item (QA leads, admins)")
            .WithDescription("Refused (400, `findings`) while a confirmed finding is still open.")
            .ProducesWorkflowErrors();

        review.MapPost("/findings/{findingId:guid}/confirm", async Task<Results<Ok<FindingDecisionView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid findingId, JsonBody<ConfirmFindingBody> body, ClaimsPrincipal user, ConfirmFinding useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.ItemVersion is not { } version)
                {
                    return ApiProblems.Invalid("itemVersion", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new ConfirmFinding.Request(findingId, version, body.Value.Comment), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(FindingDecisionView.From(o)), $"finding {findingId} was not found", () => reads.FindingItemStateAsync(findingId, ct));
            })
            .WithName("ConfirmFinding")
            .WithSummary("Confirm a finding: it is real and must be fixed (reviewers while in review, QA leads while QA-sampled)")
            .WithDescription("The item cannot be approved or accepted while a confirmed finding is open. Confirming a waived finding takes the waiver back. Bumps the item's version.")
            .ProducesWorkflowErrors();

        review.MapPost("/findings/{findingId:guid}/waive", async Task<Results<Ok<FindingDecisionView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> (
                Guid findingId, JsonBody<WaiveFindingBody> body, ClaimsPrincipal user, WaiveFinding useCase, ReviewReads reads, CancellationToken ct) =>
            {
                if (body.Value.ItemVersion is not { } version)
                {
                    return ApiProblems.Invalid("itemVersion", VersionRequired);
                }
                var result = await useCase.ExecuteAsync(new WaiveFinding.Request(findingId, version, body.Value.Reason ?? ""), user.Id(), ct);
                return await AnswerAsync(result, o => TypedResults.Ok(FindingDecisionView.From(o)), $"finding {findingId} was not found", () => reads.FindingItemStateAsync(findingId, ct));
            })
            .WithName("WaiveFinding")
            .WithSummary("Waive a finding with a reason (reviewers while in review, QA leads while QA-sampled)")
            .WithDescription($"The `reason` is required (400 naming `reason` when missing or blank; at most {WaiveFinding.MaxReasonLength} characters). The finding stops counting towards the sync-error rate at once but stays visible. Bumps the item's version.")
            .ProducesWorkflowErrors();

        review.MapPost("/batches/{batchId:guid}/qa-sample", async Task<Results<Ok<QaSampleView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<QaSampleView>>>> (
                Guid batchId, [Description("Seed of the random draw, for a reproducible sample; a fresh draw when absent.")] int? seed,
                ClaimsPrincipal user, QaSampleBatch useCase, CancellationToken ct) =>
            {
                var result = await useCase.ExecuteAsync(new QaSampleBatch.Request(batchId, seed), user.Id(), ct);
                // QaSampleBatch itself tells a non-member (not found) from a member without the QA lead role (forbidden).
                return await result.ToHttpAsync<QaSampleBatch.Result, Ok<QaSampleView>, QaSampleView>(
                    r => TypedResults.Ok(new QaSampleView(r.BatchId, r.Approved, r.Rate, r.SampledItemIds)),
                    $"batch {batchId} was not found", () => Task.FromResult(true), _ => null);
            })
            .WithName("QaSampleBatch")
            .WithSummary("Draw a QA sample of a batch's approved items (QA leads, admins)")
            .WithDescription("⌈rate × approved⌉ items (at least one) move to `qaSampled`, with the rate from the project's settings. 400 names `batch` when no approved item is left and `qaSampleRate` when the rate is 0.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<ConflictProblem<QaSampleView>>(StatusCodes.Status409Conflict, "application/problem+json");

        review.MapGet("/projects/{projectId:guid}/review-queue", async Task<Results<Ok<IReadOnlyList<QueueItemView>>, ProblemHttpResult>> (
                Guid projectId, ClaimsPrincipal user, ReviewQueues queues, ProjectAccess access, CancellationToken ct) =>
                await QueueAsync(projectId, user.Id(), ReviewWorkflow.Reviewers, "read the review queue", queues.ReviewQueueAsync, access, ct))
            .WithName("GetReviewQueue")
            .WithSummary("The project's review queue: items waiting for a reviewer (reviewers, admins)")
            .WithDescription("Submitted, flagged and clean items: flagged first, then by the most serious open finding, then the oldest submission (the order of the Review page).")
            .Produces403And404();

        review.MapGet("/projects/{projectId:guid}/annotator-queue", async Task<Results<Ok<IReadOnlyList<QueueItemView>>, ProblemHttpResult>> (
                Guid projectId, ClaimsPrincipal user, ReviewQueues queues, ProjectAccess access, CancellationToken ct) =>
                await QueueAsync(projectId, user.Id(), ProjectAccess.Readers, "read an annotator queue", queues.AnnotatorQueueAsync, access, ct))
            .WithName("GetAnnotatorQueue")
            .WithSummary("Your annotator queue in the project: items assigned to you that need your work (every member)")
            .WithDescription("Annotating and returned items (and open overlap assignments): returned first with the reviewer's `comment`, then by age (the order of My queue).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        review.MapGet("/projects/{projectId:guid}/qa-queue", async Task<Results<Ok<IReadOnlyList<QueueItemView>>, ProblemHttpResult>> (
                Guid projectId, ClaimsPrincipal user, ReviewQueues queues, ProjectAccess access, CancellationToken ct) =>
                await QueueAsync(projectId, user.Id(), ReviewWorkflow.QaLeads, "read the QA queue", queues.QaQueueAsync, access, ct))
            .WithName("GetQaQueue")
            .WithSummary("The project's QA queue: QA-sampled items waiting for acceptance (QA leads, admins)")
            .WithDescription("Oldest sample first.")
            .Produces403And404();

        review.MapGet("/items/{itemId:guid}/review-history", async Task<Results<Ok<ReviewHistoryView>, ProblemHttpResult>> (
                Guid itemId, ClaimsPrincipal user, ReviewItemQueries queries, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                var userId = user.Id();
                if (await queries.DetailAsync(itemId, userId, ct) is { } detail)
                {
                    return TypedResults.Ok(ReviewHistoryView.From(detail));
                }
                // The query answers nothing both to a non-member and to a member without a review role; only the member may learn the item exists.
                return await ApiAccess.IsMemberOfItemProjectAsync(factory, userId, itemId, ct)
                    ? ApiProblems.Forbidden($"Only a {ReviewSteps.RoleNames(ReviewWorkflow.ReviewPageRoles)} of this project can read an item's review history.")
                    : ItemNotFound(itemId);
            })
            .WithName("GetReviewHistory")
            .WithSummary("An item's recorded review decisions: who, when, from and to which status, and the comment (reviewers, QA leads, admins)")
            .WithDescription("Oldest first; includes the automatic validation after a submission and the decisions on findings (with `findingId` and `ruleCode`).")
            .Produces403And404();
    }

    /// <summary>
    /// Spells a review use case's result like every write endpoint (<see cref="WriteResponses"/>), with the item's
    /// status and version as the current state of a 409: the use case reports it for a stale version, and nothing
    /// when two writes raced, so then it is read afresh.
    /// </summary>
    private static async Task<Results<TOk, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<ReviewStateView>>>> AnswerAsync<TValue, TOk>(
        WriteResult<TValue> result, Func<TValue, TOk> ok, string notFound, Func<Task<ReviewStateView?>> currentState)
        where TOk : IResult
    {
        if (result.Outcome == WriteOutcome.Conflict)
        {
            result = result with { Current = result.Current is ReviewOutcome o ? ReviewStateView.From(o) : await currentState() };
        }
        // The review use cases themselves answer not found to a non-member and forbidden only to a member without the role.
        return await result.ToHttpAsync<TValue, TOk, ReviewStateView>(ok, notFound, () => Task.FromResult(true), s => s.Version);
    }

    /// <summary>A queue of one project: not found for a non-member (ADR-005), forbidden for a member without a role the queue is for.</summary>
    private static async Task<Results<Ok<IReadOnlyList<QueueItemView>>, ProblemHttpResult>> QueueAsync(
        Guid projectId, string userId, IReadOnlySet<ProjectRole> roles, string what,
        Func<string, CancellationToken, Task<IReadOnlyList<ReviewQueues.QueueRow>>> rows, ProjectAccess access, CancellationToken ct)
    {
        var held = await access.RolesAsync(userId, projectId, ct);
        if (held.Count == 0)
        {
            return ApiProblems.NotFound($"project {projectId} was not found");
        }
        if (!held.Overlaps(roles))
        {
            return ApiProblems.Forbidden($"Only a {ReviewSteps.RoleNames(roles)} of this project can {what}.");
        }
        // The queues span the caller's projects in their order; keeping this project's rows keeps the order.
        IReadOnlyList<QueueItemView> queue = [.. (await rows(userId, ct)).Where(r => r.ProjectId == projectId).Select(QueueItemView.From)];
        return TypedResults.Ok(queue);
    }

    private static string ItemMissing(Guid id) => $"item {id} was not found";

    private static ProblemHttpResult ItemNotFound(Guid id) => ApiProblems.NotFound(ItemMissing(id));

    private static RouteHandlerBuilder Produces403And404(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>403 (role), 404 (missing or another project's), 409 (stale version, with the item's current status and version).</summary>
    private static RouteHandlerBuilder ProducesWorkflowErrors(this RouteHandlerBuilder builder) =>
        builder.Produces403And404().Produces<ConflictProblem<ReviewStateView>>(StatusCodes.Status409Conflict, "application/problem+json");
}
