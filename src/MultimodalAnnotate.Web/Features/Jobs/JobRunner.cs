using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Jobs;

/// <summary>
/// Runs durable jobs from the database one at a time per node. A job is claimed by a conditional update
/// (so several nodes never run the same job), holds a lease that its progress reports renew, and is
/// retried when it fails (up to <see cref="MaxAttempts"/>) or when its node died (the lease expires).
/// </summary>
public sealed class JobRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<AppDbContext> factory,
    TimeProvider clock,
    JobSignal signal,
    JobNotifier notifier,
    IConfiguration configuration,
    ILogger<JobRunner> logger) : BackgroundService
{
    public const int MaxAttempts = 3;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Jobs:Enabled", true))
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunNextAsync(stoppingToken))
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store may be briefly unreachable; keep the runner alive and try again later.
                logger.LogError(ex, "Job runner loop failed; retrying");
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }

    /// <summary>Claims and runs one job; false when there was nothing to do.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        var job = await ClaimAsync(ct);
        if (job is null)
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
        if (handler is null)
        {
            await FinishAsync(job, JobStatus.Failed, $"no handler for job kind \"{job.Kind}\"", ct);
            return true;
        }
        var progress = new Progress(factory, clock, notifier, job);
        try
        {
            logger.LogInformation("Job {Kind} {JobId} started (attempt {Attempt})", job.Kind, job.Id, job.Attempts);
            await handler.RunAsync(job, progress, ct);
            await FinishAsync(job, JobStatus.Succeeded, null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var final = job.Attempts >= MaxAttempts;
            logger.LogWarning(ex, "Job {Kind} {JobId} failed (attempt {Attempt}{Final})", job.Kind, job.Id, job.Attempts, final ? ", giving up" : ", will retry");
            await FinishAsync(job, final ? JobStatus.Failed : JobStatus.Queued, ex.Message, ct);
        }
        return true;
    }

    private async Task<BackgroundJob?> ClaimAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var candidates = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued || (j.Status == JobStatus.Running && j.LeaseUntil < now))
            .OrderBy(j => j.CreatedAt)
            .Select(j => j.Id)
            .Take(5)
            .ToListAsync(ct);
        foreach (var id in candidates)
        {
            var leaseUntil = now + Lease;
            var claimed = await db.Jobs
                .Where(j => j.Id == id && (j.Status == JobStatus.Queued || (j.Status == JobStatus.Running && j.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.LeaseUntil, leaseUntil)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1)
            {
                return await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, ct);
            }
        }
        return null;
    }

    private async Task FinishAsync(BackgroundJob job, JobStatus status, string? error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        var now = clock.GetUtcNow();
        var progress = status == JobStatus.Succeeded ? 1.0 : job.Progress;
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.Error, error)
            .SetProperty(j => j.Progress, progress)
            .SetProperty(j => j.FinishedAt, status == JobStatus.Queued ? null : now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        notifier.Publish(new JobProgressUpdate(job.Id, job.Kind, job.ProjectId, job.AssetId, status, progress, error));
        _ = ct;
    }

    private sealed class Progress(IDbContextFactory<AppDbContext> factory, TimeProvider clock, JobNotifier notifier, BackgroundJob job) : IJobProgress
    {
        private DateTimeOffset _lastWrite;

        public async Task ReportAsync(double fraction, string? message, CancellationToken ct)
        {
            job.Progress = Math.Clamp(fraction, 0, 1);
            notifier.Publish(new JobProgressUpdate(job.Id, job.Kind, job.ProjectId, job.AssetId, JobStatus.Running, job.Progress, message));
            var now = clock.GetUtcNow();
            if (now - _lastWrite < TimeSpan.FromMilliseconds(500) && fraction < 1)
            {
                return;
            }
            _lastWrite = now;
            await using var db = await factory.CreateDbContextAsync(ct);
            var lease = now + Lease;
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Progress, job.Progress)
                .SetProperty(j => j.ProgressMessage, message)
                .SetProperty(j => j.LeaseUntil, lease), ct);
        }
    }
}

internal static class JobRegistration
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddSingleton<JobNotifier>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        return builder;
    }
}
