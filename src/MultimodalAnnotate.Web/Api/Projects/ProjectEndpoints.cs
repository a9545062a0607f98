using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Features.Validation;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Projects;

/// <summary>Body of <c>PUT /api/v1/projects/{id}/policy</c>.</summary>
/// <param name="RulesVersion">The rules version you edited (from <c>GET /projects/{id}</c>); a newer one on the server is a conflict.</param>
/// <param name="Policy">The whole new policy; omitted thresholds take their defaults.</param>
public sealed record PolicyBody(int? RulesVersion, ValidationPolicy? Policy);

/// <summary>The policy was stored; the re-validation of every item runs as a background job.</summary>
public sealed record PolicyUpdated(int RulesVersion, Guid JobId);

/// <summary>Body of <c>PUT /api/v1/projects/{id}/ontology</c>.</summary>
/// <param name="RulesVersion">The rules version you edited (from <c>GET /projects/{id}</c>); a newer one on the server is a conflict.</param>
/// <param name="Ontology">The whole new ontology, as <c>GET /projects/{id}</c> shows it.</param>
/// <param name="Renames">Optional: existing class name → its new name in <paramref name="Ontology"/>; the class keeps its annotations.</param>
public sealed record OntologyBody(int? RulesVersion, OntologyDefinition? Ontology, IReadOnlyDictionary<string, string>? Renames = null);

/// <summary>The ontology was stored; the re-validation of every item runs as a background job.</summary>
/// <param name="RulesVersion">The project's new rules version.</param>
/// <param name="JobId">The re-validation job (<c>GET /api/v1/jobs/{id}</c>).</param>
/// <param name="Added">Classes that are new.</param>
/// <param name="Removed">Classes that were left out (none of them was in use).</param>
/// <param name="Renamed">Classes renamed, as "old → new".</param>
public sealed record OntologyUpdated(int RulesVersion, Guid JobId, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Renamed);

internal static class ProjectEndpoints
{
    public const int DefaultTake = 50;
    public const int MaxTake = 500;

