using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.Media.Audio;
using MultimodalAnnotate.Media.Imaging;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Media.Timing;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>Upload over HTTP → processing job → asset Ready, and the derived media the panes read, per modality.</summary>
[Collection(IngestCollection.Name)]
public sealed class UploadProcessingTests(IngestApp app)
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Upload_VariableFrameRateVideo_ReadyWithFfprobeFrameTimesAndServedFramesPeaksAndImages()
    {
        var path = await TestMedia.VfrVideoAsync();
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("vfr video");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("yard cam.mp4", await File.ReadAllBytesAsync(path), Sensor: "cam_yard"));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        asset.Modality.Should().Be(Modality.Video, "an MP4 with a video stream is video when the uploader leaves it to us");
        asset.MediaKey.Should().NotContain("yard").And.EndWith(".mp4", "the stored name is generated, never the user's");
        asset.OriginalFileName.Should().Be("yard cam.mp4");
        var expected = await TestMedia.FfprobeFrameTimesAsync(path);
        var frames = asset.TimeBase.Should().BeOfType<FrameTimes>().Subject;
        frames.PresentationTimes.Should().Equal(expected, (a, b) => Math.Abs(a - b) < 1e-6);
        frames.PresentationTimes.Zip(frames.PresentationTimes.Skip(1), (a, b) => Math.Round(b - a, 3)).Distinct().Should().HaveCountGreaterThan(1, "the frame rate is variable");
        (asset.Width, asset.Height).Should().Be((160, 120));
        var validated = await app.DbAsync(db => db.Items.AsNoTracking().SingleAsync(i => i.Id == item));
        validated.ValidatedAt.Should().NotBeNull("processing re-validates the item with the asset's real frame times");
        validated.SnapshotStamp.Should().NotBeNull("that validation saw the processed asset");

        var served = await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/frames"));
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        served.Headers.ETag.Should().NotBeNull();
        served.Headers.CacheControl!.Private.Should().BeTrue();
        var (times, _) = FrameTimesCodec.Decode(await served.Content.ReadAsByteArrayAsync());
        times.Should().Equal(expected, (a, b) => Math.Abs(a - b) < 1e-6);

        var peaks = await client.GetByteArrayAsync(Url($"/api/v1/assets/{asset.Id}/peaks?level=0"));
        BinaryPrimitives.ReadInt32LittleEndian(peaks).Should().Be(2, "audiowaveform .dat version 2");
        BinaryPrimitives.ReadInt32LittleEndian(peaks.AsSpan(8)).Should().Be(16000, "the audio track's native rate");
        var info = AssetMediaInfo.Parse(asset.MediaInfoJson);
        info.Probe!.AudioOffsetFromVideo.Should().NotBeNull();
        foreach (var (endpoint, magic) in new[] { ("poster", new byte[] { 0xFF, 0xD8 }), ("thumbnail", [0xFF, 0xD8]), ("strip", [0xFF, 0xD8]) })
        {
            var image = await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/{endpoint}"));
            image.StatusCode.Should().Be(HttpStatusCode.OK, endpoint);
            image.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
            (await image.Content.ReadAsByteArrayAsync())[..2].Should().Equal(magic);
        }
    }

    [Fact]
    public async Task Upload_PyannoteWav_ReadyWithItsSampleClockAndEveryPeakLevelServed()
    {
        var wav = Fixtures.PathOf("pyannote-sample", "sample.wav");
        using var client = await app.ClientAsync(app.Project.ReviewerId);
        var item = await app.NewItemAsync("speech");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("sample.wav", await File.ReadAllBytesAsync(wav), Modality: "audio"));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        var clock = asset.TimeBase.Should().BeOfType<SampleClock>().Subject;
        clock.SampleRate.Should().Be(16000);
        clock.SampleCount.Should().Be(480000, "ffprobe reports duration_ts=480000 for this file");
        clock.Offset.Should().Be(0);
        asset.Duration.Should().BeApproximately(30.0, 1e-9);

        var all = await client.GetByteArrayAsync(Url($"/api/v1/assets/{asset.Id}/peaks"));
        using var mawf = new MemoryStream(all);
        var waveform = WaveformFormat.Read(mawf);
        waveform.SampleCount.Should().Be(480000);
        waveform.Levels[0].BucketCount.Should().Be(480000 / 256 + (480000 % 256 == 0 ? 0 : 1));
        for (var level = 0; level < waveform.Levels.Count; level++)
        {
            var dat = await client.GetByteArrayAsync(Url($"/api/v1/assets/{asset.Id}/peaks?level={level}"));
            BinaryPrimitives.ReadInt32LittleEndian(dat.AsSpan(12)).Should().Be(waveform.Levels[level].SamplesPerBucket);
            BinaryPrimitives.ReadUInt32LittleEndian(dat.AsSpan(16)).Should().Be((uint)waveform.Levels[level].BucketCount);
            dat.Length.Should().Be(24 + (4 * waveform.Levels[level].BucketCount));
        }
        (await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/peaks?level={waveform.Levels.Count}"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/frames"))).StatusCode.Should().Be(HttpStatusCode.NotFound, "audio has no frames");
    }

    [Fact]
    public async Task Upload_KittiVelodyne_ReadyWithAllPointsTransferredAndABirdsEyeView()
    {
        var bin = Fixtures.PathOf("kitti", "velodyne", "000001.bin");
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("lidar");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("000001.bin", await File.ReadAllBytesAsync(bin), Sensor: "velodyne"));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        asset.Modality.Should().Be(Modality.PointCloud);
        var points = PointCloudTransfer.Read(await client.GetByteArrayAsync(Url($"/api/v1/assets/{asset.Id}/points")));
        var original = KittiBin.Read(await File.ReadAllBytesAsync(bin), "000001.bin");
        points.Count.Should().Be(original.Count, "a sweep under the 1M budget is sent whole");
        points.X[1000].Should().Be(original.X[1000]);
        var bev = await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/bev.png"));
        bev.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var facts = AssetMediaInfo.Parse(asset.MediaInfoJson).PointCloud!;
        facts.Count.Should().Be(original.Count);
        facts.BirdsEyeWidth.Should().BeLessThanOrEqualTo(1024);
        var png = await bev.Content.ReadAsByteArrayAsync();
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)).Should().Be(facts.BirdsEyeWidth, "the PNG is the raster");
    }

    [Fact]
    public async Task Upload_SidewaysJpeg_ServesPixelsInTheDisplayedGridWithAThumbnail()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("photo");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("phone.jpg", TestMedia.SidewaysJpeg()));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        (asset.Width, asset.Height).Should().Be((60, 90), "annotations use the grid a viewer sees");
        var served = Path.Combine(Path.GetTempPath(), $"served-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(served, await client.GetByteArrayAsync(Url($"/api/v1/assets/{asset.Id}/content")));
        var inspected = ImageProcessor.Inspect(served);
        (inspected.StoredWidth, inspected.StoredHeight, inspected.Orientation).Should().Be((60, 90, 1), "the served pixels are already turned");
        AssetMediaInfo.Parse(asset.MediaInfoJson).OriginalKey.Should().NotBeNull("the upload itself is kept");
        (await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/thumbnail"))).StatusCode.Should().Be(HttpStatusCode.OK);
        File.Delete(served);
    }

    [Fact]
    public async Task Upload_ImageWiderThan8k_ServesDeepZoomTiles()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("panorama");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("pano.png", TestMedia.WidePng()));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        var dzi = await client.GetStringAsync(Url($"/api/v1/assets/{asset.Id}/tiles/image.dzi"));
        dzi.Should().Contain("Width=\"9000\"").And.Contain("TileSize=\"254\"");
        (await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/tiles/image_files/0/0_0.jpg"))).Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        (await client.GetAsync(Url($"/api/v1/assets/{asset.Id}/tiles/..%2F..%2Fassets"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_WebVttCaptions_BecomeTextWithTimedSegments()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("captions");
        var vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ann>A dog barks.\n\n00:00:03.000 --> 00:00:04.000\nThe cat hides.\n"u8.ToArray();

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("captions.vtt", vtt));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        asset.TextContent.Should().Be("A dog barks.\nThe cat hides.");
        var segments = asset.TimeBase.Should().BeOfType<TimedSegments>().Subject.Segments;
        segments.Select(s => (s.Start, s.End, s.Speaker)).Should().Equal((1.0, 2.5, "Ann"), (3.0, 4.0, null));
        (await client.GetStringAsync(Url($"/api/v1/assets/{asset.Id}/content"))).Should().Be(asset.TextContent);
    }

    [Fact]
    public async Task Upload_MatroskaVideo_IsTranscodedAndFrameTimesComeFromThePlayableCopy()
    {
        var path = await TestMedia.MatroskaVideoAsync();
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("mkv");

        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("clip.mkv", await File.ReadAllBytesAsync(path)));
        var asset = (await app.WaitProcessedAsync(ids)).Single();

        asset.Status.Should().Be(AssetStatus.Ready, asset.FailureReason);
        asset.ContentType.Should().Be("video/mp4");
        var info = AssetMediaInfo.Parse(asset.MediaInfoJson);
        info.TranscodeReasons.Should().NotBeEmpty();
        info.OriginalKey.Should().EndWith(".mkv");
        var playable = Path.Combine(Path.GetTempPath(), $"served-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(playable, await client.GetByteArrayAsync(Url($"/api/v1/assets/{asset.Id}/content")));
        (await TestMedia.FfprobeStreamAsync(playable, "v:0", "codec_name")).Should().Be("h264");
        asset.TimeBase.Should().BeOfType<FrameTimes>().Which.PresentationTimes
            .Should().Equal(await TestMedia.FfprobeFrameTimesAsync(playable), (a, b) => Math.Abs(a - b) < 1e-6);
        File.Delete(playable);
    }

    [Fact]
    public async Task Content_RangeRequest_AnswersPartialContentFromTheStore()
    {
        using var client = await app.ClientAsync(app.Project.AnnotatorId);
        var item = await app.NewItemAsync("range");
        var bytes = await File.ReadAllBytesAsync(await TestMedia.VfrVideoAsync());
        var ids = await app.UploadOkAsync(client, item, new IngestApp.Part("v.mp4", bytes));
        await app.WaitProcessedAsync(ids);

        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"/api/v1/assets/{ids[0]}/content"));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[100..200]);
        response.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");
    }
}
