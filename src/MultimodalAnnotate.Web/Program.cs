using MultimodalAnnotate.Web.Api;
using MultimodalAnnotate.Web.Components.Account;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Assets;
using MultimodalAnnotate.Web.Features.Assignments;
using MultimodalAnnotate.Web.Features.Demo;
using MultimodalAnnotate.Web.Features.Ingest;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Features.Workspace;
using MultimodalAnnotate.Web.Features.Review;
using MultimodalAnnotate.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddLogging();
builder.AddStore();
builder.AddIdentityAndAccess();
builder.AddUserInterface();
builder.AddMediaStore();
builder.AddIngest();
builder.AddAnnotationUseCases();
builder.AddWorkspace();
builder.AddReviewAndQa();
builder.AddAssignments();
builder.AddJobs();
builder.AddDemoSeed();
builder.AddHealth();
builder.AddApi();

var app = builder.Build();

if (args.Contains("migrate", StringComparer.Ordinal))
{
    // Explicit migration command for PostgreSQL deployments: `dotnet MultimodalAnnotate.Web.dll migrate`.
    return await app.MigrateStoreAsync() ? 0 : 1;
}

await app.PrepareStoreAsync();
app.UseRequestPipeline();
app.MapHealth();
app.MapAccountEndpoints();
app.MapAssetContent();
app.MapApi();
app.MapReviewAndQa();
app.MapIngest();
app.MapUserInterface();

await app.RunAsync();
return 0;

/// <summary>Entry point; public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
