using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MultimodalAnnotate.Web.Api.OpenApi;

/// <summary>
/// Fills in the document: title and description, the bearer scheme (personal access tokens) and the session cookie
/// as the two ways in, required by every operation.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";
    public const string CookieScheme = "cookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "MultimodalAnnotate API";
        document.Info.Version = "v1";
        document.Info.Description =
            "Versioned REST API for pipelines: everything the UI does with projects, items, annotations, entities, findings and jobs. "
            + "Authenticate with a personal access token (`POST /api/v1/tokens`) sent as `Authorization: Bearer <token>`; "
            + "browser calls with the session cookie work too. Errors are RFC 9457 problem details; 409 carries the current state and its version.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "mma_<43 base64url characters>",
            Description = "A personal access token from POST /api/v1/tokens.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = ".AspNetCore.Identity.Application",
            Description = "The browser session of a signed-in user.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] },
        ];
        return Task.CompletedTask;
    }
}

/// <summary>Summaries for API endpoints mapped outside <c>Api/</c> (the asset media endpoint), so every operation has one.</summary>
internal sealed class ForeignEndpointSummaries : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(operation.Summary)
            && context.Description.RelativePath is { } path
            && path.StartsWith("api/v1/assets/", StringComparison.OrdinalIgnoreCase)
            && path.EndsWith("/content", StringComparison.OrdinalIgnoreCase))
        {
            operation.Summary = "Download an asset's media (HTTP ranges supported; text assets answer their text)";
            operation.Tags ??= new HashSet<OpenApiTagReference>();
            operation.Tags.Add(new OpenApiTagReference("Items", context.Document));
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse { Description = "The media file (or the text), with HTTP range support" };
            operation.Responses["401"] = new OpenApiResponse { Description = "Unauthorized" };
            operation.Responses["404"] = new OpenApiResponse { Description = "No such asset in a project you are a member of" };
            operation.Responses["410"] = new OpenApiResponse { Description = "The media file is missing from the media store" };
        }
        return Task.CompletedTask;
    }
}
