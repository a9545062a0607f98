using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Items;

internal static class ItemEndpoints
{
    public static void MapItems(this RouteGroupBuilder api)
    {
        var items = api.MapGroup("/items").WithTags("Items");

        items.MapGet("/{id:guid}", async Task<Results<Ok<ItemDetailView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, ItemReads reads, CancellationToken ct) =>
                await reads.DetailAsync(id, user.Id(), ct) is { } item ? TypedResults.Ok(item) : NotFound(id))
            .WithName("GetItem")
            .WithSummary("Get an item: assets (time bases, calibration), annotations, entities, open-finding counts")
            .ProducesProblem(StatusCodes.Status404NotFound);

        items.MapGet("/{id:guid}/findings", async Task<Results<Ok<IReadOnlyList<FindingView>>, ValidationProblem, ProblemHttpResult>> (
                Guid id, [Description("open, fixed or waived; all findings when absent.")] string? status, ClaimsPrincipal user, ItemReads reads, CancellationToken ct) =>
            {
                FindingStatus? filter = null;
                if (status is not null)
                {
                    if (!Enum.TryParse<FindingStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || !status.All(char.IsAsciiLetter))
                    {
                        return ApiProblems.Invalid("status", $"\"{status}\" is not one of open, fixed, waived");
                    }
                    filter = parsed;
                }
                return await reads.FindingsAsync(id, filter, user.Id(), ct) is { } findings ? TypedResults.Ok(findings) : NotFound(id);
            })
            .WithName("ListItemFindings")
            .WithSummary("List an item's validation findings")
            .WithDescription("`status` filters by `open`, `fixed` or `waived` (all when absent). Ordered open first, errors first.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        items.MapPost("/{id:guid}/validate", async Task<Results<Ok<ValidationSummary>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, ValidateItemNow useCase, CancellationToken ct) =>
                await useCase.ExecuteAsync(id, user.Id(), ct) is { } summary ? TypedResults.Ok(summary) : NotFound(id))
            .WithName("ValidateItem")
            .WithSummary("Re-validate an item now and return the findings summary")
            .WithDescription("Every save already re-validates its item; this is for after an ontology or policy change, or to check on demand.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound($"item {id} was not found");
}
