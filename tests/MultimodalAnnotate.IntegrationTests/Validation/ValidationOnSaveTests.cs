using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Validation;

/// <summary>Every write re-validates its item in the same request; stored findings open, fix, stay waived or reopen.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ValidationOnSaveTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private TestProject _p = default!;

    public async Task InitializeAsync()
    {
        _app = await AppFactory.PostgresAsync(server);
        _p = await _app.WithScopeAsync(TestProject.CreateAsync);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<AnnotationView> CreateAsync(Guid assetId, string label, Geometry geometry) =>
        (await _app.WithScopeAsync(s => s.GetRequiredService<CreateAnnotation>().ExecuteAsync(
            new CreateAnnotation.Request(_p.ItemId, assetId, label, null, geometry), _p.AnnotatorId, CancellationToken.None))).Value!;

    private Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query) => _app.WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    private Task<List<FindingRecord>> FindingsAsync() => DbAsync(db => db.Findings.AsNoTracking().Where(f => f.ItemId == _p.ItemId).ToListAsync());

    /// <summary>A dog box on the image and a "cat" span in the caption, linked as one entity: a semantic error.</summary>
    private async Task<(AnnotationView Box, AnnotationView Span, EntityView Entity)> DogCatEntityAsync()
    {
        var box = await CreateAsync(_p.Image.Id, "dog", new Box2D(100, 100, 80, 60));
        var span = await CreateAsync(_p.Text.Id, "cat", new TextSpan(17, 20));
        var entity = (await _app.WithScopeAsync(s => s.GetRequiredService<LinkMentions>().ExecuteAsync(
            new LinkMentions.Request(_p.ItemId, [box.Id, span.Id]), _p.AnnotatorId, CancellationToken.None))).Value!;
        return (box, span, entity);
    }

    [Fact]
    public async Task Link_DisagreeingLabels_StoresOpenSemanticErrorAndItemAndBatchRates()
    {
        var (box, span, entity) = await DogCatEntityAsync();

        var findings = await FindingsAsync();
        var semantic = findings.Should().ContainSingle(f => f.Type == FindingType.Semantic).Subject;
        semantic.Status.Should().Be(FindingStatus.Open);
        semantic.Severity.Should().Be(Severity.Error);
        semantic.AnnotationIds.Should().Contain([box.Id, span.Id]);
        semantic.EntityId.Should().Be(entity.Id);
        var item = await DbAsync(db => db.Items.AsNoTracking().FirstAsync(i => i.Id == _p.ItemId));
        item.UnitsWithError.Should().BeGreaterThanOrEqualTo(1);
        item.SyncErrorRate.Should().BeGreaterThan(0);
        var batch = await DbAsync(db => db.Batches.AsNoTracking().FirstAsync(b => b.Id == item.BatchId));
        batch.SyncErrorRate.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Update_FixingTheLabel_MarksTheFindingFixed()
    {
        var (box, _, _) = await DogCatEntityAsync();
        var before = (await FindingsAsync()).Single(f => f.Type == FindingType.Semantic);
        var current = await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == box.Id));

        // The caption says "cat": relabelling the image box as cat makes every mention agree.
        var fixedResult = await _app.WithScopeAsync(s => s.GetRequiredService<UpdateAnnotation>().ExecuteAsync(
            new UpdateAnnotation.Request(box.Id, current.Version, Label: "cat"), _p.AnnotatorId, CancellationToken.None));

        fixedResult.Outcome.Should().Be(WriteOutcome.Ok);
        var findings = await FindingsAsync();
        var semantic = findings.Single(f => f.Key == before.Key);
        semantic.Status.Should().Be(FindingStatus.Fixed);
        findings.Should().NotContain(f => f.Status == FindingStatus.Open && f.Type == FindingType.Semantic && f.Severity == Severity.Error);
        semantic.FixedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Waived_StaysWaivedOnUnrelatedSave_ReopensWhenItsAnnotationsChange()
    {
        var (box, _, _) = await DogCatEntityAsync();
        await DbAsync(async db =>
        {
            var f = await db.Findings.SingleAsync(x => x.ItemId == _p.ItemId && x.Type == FindingType.Semantic);
            f.Status = FindingStatus.Waived;
            f.WaiverReason = "the caption is about the neighbour's cat";
            return await db.SaveChangesAsync();
        });

        await CreateAsync(_p.Audio.Id, "dog", new TimeSegment(0.1, 0.4));
        (await FindingsAsync()).Single(f => f.Type == FindingType.Semantic).Status.Should().Be(FindingStatus.Waived);

        var current = await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == box.Id));
        await _app.WithScopeAsync(s => s.GetRequiredService<UpdateAnnotation>().ExecuteAsync(
            new UpdateAnnotation.Request(box.Id, current.Version, Geometry: new Box2D(110, 100, 80, 60)), _p.AnnotatorId, CancellationToken.None));
        var reopened = (await FindingsAsync()).Single(f => f.Type == FindingType.Semantic);
        reopened.Status.Should().Be(FindingStatus.Open, "the waiver was given for other inputs");
        reopened.WaiverReason.Should().BeNull();
    }

    [Fact]
    public async Task PolicyChange_QueuesAJobThatRevalidatesEveryItemWithTheNewThresholds()
    {
        // Video frame at 1.2 s and audio segment 1.45–1.6 s: 250 ms apart, fine under a 300 ms tolerance, not under 100 ms.
        var video = await CreateAsync(_p.Video.Id, "dog", new Box2D(10, 10, 40, 40) { Time = 0.2 });
        var audio = await CreateAsync(_p.Audio.Id, "dog", new TimeSegment(1.2, 1.35));
        await _app.WithScopeAsync(s => s.GetRequiredService<LinkMentions>().ExecuteAsync(
            new LinkMentions.Request(_p.ItemId, [video.Id, audio.Id]), _p.AnnotatorId, CancellationToken.None));
        (await FindingsAsync()).Should().Contain(f => f.Type == FindingType.Temporal && f.Status == FindingStatus.Open);
        var admin = await MakeAdminAsync();
        var project = await DbAsync(db => db.Projects.AsNoTracking().FirstAsync(p => p.Id == _p.ProjectId));
        var tolerances = new Dictionary<string, double>(project.Policy.TemporalTolerance) { ["Video-Audio"] = 0.5 };

        var result = await _app.WithScopeAsync(s => s.GetRequiredService<UpdatePolicy>().ExecuteAsync(
            new UpdatePolicy.Request(_p.ProjectId, project.Policy with { TemporalTolerance = tolerances }, project.RulesVersion), admin, CancellationToken.None));
        result.Outcome.Should().Be(WriteOutcome.Ok);
        await WaitForJobAsync(result.Value!.JobId);

        (await FindingsAsync()).Where(f => f.Type == FindingType.Temporal).Should().OnlyContain(f => f.Status == FindingStatus.Fixed);
        (await DbAsync(db => db.Items.AsNoTracking().Where(i => i.ProjectId == _p.ProjectId).Select(i => i.ValidatedRulesVersion).ToListAsync()))
            .Should().OnlyContain(v => v == project.RulesVersion + 1, "every item of the project is re-validated");
        var job = await DbAsync(db => db.Jobs.AsNoTracking().FirstAsync(j => j.Id == result.Value!.JobId));
        job.Progress.Should().Be(1);
    }

    [Fact]
    public async Task PolicyChange_ByAnnotatorOrWithBadThreshold_IsRejected()
    {
        var project = await DbAsync(db => db.Projects.AsNoTracking().FirstAsync(p => p.Id == _p.ProjectId));
        var admin = await MakeAdminAsync();

        var byAnnotator = await _app.WithScopeAsync(s => s.GetRequiredService<UpdatePolicy>().ExecuteAsync(
            new UpdatePolicy.Request(_p.ProjectId, project.Policy, project.RulesVersion), _p.AnnotatorId, CancellationToken.None));
        var bad = await _app.WithScopeAsync(s => s.GetRequiredService<UpdatePolicy>().ExecuteAsync(
            new UpdatePolicy.Request(_p.ProjectId, project.Policy with { MinProjectionIoU = 1.5 }, project.RulesVersion), admin, CancellationToken.None));

        byAnnotator.Outcome.Should().Be(WriteOutcome.Forbidden);
        bad.Outcome.Should().Be(WriteOutcome.Invalid);
        bad.Errors.Should().ContainKey("minProjectionIoU");
        (await DbAsync(db => db.Projects.AsNoTracking().FirstAsync(p => p.Id == _p.ProjectId))).RulesVersion.Should().Be(project.RulesVersion);
    }

    private Task<string> MakeAdminAsync() => DbAsync(async db =>
    {
        db.ProjectMembers.Add(new ProjectMember { ProjectId = _p.ProjectId, UserId = _p.ReviewerId, Role = ProjectRole.Admin, AddedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return _p.ReviewerId;
    });

    private async Task WaitForJobAsync(Guid jobId)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = await DbAsync(db => db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Status).FirstAsync());
            if (status is JobStatus.Succeeded or JobStatus.Failed)
            {
                status.Should().Be(JobStatus.Succeeded);
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {jobId} did not finish in 20 s");
    }
}
