using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>Request bodies of the ingest endpoints.</summary>
public sealed record NewItem(string Name);

public sealed record FolderImportStart(string Folder, string? Root, Guid? BatchId, string? NewBatchName);

internal static class IngestRegistration
{
    /// <summary>Use cases, the processing and import job handlers.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<MediaFiles>();
        services.AddSingleton<AssetProcessor>();
        services.AddScoped<AddAsset>();
        services.AddScoped<CreateItem>();
        services.AddScoped<StartFolderImport>();
        services.AddScoped<IJobHandler, ProcessAssetJob>();
        services.AddScoped<IJobHandler, ImportFolderJob>();
        services.AddHostedService<UnprocessedAssetSweep>();
        return builder;
    }

    /// <summary>
    /// <c>POST /api/v1/items/{id}/assets</c> (upload), <c>POST /api/v1/batches/{id}/items</c> (new empty item) and
    /// <c>POST /api/v1/projects/{id}/imports</c> (server folder import, project admins; 202 with the job id).
    /// </summary>
    public static void MapIngest(this WebApplication app)
    {
        app.MapUpload();
        app.MapPost("/api/v1/batches/{batchId:guid}/items", async (Guid batchId, NewItem body, HttpContext http, CreateItem useCase, CancellationToken ct) =>
        {
            var result = await useCase.ExecuteAsync(batchId, body.Name ?? "", http.User.Id(), ct);
            return result switch
            {
                { Permission: IngestPermission.NotFound } => Results.Problem("The batch does not exist or you are not a member of its project.", statusCode: StatusCodes.Status404NotFound),
                { Permission: IngestPermission.Forbidden } => Results.Problem("Your role in this project does not allow adding items.", statusCode: StatusCodes.Status403Forbidden),
                { Error: { } error } => Results.Problem(error, statusCode: StatusCodes.Status400BadRequest),
                _ => Results.Json(new { id = result.ItemId }, ModelJson.Options, statusCode: StatusCodes.Status201Created),
            };
        }).WithTags("Ingest").WithSummary("Create an empty item in a batch").Produces(StatusCodes.Status401Unauthorized);
        app.MapPost("/api/v1/projects/{projectId:guid}/imports", async (Guid projectId, FolderImportStart body, HttpContext http, StartFolderImport useCase, CancellationToken ct) =>
        {
            var result = await useCase.ExecuteAsync(new StartFolderImport.Request(projectId, body.Root, body.Folder ?? "", body.BatchId, body.NewBatchName), http.User.Id(), ct);
            return result switch
            {
                { Permission: IngestPermission.NotFound } => Results.Problem("The project does not exist or you are not a member of it.", statusCode: StatusCodes.Status404NotFound),
                { Permission: IngestPermission.Forbidden } => Results.Problem("Only project admins may import server folders.", statusCode: StatusCodes.Status403Forbidden),
                { Error: { } error } => Results.Problem(error, statusCode: StatusCodes.Status400BadRequest),
                _ => Results.Json(new { jobId = result.JobId, batchId = result.BatchId }, ModelJson.Options, statusCode: StatusCodes.Status202Accepted),
            };
        }).WithTags("Ingest").WithSummary("Import a server folder into a batch (project admins; returns the job)").Produces(StatusCodes.Status401Unauthorized);
    }
}
