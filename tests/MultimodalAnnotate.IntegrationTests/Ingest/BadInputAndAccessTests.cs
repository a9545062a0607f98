using System.Net;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>Bad files fail alone with a reason the uploader understands; only writers may upload; media is members-only.</summary>
[Collection(IngestCollection.Name)]
public sealed class BadInputAndAccessTests(IngestApp app)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Upload_BadFilesNextToAGoodOne_EachBadAssetFailsWithItsReasonAndNothingElseChanges()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("mixed bag");
        var wav = await File.ReadAllBytesAsync(Fixtures.PathOf("pyannote-sample", "sample.wav"));
        var parts = new[]
        {
            new IngestApp.Part("speech.wav", wav, Sensor: "good_mic"),
            new IngestApp.Part("cut.mp4", await TestMedia.TruncatedVideoAsync(), Sensor: "truncated"),
            new IngestApp.Part("notes.mp4", "this is not a video at all\n"u8.ToArray(), Sensor: "text_as_mp4"),
            new IngestApp.Part("scan.pcd", TestMedia.LyingPcd(), Sensor: "lying_pcd"),
            new IngestApp.Part("nothing.png", [], Sensor: "empty"),
            new IngestApp.Part("silence.wav", TestMedia.ZeroSampleWav(), Sensor: "zero_wav"),
        };
        var annotationsBefore = await app.DbAsync(db => db.Annotations.CountAsync());

        var ids = await app.UploadOkAsync(client, item, parts);
        var assets = (await app.WaitProcessedAsync(ids)).ToDictionary(a => a.Sensor);

        assets["good_mic"].Status.Should().Be(AssetStatus.Ready, "a bad neighbour does not block it: {0}", assets["good_mic"].FailureReason);
        assets["good_mic"].TimeBase.Should().BeOfType<SampleClock>();
        var expected = new Dictionary<string, string[]>
        {
            ["truncated"] = ["cut.mp4", "truncated"],
            ["text_as_mp4"] = ["notes.mp4", "the name says an MP4", "the content is plain text"],
            ["lying_pcd"] = ["scan.pcd", "POINTS", "150 points"],
            ["empty"] = ["nothing.png", "empty (0 bytes)"],
            ["zero_wav"] = ["silence.wav", "no audio samples"],
        };
        foreach (var (sensor, words) in expected)
        {
            var asset = assets[sensor];
            asset.Status.Should().Be(AssetStatus.Failed, sensor);
            foreach (var word in words)
            {
                asset.FailureReason.Should().Contain(word, sensor);
            }
            asset.FailureReason.Should().NotContain(app.MediaRoot, "reasons name the user's file, not our storage");
            // No partial results: nothing derived, no time base, size or text written for a failed asset.
            asset.TimeBase.Should().Match<TimeBase>(t => t is Untimed || t == new CaptureTime(), "{0} keeps the time base it was created with", sensor);
            (asset.Width, asset.Height, asset.Duration, asset.TextContent).Should().Be((null, null, null, null), sensor);
            AssetMediaInfo.Parse(asset.MediaInfoJson).Derived.Should().BeEmpty(sensor);
            Directory.Exists(Path.Combine(app.MediaRoot, "projects", app.Project.ProjectId.ToString("N"), "derived", asset.Id.ToString("N")))
                .Should().BeFalse("{0} has no derived media", sensor);
        }
        assets["text_as_mp4"].MediaKey.Should().BeNull("a file refused on sight is never stored");
        assets["empty"].MediaKey.Should().BeNull();
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(parts.Length);
        (await app.DbAsync(db => db.Annotations.CountAsync())).Should().Be(annotationsBefore);
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Answers413AndStoresNothing()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("too big");
        // Uploaded originals only: other tests' jobs may still be writing derived media in the background.
        int Originals() => Directory.EnumerateFiles(app.MediaRoot, "*", SearchOption.AllDirectories)
            .Count(f => !f.Contains("/.scratch/", StringComparison.Ordinal) && !f.Contains("/derived/", StringComparison.Ordinal));
        var filesBefore = Originals();

        using var response = await IngestApp.UploadAsync(client, item, new IngestApp.Part("big.wav", new byte[IngestApp.MaxUploadBytes + 1]));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Contain("big.wav");
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(0);
        Originals().Should().Be(filesBefore);
    }

    [Fact]
    public async Task Upload_ModalityThatTheContentCannotFeed_FailsWithoutStoring()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("wrong modality");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("photo.jpg", TestMedia.SidewaysJpeg(), Modality: "audio"));

        var asset = await app.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.Id == ids[0]));
        asset.Status.Should().Be(AssetStatus.Failed);
        asset.FailureReason.Should().Contain("cannot be used as audio");
        asset.MediaKey.Should().BeNull();
    }

    [Fact]
    public async Task Upload_ByQaLead_Answers403AndByNonMember_404()
    {
        var item = await app.NewItemAsync("guarded");
        var part = new IngestApp.Part("a.vtt", "WEBVTT\n"u8.ToArray());

        using var qa = await app.ClientAsync(app.Project.QaLeadId);
        using var outsider = await app.ClientAsync(app.Project.OutsiderId);
        using var annotator = await app.ClientAsync(app.Project.AnnotatorId);

        (await IngestApp.UploadAsync(qa, item, part)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await IngestApp.UploadAsync(outsider, item, part)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await IngestApp.UploadAsync(annotator, Guid.NewGuid(), part)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(0);
    }

    [Fact]
    public async Task Upload_WithoutAntiforgeryTokenOrSignIn_IsRefused()
    {
        var item = await app.NewItemAsync("csrf");
        var part = new IngestApp.Part("a.vtt", "WEBVTT\n"u8.ToArray());
        using var noToken = await app.ClientAsync(app.Project.AnnotatorId, antiforgery: false);
        using var anonymous = app.App.CreateClient();

        (await IngestApp.UploadAsync(noToken, item, part)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await IngestApp.UploadAsync(anonymous, item, part)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(0);
    }

    [Fact]
    public async Task Upload_SensorNameTaken_Answers409AndStoresNothing()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("names");
        await app.UploadOkAsync(client, item, new IngestApp.Part("a.vtt", "WEBVTT\n"u8.ToArray(), Sensor: "captions"));

        using var again = await IngestApp.UploadAsync(client, item, new IngestApp.Part("b.vtt", "WEBVTT\n"u8.ToArray(), Sensor: "captions"));

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(1);
    }

    [Fact]
    public async Task Upload_UnderTheNameOfAFailedAsset_ReplacesIt_ButNeverAGoodOne()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("retry");
        await app.UploadOkAsync(client, item, new IngestApp.Part("cam.mp4", "meeting notes, not a video\n"u8.ToArray(), Sensor: "cam"));
        var failed = await app.DbAsync(db => db.Assets.AsNoTracking().SingleAsync(a => a.ItemId == item));
        failed.Status.Should().Be(AssetStatus.Failed);

        var video = await File.ReadAllBytesAsync(await TestMedia.VfrVideoAsync());
        var retried = await app.UploadOkAsync(client, item, new IngestApp.Part("cam.mp4", video, Sensor: "cam"));
        await app.WaitProcessedAsync(retried);

        var assets = await app.DbAsync(db => db.Assets.AsNoTracking().Where(a => a.ItemId == item).ToListAsync());
        var only = assets.Should().ContainSingle("the failed asset was replaced, not kept beside the new one").Subject;
        only.Id.Should().NotBe(failed.Id);
        only.Sensor.Should().Be("cam");
        only.Status.Should().Be(AssetStatus.Ready);
        only.SortOrder.Should().Be(failed.SortOrder);

        // A good asset is never replaced: the same upload again is refused.
        using var again = await IngestApp.UploadAsync(client, item, new IngestApp.Part("cam.mp4", video, Sensor: "cam"));
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("only a failed asset without annotations is replaced");
        (await app.DbAsync(db => db.Assets.CountAsync(a => a.ItemId == item))).Should().Be(1);
    }

    [Fact]
    public async Task DerivedMedia_ForNonMembersAndUnknownAssets_Answers404()
    {
        using var member = await app.ClientAsync(app.Project.QaLeadId);
        using var outsider = await app.ClientAsync(app.Project.OutsiderId);
        using var uploader = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("private media");
        var ids = await app.UploadOkAsync(uploader, item, new IngestApp.Part("v.mp4", await File.ReadAllBytesAsync(await TestMedia.VfrVideoAsync())));
        await app.WaitProcessedAsync(ids);

        foreach (var endpoint in new[] { "content", "frames", "peaks", "peaks?level=0", "thumbnail", "poster", "strip" })
        {
            (await member.GetAsync(Url($"/api/v1/assets/{ids[0]}/{endpoint}"))).StatusCode.Should().Be(HttpStatusCode.OK, "any member reads {0}", endpoint);
            (await outsider.GetAsync(Url($"/api/v1/assets/{ids[0]}/{endpoint}"))).StatusCode.Should().Be(HttpStatusCode.NotFound, endpoint);
            (await member.GetAsync(Url($"/api/v1/assets/{Guid.NewGuid()}/{endpoint}"))).StatusCode.Should().Be(HttpStatusCode.NotFound, endpoint);
        }
        (await member.GetAsync(Url($"/api/v1/assets/{ids[0]}/points"))).StatusCode.Should().Be(HttpStatusCode.NotFound, "a video has no points");
    }

    [Fact]
    public async Task DerivedMedia_SecondRequestWithETag_Answers304()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("etag");
        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("photo.jpg", TestMedia.SidewaysJpeg()));
        await app.WaitProcessedAsync(ids);
        var first = await client.GetAsync(Url($"/api/v1/assets/{ids[0]}/thumbnail"));

        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"/api/v1/assets/{ids[0]}/thumbnail"));
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}
