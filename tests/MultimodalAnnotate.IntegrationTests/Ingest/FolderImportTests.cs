using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Ingest;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>An admin imports a server folder (the real KITTI frames): files sharing a stem become one item.</summary>
public sealed class FolderImportTests(IngestApp app) : IClassFixture<IngestApp>
{
    private static readonly string[] Frames = ["000000", "000001", "000002"];

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<(HttpStatusCode Status, Guid? JobId, Guid? BatchId, string Body)> StartAsync(string userId, object body)
    {
        using var client = await app.ClientAsync(userId);
        using var response = await client.PostAsJsonAsync(Url($"/api/v1/projects/{app.Project.ProjectId}/imports"), body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return (response.StatusCode, null, null, text);
        }
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.GetProperty("jobId").GetGuid(), json.RootElement.GetProperty("batchId").GetGuid(), text);
    }

    private async Task<BackgroundJob> WaitJobAsync(Guid jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await app.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
            if (job.Status is JobStatus.Succeeded or JobStatus.Failed)
            {
                return job;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the import job did not finish");
    }

    [Fact]
    public async Task Import_KittiFolder_GroupsFilesByStemIntoCalibratedItemsWithProjections()
    {
        var (status, jobId, batchId, body) = await StartAsync(app.AdminId, new { folder = "kitti", newBatchName = "KITTI import" });
        status.Should().Be(HttpStatusCode.Accepted, body);
        var job = await WaitJobAsync(jobId!.Value);
        job.Status.Should().Be(JobStatus.Succeeded, job.Error);
        job.ProgressMessage.Should().Be("9 files added to 3 items; 0 skipped (type not accepted)");
        var assets = await app.DbAsync(db => db.Assets.AsNoTracking()
            .Join(db.Items.Where(i => i.BatchId == batchId), a => a.ItemId, i => i.Id, (a, i) => new { i.Name, Asset = a }).ToListAsync());
        await app.WaitProcessedAsync([.. assets.Select(a => a.Asset.Id)]);
        assets = await app.DbAsync(db => db.Assets.AsNoTracking()
            .Join(db.Items.Where(i => i.BatchId == batchId), a => a.ItemId, i => i.Id, (a, i) => new { i.Name, Asset = a }).ToListAsync());

        assets.Select(a => a.Name).Distinct().Should().BeEquivalentTo(Frames);
        foreach (var frame in Frames)
        {
            var mine = assets.Where(a => a.Name == frame).ToDictionary(a => a.Asset.Sensor, a => a.Asset);
            mine.Keys.Should().BeEquivalentTo(["image_2", "velodyne", "label_2"], "calib/{0}.txt calibrates the item instead of becoming text", frame);
            mine.Values.Should().OnlyContain(a => a.Status == AssetStatus.Ready);
            (mine["image_2"].Modality, mine["velodyne"].Modality, mine["label_2"].Modality).Should().Be((Modality.Image, Modality.PointCloud, Modality.Text));
            mine["image_2"].Calibration!.Intrinsics!.Width.Should().Be(mine["image_2"].Width!.Value);
            mine["velodyne"].Calibration!.SensorToCommon.Should().Equal(Calibration.Identity);
            mine["label_2"].TextContent.Should().Be((await File.ReadAllTextAsync(Fixtures.PathOf("kitti", "label_2", frame + ".txt"))).ReplaceLineEndings("\n"));
        }
        File.Exists(Fixtures.PathOf("kitti", "velodyne", "000001.bin")).Should().BeTrue("the import copies; the folder is left as it was");

        // The LiDAR sweep in the camera: as many points as the KITTI README formula puts inside the image.
        var frame1 = assets.Where(a => a.Name == "000001").ToDictionary(a => a.Asset.Sensor, a => a.Asset);
        using var client = await app.ClientAsync(app.Project.ReviewerId);
        var projected = PointCloudTransfer.Read(await client.GetByteArrayAsync(Url($"/api/v1/assets/{frame1["velodyne"].Id}/projection/{frame1["image_2"].Id}")));
        projected.Count.Should().Be(ReadmeFormulaCount("000001", frame1["image_2"].Width!.Value, frame1["image_2"].Height!.Value)).And.BeGreaterThan(10_000);
        projected.X.Should().OnlyContain(u => u >= 0 && u < frame1["image_2"].Width!.Value);
        var overlay = await client.GetAsync(Url($"/api/v1/assets/{frame1["velodyne"].Id}/projection/{frame1["image_2"].Id}?format=png"));
        overlay.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await client.GetAsync(Url($"/api/v1/assets/{frame1["velodyne"].Id}/projection/{frame1["label_2"].Id}"))).StatusCode.Should().Be(HttpStatusCode.NotFound, "text is no camera");

        // Importing the same folder again adds nothing: items are found by name, files by sensor.
        var again = await StartAsync(app.AdminId, new { folder = "kitti/", batchId });
        (await WaitJobAsync(again.JobId!.Value)).ProgressMessage.Should().StartWith("0 files added to 3 items");
        (await app.DbAsync(db => db.Items.CountAsync(i => i.BatchId == batchId))).Should().Be(3);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("kitti/../..")]
    [InlineData("/etc")]
    [InlineData("no-such-folder")]
    public async Task Import_FolderOutsideTheRootOrMissing_IsRefusedWithoutAJob(string folder)
    {
        var jobsBefore = await app.DbAsync(db => db.Jobs.CountAsync());

        var (status, _, _, body) = await StartAsync(app.AdminId, new { folder, batchId = app.BatchId });

        status.Should().Be(HttpStatusCode.BadRequest, body);
        (await app.DbAsync(db => db.Jobs.CountAsync())).Should().Be(jobsBefore);
    }

    [Fact]
    public async Task Import_ByAnnotator_Answers403AndByNonMember_404()
    {
        (await StartAsync(app.Project.AnnotatorId, new { folder = "kitti", batchId = app.BatchId })).Status.Should().Be(HttpStatusCode.Forbidden);
        (await StartAsync(app.Project.OutsiderId, new { folder = "kitti", batchId = app.BatchId })).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Resolve_FolderReachedThroughASymbolicLink_IsRefused()
    {
        var root = Directory.CreateTempSubdirectory("ma-import-root-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("ma-elsewhere-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), elsewhere);

        StartFolderImport.Resolve([root], null, "real").Folder.Should().Be(Path.Combine(root, "real"));
        StartFolderImport.Resolve([root], null, "link").Error.Should().Contain("symbolic link");
        StartFolderImport.Resolve([root], "/somewhere/else", "real").Error.Should().Contain("not one of the configured import roots");

        Directory.Delete(root, recursive: true);
        Directory.Delete(elsewhere, recursive: true);
    }

    [Fact]
    public void Grouping_FilesSharingAStem_BecomeOneItemWithSensorsFromFolders()
    {
        var result = FolderGrouping.Group([
            "0001.png", "0001.bin", "0001.txt", "0002.png", "cam/0002.jpg", "cam/0002.png", "notes.docx", "a/b/0003.wav",
        ]);

        result.Skipped.Should().Equal("notes.docx");
        result.Groups.Select(g => g.ItemName).Should().Equal("0001", "0002", "0003");
        result.Groups[0].Files.Select(f => (f.RelativePath, f.Sensor)).Should().Equal(("0001.bin", "lidar"), ("0001.png", "camera"), ("0001.txt", "text"));
        result.Groups[1].Files.Select(f => (f.RelativePath, f.Sensor)).Should().Equal(("0002.png", "camera"), ("cam/0002.jpg", "cam"), ("cam/0002.png", "cam_2"));
        result.Groups[2].Files.Single().Sensor.Should().Be("a_b");
    }

    /// <summary>Counts points with <c>x = P2 · R0_rect · Tr_velo_to_cam · X</c> in front of the camera and inside the image.</summary>
    private static int ReadmeFormulaCount(string frame, int width, int height)
    {
        var calib = File.ReadAllLines(Fixtures.PathOf("kitti", "calib", frame + ".txt"))
            .Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        double[,] p2 = To(calib["P2"], 3, 4), r0 = To(calib["R0_rect"], 3, 3), tr = To(calib["Tr_velo_to_cam"], 3, 4);
        var cloud = KittiBin.Read(File.ReadAllBytes(Fixtures.PathOf("kitti", "velodyne", frame + ".bin")), frame);
        var count = 0;
        for (var i = 0; i < cloud.Count; i++)
        {
            double[] x = [cloud.X[i], cloud.Y[i], cloud.Z[i], 1];
            var cam = new double[4];
            for (var r = 0; r < 3; r++)
            {
                cam[r] = (tr[r, 0] * x[0]) + (tr[r, 1] * x[1]) + (tr[r, 2] * x[2]) + tr[r, 3];
            }
            var rect = new double[] { 0, 0, 0, 1 };
            for (var r = 0; r < 3; r++)
            {
                rect[r] = (r0[r, 0] * cam[0]) + (r0[r, 1] * cam[1]) + (r0[r, 2] * cam[2]);
            }
            var image = new double[3];
            for (var r = 0; r < 3; r++)
            {
                image[r] = (p2[r, 0] * rect[0]) + (p2[r, 1] * rect[1]) + (p2[r, 2] * rect[2]) + p2[r, 3];
            }
            if (image[2] > 0.1 && image[0] / image[2] is >= 0 and var u && u < width && image[1] / image[2] is >= 0 and var v && v < height)
            {
                count++;
            }
        }
        return count;
    }

    private static double[,] To(double[] values, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (var i = 0; i < values.Length; i++)
        {
            m[i / cols, i % cols] = values[i];
        }
        return m;
    }
}
