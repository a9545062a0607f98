using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.Web.Features.Validation;

/// <summary>
/// At start-up: projects whose findings were computed by an older engine (<see cref="Project.EngineRevision"/> below
/// <see cref="ItemValidator.EngineRevision"/>) get a new rules version and a re-validation job, as a policy change
/// does, so a fixed rule's false positives are closed and a new rule's findings appear without anyone saving every
/// item. The revision, the rules version and the job are written in one transaction, and the revision is raised only
/// while it is still older: of several nodes starting together, one queues the job.
/// </summary>
public sealed class EngineRevisionCheck(IDbContextFactory<AppDbContext> factory, TimeProvider clock, JobSignal signal, ILogger<EngineRevisionCheck> logger)
{
    /// <summary>Queues re-validation of every project behind the current engine revision; returns how many were queued.</summary>
    public async Task<int> QueueStaleProjectsAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stale = await db.Projects.AsNoTracking()
            .Where(p => p.EngineRevision < ItemValidator.EngineRevision)
            .Select(p => new { p.Id, p.Name, p.EngineRevision })
            .ToListAsync(ct);
        var queued = 0;
        foreach (var project in stale)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var raised = await db.Projects
                .Where(p => p.Id == project.Id && p.EngineRevision < ItemValidator.EngineRevision)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.EngineRevision, ItemValidator.EngineRevision)
                    .SetProperty(p => p.RulesVersion, p => p.RulesVersion + 1), ct);
            if (raised == 0)
            {
                // Another node raised it first and queued the job.
                continue;
            }

            // A whole-project re-validation still queued reads the new rules version when it starts: it does the work.
            var payload = new RevalidateProjectJob.Payload(null, RevalidateProjectJob.Payload.EngineUpgrade).ToJson();
            var alreadyQueued = await db.Jobs.AnyAsync(
                j => j.Kind == RevalidateProjectJob.JobKind && j.Status == JobStatus.Queued && j.ProjectId == project.Id && (j.PayloadJson == null || j.PayloadJson == payload), ct);
            if (!alreadyQueued)
            {
                db.Jobs.Add(new BackgroundJob { Kind = RevalidateProjectJob.JobKind, ProjectId = project.Id, PayloadJson = payload, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
            }

            await tx.CommitAsync(ct);
            queued++;
            logger.LogInformation(
                "Project {Project} ({ProjectId}) was validated by engine revision {Old}; re-validating it with revision {New}",
                project.Name, project.Id, project.EngineRevision, ItemValidator.EngineRevision);
        }

        if (queued > 0)
        {
            signal.Wake();
        }

        return queued;
    }
}
