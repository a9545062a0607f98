using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Metadata;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Api.Annotations;
using MultimodalAnnotate.Web.Api.Assignments;
using MultimodalAnnotate.Web.Api.Authentication;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Api.Items;
using MultimodalAnnotate.Web.Api.Jobs;
using MultimodalAnnotate.Web.Api.OpenApi;
using MultimodalAnnotate.Web.Api.Projects;
using MultimodalAnnotate.Web.Api.Review;
using MultimodalAnnotate.Web.Api.Tokens;

namespace MultimodalAnnotate.Web.Api;

/// <summary>The versioned REST API for pipelines (<c>/api/v1</c>) and its OpenAPI document (<c>/openapi/v1.json</c>).</summary>
internal static class ApiRegistration
{
    public const string Prefix = "/api/v1";

    /// <summary>
    /// Token authentication next to the cookie, the model's JSON spelling for every minimal-API endpoint, the OpenAPI
    /// document and the API's read models. Call after <c>AddIdentityAndAccess</c>: it replaces the default scheme.
    /// </summary>
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiAuthenticationSchemes.Token, "Personal access token", null)
            .AddPolicyScheme(ApiAuthenticationSchemes.CookieOrToken, "Cookie or personal access token",
                o => o.ForwardDefaultSelector = ApiAuthenticationSchemes.Select);
        // Runs after IdentitySetup's configuration (registered later), so the selector becomes the default scheme.
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = ApiAuthenticationSchemes.CookieOrToken);

        // One JSON spelling: geometries, time bases and enums exactly as in the store and the interchange format.
        services.ConfigureHttpJsonOptions(o => CopyModelJson(o.SerializerOptions));

        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer<ApiDocumentTransformer>();
            o.AddOperationTransformer<ForeignEndpointSummaries>();
        });

        services.AddScoped<ApiTokens>();
        services.AddScoped<ProjectReads>();
        services.AddScoped<ItemReads>();
        services.AddScoped<ValidateItemNow>();
        services.AddScoped<AnnotationReads>();
        services.AddScoped<ReviewReads>();
        services.AddScoped<AssignmentReads>();
        return builder;
    }

    /// <summary>Maps <c>/api/v1/*</c> and <c>/openapi/v1.json</c> (anonymous: the API's shape is not a secret).</summary>
    public static void MapApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        var api = app.MapGroup(Prefix)
            .RequireAuthorization()
            .AddEndpointFilter<JsonBodyFilter>();
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(void)));
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(void)));
            }
        });
        api.MapTokens();
        api.MapProjects();
        api.MapItems();
        api.MapAnnotations();
        api.MapJobs();
        api.MapReview();
        api.MapAssignments();
    }

    private static void CopyModelJson(JsonSerializerOptions target)
    {
        var source = ModelJson.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.DictionaryKeyPolicy = source.DictionaryKeyPolicy;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.NumberHandling = source.NumberHandling;
        target.AllowOutOfOrderMetadataProperties = source.AllowOutOfOrderMetadataProperties;
        target.RespectNullableAnnotations = source.RespectNullableAnnotations;
        target.RespectRequiredConstructorParameters = source.RespectRequiredConstructorParameters;
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }
}
