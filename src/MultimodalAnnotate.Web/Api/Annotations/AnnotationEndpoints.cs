using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Annotations;

/// <summary>Body of <c>POST /api/v1/items/{id}/annotations</c>.</summary>
/// <param name="AssetId">The asset of the item the annotation is drawn on.</param>
/// <param name="Label">An ontology class name (case-insensitive).</param>
/// <param name="Geometry">The shape, with its <c>kind</c> (box2d, polygon, mask, keypoints, cuboid, segment, span, track, classification).</param>
/// <param name="Attributes">Attribute name → value, checked against the ontology's attribute definitions.</param>
/// <param name="EntityId">Optionally, an entity of the item to make this annotation a mention of.</param>
public sealed record CreateAnnotationBody(Guid? AssetId, string? Label, Geometry? Geometry, Dictionary<string, string>? Attributes = null, Guid? EntityId = null);

/// <summary>Body of <c>PUT /api/v1/annotations/{id}</c>: members left out stay as they are.</summary>
/// <param name="Version">The version you edited; a newer one on the server is a conflict (409), never an overwrite.</param>
/// <param name="Label">New label, or null.</param>
/// <param name="Attributes">New attributes (replacing all), or null.</param>
/// <param name="Geometry">New geometry, or null.</param>
public sealed record UpdateAnnotationBody(int? Version, string? Label = null, Dictionary<string, string>? Attributes = null, Geometry? Geometry = null);

/// <summary>Body of <c>POST /api/v1/items/{id}/links</c>.</summary>
/// <param name="AnnotationIds">Annotations of the item to make mentions of one entity (moved from any other entity).</param>
/// <param name="EntityId">An existing entity to link into; omit to create a new entity.</param>
/// <param name="EntityVersion">Required with <paramref name="EntityId"/>: the entity version you saw.</param>
/// <param name="Name">Name of a new entity (default "entity #n").</param>
public sealed record LinkBody(IReadOnlyList<Guid>? AnnotationIds, Guid? EntityId = null, int? EntityVersion = null, string? Name = null);

