using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Api.Common;

/// <summary>
/// The body of a 409: the write was refused because somebody else changed the thing first. It carries the current
/// state and its version, so the caller can compare, merge and retry with that version (nothing was overwritten).
/// </summary>
/// <param name="Type">Problem type URI.</param>
/// <param name="Title">Always "Conflict".</param>
/// <param name="Status">Always 409.</param>
/// <param name="Detail">Which version the caller sent and which one is current.</param>
/// <param name="CurrentVersion">The version to send when retrying, when known.</param>
/// <param name="Current">The current state, when it still exists.</param>
public sealed record ConflictProblem<TCurrent>(string Type, string Title, int Status, string Detail, int? CurrentVersion, TCurrent? Current);

/// <summary>The API's error answers: RFC 9457 problem details, one spelling for every endpoint.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal), title: "The request is not valid");

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string>(StringComparer.Ordinal) { [field] = message });

    public static JsonHttpResult<ConflictProblem<T>> Conflict<T>(string detail, int? currentVersion, T? current) =>
        TypedResults.Json(
            new ConflictProblem<T>("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", StatusCodes.Status409Conflict, detail, currentVersion, current),
            contentType: "application/problem+json",
            statusCode: StatusCodes.Status409Conflict);
}

/// <summary>Translates a write use case's <see cref="WriteResult{T}"/> into HTTP; the use case decides, this only spells it.</summary>
internal static class WriteResponses
{
    /// <param name="result">What the use case answered.</param>
    /// <param name="ok">The success response (200, 201…).</param>
    /// <param name="notFound">The 404 text, the same whether the thing is missing or belongs to another project.</param>
    /// <param name="isMember">Whether the caller is a member of the thing's project at all: the use cases answer
    /// <c>Forbidden</c> for both "no such role" and "not a member", but a non-member must not learn the thing exists.</param>
    /// <param name="versionOf">The version of the current state carried by a conflict.</param>
    /// <param name="forbidden">The 403 text, when the use case's own is not the right one.</param>
    public static async Task<Results<TOk, ValidationProblem, ProblemHttpResult, JsonHttpResult<ConflictProblem<TCurrent>>>> ToHttpAsync<TValue, TOk, TCurrent>(
        this WriteResult<TValue> result, Func<TValue, TOk> ok, string notFound, Func<Task<bool>> isMember, Func<TCurrent, int?> versionOf,
        string? forbidden = null)
        where TOk : IResult
    {
        switch (result.Outcome)
        {
            case WriteOutcome.Ok:
                return ok(result.Value!);
            case WriteOutcome.Invalid:
                return ApiProblems.Invalid(result.Errors);
            case WriteOutcome.Forbidden when await isMember():
                return ApiProblems.Forbidden(forbidden ?? result.Errors.Values.FirstOrDefault() ?? "Your role in this project does not allow this.");
            case WriteOutcome.Conflict:
                var current = result.Current is TCurrent c ? c : default;
                return ApiProblems.Conflict(
                    result.Errors.Values.FirstOrDefault() ?? "changed by someone else",
                    current is null ? null : versionOf(current),
                    current);
            default:
                return ApiProblems.NotFound(notFound);
        }
    }
}

/// <summary>Membership questions the translation needs (which project does this thing belong to?).</summary>
internal static class ApiAccess
{
    public static async Task<bool> IsMemberOfItemProjectAsync(IDbContextFactory<AppDbContext> factory, string userId, Guid itemId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var projectId = await db.Items.Where(i => i.Id == itemId).Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct);
        return projectId is { } p && (await ProjectAccess.RolesAsync(db, userId, p, ct)).Count > 0;
    }

    public static async Task<bool> IsMemberOfAnnotationProjectAsync(IDbContextFactory<AppDbContext> factory, string userId, Guid annotationId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var projectId = await db.Annotations.Where(a => a.Id == annotationId)
            .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => (Guid?)i.ProjectId)
            .FirstOrDefaultAsync(ct);
        return projectId is { } p && (await ProjectAccess.RolesAsync(db, userId, p, ct)).Count > 0;
    }
}
