using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Tokens;

internal static class TokenEndpoints
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");

        tokens.MapPost("/", async Task<Results<Created<CreatedToken>, ValidationProblem>> (
                JsonBody<CreateTokenBody> body, ClaimsPrincipal user, ApiTokens useCase, CancellationToken ct) =>
            {
                var result = await useCase.CreateAsync(body.Value, user.Id(), ct);
                return result.Succeeded
                    ? TypedResults.Created($"/api/v1/tokens/{result.Value!.Id}", result.Value)
                    : ApiProblems.Invalid(result.Errors);
            })
            .WithName("CreateToken")
            .WithSummary("Create a personal access token")
            .WithDescription("Returns the plain token once; only its SHA-256 is stored. Send it as `Authorization: Bearer <token>`.");

        tokens.MapGet("/", async (ClaimsPrincipal user, ApiTokens useCase, CancellationToken ct) =>
                TypedResults.Ok(await useCase.ListAsync(user.Id(), ct)))
            .WithName("ListTokens")
            .WithSummary("List your tokens (names and dates, never the secrets)");

        tokens.MapGet("/{id:guid}", async Task<Results<Ok<TokenView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, ApiTokens useCase, CancellationToken ct) =>
                await useCase.FindAsync(id, user.Id(), ct) is { } token ? TypedResults.Ok(token) : ApiProblems.NotFound($"token {id} was not found"))
            .WithName("GetToken")
            .WithSummary("Get one of your tokens")
            .ProducesProblem(StatusCodes.Status404NotFound);

        tokens.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, ApiTokens useCase, CancellationToken ct) =>
                await useCase.RevokeAsync(id, user.Id(), ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"token {id} was not found"))
            .WithName("RevokeToken")
            .WithSummary("Revoke one of your tokens")
            .WithDescription("The token stops working at once. Revoking an already revoked token is not an error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