internal static class AnnotationEndpoints
{
    public static void MapAnnotations(this RouteGroupBuilder api)
    {
        var annotations = api.MapGroup("/").WithTags("Annotations");

        annotations.MapPost("/items/{itemId:guid}/annotations", async Task<Results<Created<AnnotationView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<AnnotationView>>>> (
                Guid itemId, JsonBody<CreateAnnotationBody> body, ClaimsPrincipal user, CreateAnnotation useCase, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                var b = body.Value;
                if (b.AssetId is not { } assetId)
                {
                    return ApiProblems.Invalid("assetId", "the asset to draw on is required");
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(new CreateAnnotation.Request(itemId, assetId, b.Label ?? "", b.Attributes, b.Geometry, b.EntityId), userId, ct);
                return await result.ToHttpAsync<AnnotationView, Created<AnnotationView>, AnnotationView>(
                    a => TypedResults.Created($"/api/v1/annotations/{a.Id}", a),
                    $"item {itemId} was not found",
                    () => ApiAccess.IsMemberOfItemProjectAsync(factory, userId, itemId, ct),
                    a => a.Version);
            })
            .WithName("CreateAnnotation")
            .WithSummary("Create an annotation on an asset of an item")
            .WithDescription("Checked (label in the ontology, attribute values, geometry kind for the modality, inside the asset, time inside the stream), stored with history and re-validated in one transaction.")
            .Produces403And404();

        annotations.MapGet("/annotations/{id:guid}", async Task<Results<Ok<AnnotationView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, AnnotationReads reads, CancellationToken ct) =>
                await reads.AnnotationAsync(id, user.Id(), ct) is { } a ? TypedResults.Ok(a) : NotFound(id))
            .WithName("GetAnnotation")
            .WithSummary("Get an annotation")
            .ProducesProblem(StatusCodes.Status404NotFound);

        annotations.MapPut("/annotations/{id:guid}", async Task<Results<Ok<AnnotationView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<AnnotationView>>>> (
                Guid id, JsonBody<UpdateAnnotationBody> body, ClaimsPrincipal user, UpdateAnnotation useCase, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                var b = body.Value;
                if (b.Version is not { } version)
                {
                    return ApiProblems.Invalid("version", "the version you edited is required");
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(new UpdateAnnotation.Request(id, version, b.Label, b.Attributes, b.Geometry), userId, ct);
                return await result.ToHttpAsync<AnnotationView, Ok<AnnotationView>, AnnotationView>(
                    TypedResults.Ok, $"annotation {id} was not found",
                    () => ApiAccess.IsMemberOfAnnotationProjectAsync(factory, userId, id, ct), a => a.Version);
            })
            .WithName("UpdateAnnotation")
            .WithSummary("Change an annotation's label, attributes or geometry")
            .WithDescription("The body carries the `version` you edited. If somebody saved in between, the answer is 409 with the current annotation and its version; nothing is overwritten.")
            .Produces403And404()
            .Produces<ConflictProblem<AnnotationView>>(StatusCodes.Status409Conflict, "application/problem+json");

        annotations.MapDelete("/annotations/{id:guid}", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<AnnotationView>>>> (
                Guid id, [Description("The annotation version you saw (required).")] int? version, ClaimsPrincipal user, DeleteAnnotation useCase, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                if (version is not { } expected)
                {
                    return ApiProblems.Invalid("version", "the version you saw is required (?version=N)");
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(new DeleteAnnotation.Request(id, expected), userId, ct);
                return await result.ToHttpAsync<AnnotationView, NoContent, AnnotationView>(
                    _ => TypedResults.NoContent(), $"annotation {id} was not found",
                    () => ApiAccess.IsMemberOfAnnotationProjectAsync(factory, userId, id, ct), a => a.Version);
            })
            .WithName("DeleteAnnotation")
            .WithSummary("Delete an annotation (and its relations)")
            .WithDescription("`?version=N` is the version you saw; a newer one is a conflict (409 with the current annotation).")
            .Produces403And404()
            .Produces<ConflictProblem<AnnotationView>>(StatusCodes.Status409Conflict, "application/problem+json");

        var entities = api.MapGroup("/").WithTags("Entities");

        entities.MapPost("/items/{itemId:guid}/links", async Task<Results<Results<Created<EntityView>, Ok<EntityView>>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<EntityView>>>> (
                Guid itemId, JsonBody<LinkBody> body, ClaimsPrincipal user, LinkMentions useCase, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                var b = body.Value;
                if (b.EntityId is not null && b.EntityVersion is null)
                {
                    return ApiProblems.Invalid("entityVersion", "linking into an existing entity needs the entity version you saw");
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(
                    new LinkMentions.Request(itemId, b.AnnotationIds ?? [], b.EntityId, b.EntityVersion, b.Name), userId, ct);
                return await result.ToHttpAsync<EntityView, Results<Created<EntityView>, Ok<EntityView>>, EntityView>(
                    e => b.EntityId is null ? TypedResults.Created($"/api/v1/entities/{e.Id}", e) : TypedResults.Ok(e),
                    $"item {itemId} was not found",
                    () => ApiAccess.IsMemberOfItemProjectAsync(factory, userId, itemId, ct), e => e.Version);
            })
            .WithName("LinkMentions")
            .WithSummary("Link annotations into one entity (new, or existing with its version)")
            .WithDescription("Without `entityId` a new entity is created (201). With `entityId` and `entityVersion` the annotations join it (200); a newer entity version is a conflict (409).")
            .Produces403And404()
            .Produces<ConflictProblem<EntityView>>(StatusCodes.Status409Conflict, "application/problem+json");

        entities.MapDelete("/annotations/{id:guid}/link", async Task<Results<Ok<EntityView>, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<EntityView>>>> (
                Guid id, [Description("The entity version you saw (required).")] int? entityVersion, ClaimsPrincipal user, UnlinkMention useCase, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                if (entityVersion is not { } expected)
                {
                    return ApiProblems.Invalid("entityVersion", "the entity version you saw is required (?entityVersion=N)");
                }
                var userId = user.Id();
                var result = await useCase.ExecuteAsync(new UnlinkMention.Request(id, expected), userId, ct);
                return await result.ToHttpAsync<EntityView, Ok<EntityView>, EntityView>(
                    TypedResults.Ok, $"annotation {id} was not found",
                    () => ApiAccess.IsMemberOfAnnotationProjectAsync(factory, userId, id, ct), e => e.Version);
            })
            .WithName("UnlinkMention")
            .WithSummary("Take an annotation out of its entity")
            .WithDescription("`?entityVersion=N` is the entity version you saw; answers the entity as it is afterwards.")
            .Produces403And404()
            .Produces<ConflictProblem<EntityView>>(StatusCodes.Status409Conflict, "application/problem+json");

        entities.MapGet("/entities/{id:guid}", async Task<Results<Ok<EntityView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, AnnotationReads reads, CancellationToken ct) =>
                await reads.EntityAsync(id, user.Id(), ct) is { } e ? TypedResults.Ok(e) : ApiProblems.NotFound($"entity {id} was not found"))
            .WithName("GetEntity")
            .WithSummary("Get an entity with its mentions")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ProblemHttpResult NotFound(Guid id) => ApiProblems.NotFound($"annotation {id} was not found");

    private static RouteHandlerBuilder Produces403And404(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
