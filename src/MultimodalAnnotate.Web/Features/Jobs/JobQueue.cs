using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Jobs;

/// <summary>Puts durable jobs into the database; the <see cref="JobRunner"/> picks them up (also after a restart).</summary>
public sealed class JobQueue(IDbContextFactory<AppDbContext> factory, TimeProvider clock, JobSignal signal)
{
    /// <summary>
    /// Enqueues a job. When an identical job (same kind and target) is still queued, that one is returned instead:
    /// three quick policy edits re-validate the project once, not three times.
    /// </summary>
    public async Task<Guid> EnqueueAsync(string kind, Guid? projectId, Guid? itemId = null, Guid? assetId = null, string? payload = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.Jobs
            .Where(j => j.Kind == kind && j.Status == JobStatus.Queued && j.ProjectId == projectId && j.ItemId == itemId && j.AssetId == assetId && j.PayloadJson == payload)
            .Select(j => (Guid?)j.Id)
            .FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            return id;
        }
        var job = new BackgroundJob { Kind = kind, ProjectId = projectId, ItemId = itemId, AssetId = assetId, PayloadJson = payload, CreatedAt = clock.GetUtcNow() };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return job.Id;
    }
}

/// <summary>Wakes the runner when a job is enqueued, so it does not wait for its next poll.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Wake()
    {
        if (_semaphore.CurrentCount == 0)
        {
            _semaphore.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public void Dispose() => _semaphore.Dispose();
}

/// <summary>Progress of running jobs for pages that show it (published on the server, marshalled by the page).</summary>
public sealed class JobNotifier
{
    public event Action<JobProgressUpdate>? Changed;

    public void Publish(JobProgressUpdate update) => Changed?.Invoke(update);
}

public sealed record JobProgressUpdate(Guid JobId, string Kind, Guid? ProjectId, Guid? AssetId, JobStatus Status, double Progress, string? Message);

/// <summary>Reports a job's progress (0..1) and renews its lease.</summary>
public interface IJobProgress
{
    Task ReportAsync(double fraction, string? message, CancellationToken ct);
}

/// <summary>A kind of job. Handlers must be idempotent: an interrupted job runs again from the start.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(BackgroundJob job, IJobProgress progress, CancellationToken ct);
}
