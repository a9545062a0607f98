using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Api.Common;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Api.Jobs;

/// <summary>A background job's state.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Kind">What it does (e.g. "revalidate").</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="Status">queued, running, succeeded or failed.</param>
/// <param name="Progress">0..1.</param>
/// <param name="ProgressMessage">Last progress message (e.g. "12 of 40 items re-validated").</param>
/// <param name="Attempts">Runs so far (failed runs are retried).</param>
/// <param name="Error">Why the last run failed.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="StartedAt">When the last run started.</param>
/// <param name="FinishedAt">When it finished.</param>
public sealed record JobView(
    Guid Id, string Kind, Guid? ProjectId, JobStatus Status, double Progress, string? ProgressMessage, int Attempts, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

internal static class JobEndpoints
{
    public static void MapJobs(this RouteGroupBuilder api) =>
        api.MapGet("/jobs/{id:guid}", async Task<Results<Ok<JobView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, IDbContextFactory<AppDbContext> factory, CancellationToken ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
                // Jobs belong to projects; a job of no project (or of a project you are not in) is not yours to see.
                if (job?.ProjectId is not { } projectId || (await ProjectAccess.RolesAsync(db, user.Id(), projectId, ct)).Count == 0)
                {
                    return ApiProblems.NotFound($"job {id} was not found");
                }
                return TypedResults.Ok(new JobView(job.Id, job.Kind, job.ProjectId, job.Status, job.Progress, job.ProgressMessage, job.Attempts, job.Error,
                    job.CreatedAt, job.StartedAt, job.FinishedAt));
            })
            .WithTags("Jobs")
            .WithName("GetJob")
            .WithSummary("Get a background job's status and progress (members of its project)")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
