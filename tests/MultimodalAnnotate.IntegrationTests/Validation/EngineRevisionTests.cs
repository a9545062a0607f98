using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Validation;

/// <summary>
/// Findings computed by an older engine are re-validated when the app starts: the project gets a new rules version and
/// a re-validation job, once, and the job brings the stored findings to what the current engine finds.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EngineRevisionTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private TestProject _p = default!;

    public async Task InitializeAsync()
    {
        // On-save validation off: the item's dog box and cat span are stored without findings, as an older engine
        // that did not find their disagreement would have left them.
        _app = (await AppFactory.PostgresAsync(server)).WithSetting("Validation:OnSave", "false");
        _p = await _app.WithScopeAsync(TestProject.CreateAsync);
        await DogCatAsync(_app, _p);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AProjectOfAnOlderEngine_IsQueuedOnce_AndItsFindingsCatchUp()
    {
        (await CheckAsync(_app)).Should().Be(0, "a project created by this version has the current engine revision");
        (await ProjectAsync(_app)).EngineRevision.Should().Be(ItemValidator.EngineRevision);
        var rulesBefore = await ValidatedByAnOlderEngineAsync(_app, _p);

        (await CheckAsync(_app)).Should().Be(1);
        (await CheckAsync(_app)).Should().Be(0, "the revision was raised with the job");

        var project = await ProjectAsync(_app);
        project.EngineRevision.Should().Be(ItemValidator.EngineRevision);
        project.RulesVersion.Should().Be(rulesBefore + 1, "the items validated before are stale under the new rules version");
        var job = (await JobsAsync(_app, _p)).Should().ContainSingle().Subject;
        RevalidateProjectJob.Payload.FromJson(job.PayloadJson).Should().Be(new RevalidateProjectJob.Payload(null, RevalidateProjectJob.Payload.EngineUpgrade),
            "the admin page tells why the project was re-validated");
        await WaitForAsync(_app, job.Id);
        var findings = await OpenFindingsAsync(_app, _p);
        findings.Should().Contain(f => f.Type == FindingType.Semantic && f.Severity == Severity.Error, "the current engine finds dog vs cat");
        (await _app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Items.Where(i => i.Id == _p.ItemId).Select(i => i.ValidatedRulesVersion).SingleAsync()))
            .Should().Be(rulesBefore + 1);
    }

    [Fact]
    public async Task StartingTheApp_QueuesTheProjectsOfAnOlderEngine()
    {
        await ValidatedByAnOlderEngineAsync(_app, _p);

        // Another node of the deployment starts on the same store (as the upgraded app does after a deployment).
        await using var restarted = AppFactory.Postgres(_app.ConnectionString);
        var project = await ProjectAsync(restarted);

        project.EngineRevision.Should().Be(ItemValidator.EngineRevision);
        var job = (await JobsAsync(restarted, _p)).Should().ContainSingle().Subject;
        await WaitForAsync(restarted, job.Id);
        (await OpenFindingsAsync(restarted, _p)).Should().Contain(f => f.Type == FindingType.Semantic);
    }

    [Fact]
    public async Task TheEmbeddedStore_QueuesTheProjectsOfAnOlderEngineAtStartUp()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ma-sqlite-").FullName, "store.db");
        TestProject p;
        await using (var first = AppFactory.Sqlite(path).WithSetting("Validation:OnSave", "false"))
        {
            p = await first.WithScopeAsync(TestProject.CreateAsync);
            await DogCatAsync(first, p);
            await ValidatedByAnOlderEngineAsync(first, p);
        }

        await using var restarted = AppFactory.Sqlite(path);
        var job = (await JobsAsync(restarted, p)).Should().ContainSingle().Subject;
        await WaitForAsync(restarted, job.Id);

        (await OpenFindingsAsync(restarted, p)).Should().Contain(f => f.Type == FindingType.Semantic && f.Severity == Severity.Error);
        (await ProjectAsync(restarted, p.ProjectId)).EngineRevision.Should().Be(ItemValidator.EngineRevision);
    }

    /// <summary>Marks the project's items as validated under its current rules by engine revision 0 (before revisions existed).</summary>
    private static Task<int> ValidatedByAnOlderEngineAsync(AppFactory app, TestProject p) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        var rules = await db.Projects.Where(x => x.Id == p.ProjectId).Select(x => x.RulesVersion).SingleAsync();
        await db.Items.Where(i => i.ProjectId == p.ProjectId).ExecuteUpdateAsync(u => u.SetProperty(i => i.ValidatedRulesVersion, rules));
        await db.Projects.Where(x => x.Id == p.ProjectId).ExecuteUpdateAsync(u => u.SetProperty(x => x.EngineRevision, 0));
        (await db.Findings.CountAsync(f => f.ItemId == p.ItemId)).Should().Be(0, "the older engine left no findings");
        return rules;
    });

    private static async Task DogCatAsync(AppFactory app, TestProject p)
    {
        async Task<Guid> Create(Guid assetId, string label, Geometry geometry)
        {
            var result = await app.WithScopeAsync(s => s.GetRequiredService<CreateAnnotation>().ExecuteAsync(
                new CreateAnnotation.Request(p.ItemId, assetId, label, null, geometry), p.AnnotatorId, CancellationToken.None));
            result.Outcome.Should().Be(WriteOutcome.Ok);
            return result.Value!.Id;
        }

        var box = await Create(p.Image.Id, "dog", new Box2D(100, 100, 80, 60));
        var span = await Create(p.Text.Id, "cat", new TextSpan(17, 20));
        var linked = await app.WithScopeAsync(s => s.GetRequiredService<LinkMentions>().ExecuteAsync(
            new LinkMentions.Request(p.ItemId, [box, span]), p.AnnotatorId, CancellationToken.None));
        linked.Outcome.Should().Be(WriteOutcome.Ok);
    }

    private Task<int> CheckAsync(AppFactory app) => app.Services.GetRequiredService<EngineRevisionCheck>().QueueStaleProjectsAsync(CancellationToken.None);

    private Task<Project> ProjectAsync(AppFactory app) => ProjectAsync(app, _p.ProjectId);

    private static Task<Project> ProjectAsync(AppFactory app, Guid projectId) =>
        app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Projects.AsNoTracking().SingleAsync(x => x.Id == projectId));

    private static Task<List<BackgroundJob>> JobsAsync(AppFactory app, TestProject p) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().Where(j => j.ProjectId == p.ProjectId && j.Kind == RevalidateProjectJob.JobKind).ToListAsync());

    private static Task<List<FindingRecord>> OpenFindingsAsync(AppFactory app, TestProject p) => app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Findings.AsNoTracking().Where(f => f.ItemId == p.ItemId && f.Status == FindingStatus.Open).ToListAsync());

    /// <summary>Waits for the app's job runner to finish the job (it wakes on the queue's signal or its poll).</summary>
    private static async Task WaitForAsync(AppFactory app, Guid jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
            if (job.Status is JobStatus.Succeeded or JobStatus.Failed)
            {
                job.Status.Should().Be(JobStatus.Succeeded, job.Error);
                return;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"the re-validation job should finish (it is {job.Status})");
            await Task.Delay(100);
        }
    }
}
