using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Benchmarks.Store;

/// <summary>
/// Batch validation end to end from PostgreSQL: the real re-validation job (what runs after a policy or ontology
/// change) over a project of realistic items — read each item, validate, reconcile and store its findings and
/// rates, commit. Reported time is per item. Needs MA_BENCH_POSTGRES (scripts/bench.sh starts a server).
/// </summary>
[Config(typeof(InProcessMonitoring))]
[MemoryDiagnoser]
public class BatchRevalidationBenchmarks
{
    private const int Items = 100;

    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(1)
            .WithIterationCount(8)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private sealed class NoProgress : IJobProgress
    {
        public Task ReportAsync(double fraction, string? message, CancellationToken ct) => Task.CompletedTask;
    }

    private BenchmarkStore _store = default!;
    private ServiceProvider _services = default!;
    private Guid _projectId;

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStore.Create(services: s => s.AddTransient<RevalidateProjectJob>());
        _services = _store.Services;
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (project, batch, classes) = RealisticItem.SeedProject(db);
        _projectId = project.Id;
        for (var n = 0; n < Items; n++)
        {
            RealisticItem.SeedItem(db, project, batch, classes, $"bench item {n}", seed: n);
            if (n % 10 == 9)
            {
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
        }
        db.SaveChanges();
    }

    [IterationSetup(Target = nameof(RevalidateProject))]
    public void NewRulesVersion()
    {
        // What an ontology or policy edit does: every item of the project becomes stale.
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Projects.Where(p => p.Id == _projectId)
            .ExecuteUpdate(s => s.SetProperty(p => p.RulesVersion, p => p.RulesVersion + 1));
    }

    private int _iteration;

    /// <summary>
    /// A policy edit that moves the items' error units: colour differences from ΔE 30 (instead of 45) become errors,
    /// and back on the next iteration. Every item's rates, and so its batch's rate, change.
    /// </summary>
    [IterationSetup(Target = nameof(RevalidateProjectAfterAColourThresholdChange))]
    public void StricterOrLaxerColours()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var project = db.Projects.Single(p => p.Id == _projectId);
        project.Policy = project.Policy with { ColourErrorMinDistance = ++_iteration % 2 == 0 ? 45.0 : 30.0 };
        project.RulesVersion++;
        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "re-validation job, per item", OperationsPerInvoke = Items)]
    public async Task RevalidateProject()
    {
        using var scope = _services.CreateScope();
        var job = new BackgroundJob { Kind = RevalidateProjectJob.JobKind, ProjectId = _projectId };
        await scope.ServiceProvider.GetRequiredService<RevalidateProjectJob>().RunAsync(job, new NoProgress(), CancellationToken.None);
    }

    [Benchmark(Description = "re-validation job after a policy change that moves units, per item", OperationsPerInvoke = Items)]
    public Task RevalidateProjectAfterAColourThresholdChange() => RevalidateProject();
}