    public static void MapProjects(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");

        projects.MapGet("/", async (ClaimsPrincipal user, ProjectAccess access, CancellationToken ct) =>
                TypedResults.Ok(await access.VisibleProjectsAsync(user.Id(), ct)))
            .WithName("ListProjects")
            .WithSummary("List the projects you are a member of, with your roles");

        projects.MapGet("/{id:guid}", async Task<Results<Ok<ProjectView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, ProjectReads reads, CancellationToken ct) =>
                await reads.DetailAsync(id, user.Id(), ct) is { } project ? TypedResults.Ok(project) : NotFound(id))
            .WithName("GetProject")
            .WithSummary("Get a project with its ontology, validation policy, rules version and batches")
            .ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapGet("/{id:guid}/items", async Task<Results<Ok<ItemPage>, ValidationProblem, ProblemHttpResult>> (
                Guid id, [Description("Items to skip (default 0).")] int? skip, [Description("Items to return (default 50, at most 500).")] int? take, ClaimsPrincipal user, ProjectReads reads, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string>(StringComparer.Ordinal);
                if (skip is < 0)
                {
                    errors["skip"] = "must be 0 or more";
                }
                if (take is < 1 or > MaxTake)
                {
                    errors["take"] = $"must be between 1 and {MaxTake}";
                }
                if (errors.Count > 0)
                {
                    return ApiProblems.Invalid(errors);
                }
                return await reads.ItemsAsync(id, user.Id(), skip ?? 0, take ?? DefaultTake, ct) is { } page ? TypedResults.Ok(page) : NotFound(id);
            })
            .WithName("ListProjectItems")
            .WithSummary("List a project's items with status, sync-error rate and counts")
            .WithDescription($"Ordered by name. Paging: `skip` (default 0) and `take` (default {DefaultTake}, at most {MaxTake}); `total` counts all items.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPut("/{id:guid}/policy", async Task<Results<Accepted<PolicyUpdated>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<PolicyView>>>> (
                Guid id, JsonBody<PolicyBody> body, ClaimsPrincipal user, UpdatePolicy useCase, ProjectReads reads, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string>(StringComparer.Ordinal);
                if (body.Value.RulesVersion is null)
                {
                    errors["rulesVersion"] = "the rules version you edited is required (see GET /api/v1/projects/{id})";
                }
                if (body.Value.Policy is null)
                {
                    errors["policy"] = "a policy is required";
                }
                if (errors.Count > 0)
                {
                    return ApiProblems.Invalid(errors);
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(new UpdatePolicy.Request(id, body.Value.Policy!, body.Value.RulesVersion!.Value), userId, ct);
                if (result.Outcome == WriteOutcome.Conflict)
                {
                    // The use case reports the current policy; the caller also needs the version to retry with.
                    var current = await reads.PolicyAsync(id, userId, ct);
                    return ApiProblems.Conflict(result.Errors.Values.First(), current?.RulesVersion, current);
                }
                // UpdatePolicy itself tells a non-member (not found) from a member without the admin role (forbidden).
                return await result.ToHttpAsync<UpdatePolicy.Result, Accepted<PolicyUpdated>, PolicyView>(
                    r => TypedResults.Accepted($"/api/v1/jobs/{r.JobId}", new PolicyUpdated(r.RulesVersion, r.JobId)),
                    $"project {id} was not found",
                    () => Task.FromResult(true),
                    p => p.RulesVersion,
                    forbidden: "Only project admins may change the validation policy.");
            })
            .WithName("UpdatePolicy")
            .WithSummary("Replace a project's validation policy (project admins)")
            .WithDescription("Bumps the rules version and queues a re-validation of every item; follow the job at the `Location` (`GET /api/v1/jobs/{id}`).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<ConflictProblem<PolicyView>>(StatusCodes.Status409Conflict, "application/problem+json");

        projects.MapPut("/{id:guid}/ontology", async Task<Results<Accepted<OntologyUpdated>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<OntologyView>>>> (
                Guid id, JsonBody<OntologyBody> body, ClaimsPrincipal user, UpdateOntology useCase, ProjectReads reads, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string>(StringComparer.Ordinal);
                if (body.Value.RulesVersion is null)
                {
                    errors["rulesVersion"] = "the rules version you edited is required (see GET /api/v1/projects/{id})";
                }
                if (body.Value.Ontology is null)
                {
                    errors["ontology"] = "an ontology is required";
                }
                if (errors.Count > 0)
                {
                    return ApiProblems.Invalid(errors);
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(new UpdateOntology.Request(id, body.Value.Ontology!, body.Value.RulesVersion!.Value, body.Value.Renames), userId, ct);
                if (result.Outcome == WriteOutcome.Conflict)
                {
                    var current = await reads.OntologyAsync(id, userId, ct);
                    return ApiProblems.Conflict(result.Errors.Values.First(), current?.RulesVersion, current);
                }
                // UpdateOntology itself tells a non-member (not found) from a member without the admin role (forbidden).
                return await result.ToHttpAsync<UpdateOntology.Result, Accepted<OntologyUpdated>, OntologyView>(
                    r => TypedResults.Accepted($"/api/v1/jobs/{r.JobId}", new OntologyUpdated(r.RulesVersion, r.JobId, r.Added, r.Removed, r.Renamed)),
                    $"project {id} was not found",
                    () => Task.FromResult(true),
                    o => o.RulesVersion,
                    forbidden: "Only project admins may change the ontology.");
            })
            .WithName("UpdateOntology")
            .WithSummary("Replace a project's ontology (project admins)")
            .WithDescription("Classes are matched by name (case-insensitive), or through `renames` (old name → new name): existing ones keep their identity and annotations; a class still carried by annotations cannot be left out (400). Bumps the rules version and queues a re-validation of every item; follow the job at the `Location` (`GET /api/v1/jobs/{id}`).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<ConflictProblem<OntologyView>>(StatusCodes.Status409Conflict, "application/problem+json");
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound($"project {id} was not found");
}
