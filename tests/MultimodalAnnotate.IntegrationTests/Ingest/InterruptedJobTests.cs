using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;
using MultimodalAnnotate.Web.Features.Jobs;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>Processing survives its node dying half-way: the job keeps its lease, then runs again from the start.</summary>
public sealed class InterruptedJobTests(IngestAppWithoutRunner app) : IClassFixture<IngestAppWithoutRunner>
{
    [Fact]
    public async Task ProcessingJob_InterruptedMidWay_IsPickedUpAfterItsLeaseExpiresAndCompletes()
    {
        var path = await TestMedia.LongerVideoAsync();
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("interrupted");
        var assetId = (await app.UploadOkAsync(client, item, new IngestApp.Part("long.mp4", await File.ReadAllBytesAsync(path))))[0];
        var runner = app.App.Services.GetRequiredService<JobRunner>();
        var notifier = app.App.Services.GetRequiredService<JobNotifier>();

        // "Kill the node" once processing is past the checks and into the media work.
        using var dying = new CancellationTokenSource();
        var reached = 0.0;
        void OnChanged(JobProgressUpdate u)
        {
            if (u.AssetId == assetId && u.Progress >= 0.55)
            {
                reached = u.Progress;
                dying.Cancel();
            }
        }
        notifier.Changed += OnChanged;
        var interrupted = async () => await runner.RunNextAsync(dying.Token);
        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        notifier.Changed -= OnChanged;

        var job = await app.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.AssetId == assetId));
        job.Status.Should().Be(JobStatus.Running, "a dead node cannot mark its job");
        reached.Should().BeGreaterThanOrEqualTo(0.55, "the run was past its checks, into the media work");
        (await app.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == assetId))).Status.Should().Be(AssetStatus.Processing);
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeFalse("the lease still holds");

        await app.DbAsync(db => db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, DateTimeOffset.UtcNow.AddSeconds(-1))));
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeTrue("an expired lease frees the job");

        job = await app.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.AssetId == assetId));
        (job.Status, job.Attempts).Should().Be((JobStatus.Succeeded, 2));
        var asset = await app.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == assetId));
        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        asset.TimeBase.Should().BeOfType<FrameTimes>().Which.PresentationTimes
            .Should().Equal(await TestMedia.FfprobeFrameTimesAsync(path), (a, b) => Math.Abs(a - b) < 1e-6);
        var info = AssetMediaInfo.Parse(asset.MediaInfoJson);
        info.Derived.Keys.Should().BeEquivalentTo([DerivedRoles.Frames, DerivedRoles.Peaks, DerivedRoles.Poster, DerivedRoles.Thumbnail, DerivedRoles.Strip]);
        info.Derived.Values.Should().OnlyContain(key => File.Exists(Path.Combine(app.MediaRoot, key)));
        Directory.EnumerateDirectories(Path.Combine(app.MediaRoot, ".scratch")).Should().BeEmpty("the interrupted run's scratch files are gone");
    }

    [Fact]
    public async Task ProcessingJob_RunTwice_GivesTheSameResult()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("twice");
        var assetId = (await app.UploadOkAsync(client, item, new IngestApp.Part("sample.vtt", "WEBVTT\n\n00:00.500 --> 00:01.000\nHello\n"u8.ToArray())))[0];
        var runner = app.App.Services.GetRequiredService<JobRunner>();
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();
        var first = await app.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == assetId));

        // A crash between the asset's save and the job's completion makes the runner run it again.
        await app.DbAsync(db => db.Jobs.Where(j => j.AssetId == assetId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued)));
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();

        var second = await app.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == assetId));
        second.Status.Should().Be(AssetStatus.Ready);
        (second.TextContent, second.MediaKey).Should().Be((first.TextContent, first.MediaKey));
        second.TimeBase.Should().BeEquivalentTo(first.TimeBase, o => o.RespectingRuntimeTypes());
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(1);
    }
}
