using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>The seeded demo's media goes through the same processing job as an upload.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoProcessingTests(PostgresServer server)
{
    [Fact]
    public async Task DemoSeed_MediaAssets_AreProcessedLikeUploadsWithPeaksFramesAndThumbnails()
    {
        await using var app = await AppFactory.PostgresAsync(server, seedDemo: true);
        _ = app.Services;

        List<Asset> assets = [];
        for (var i = 0; i < 600; i++)
        {
            assets = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Assets.AsNoTracking().Where(a => a.MediaKey != null).ToListAsync());
            if (assets.All(a => a.Status is AssetStatus.Ready or AssetStatus.Failed))
            {
                break;
            }
            await Task.Delay(200);
        }

        assets.Should().HaveCount(10, "two iterations of the street image and LiDAR, the yard video and microphone, and the kitchen audio");
        assets.Should().OnlyContain(a => a.Status == AssetStatus.Ready, string.Join("; ", assets.Select(a => $"{a.Sensor}: {a.Status} {a.FailureReason}")));
        foreach (var asset in assets)
        {
            var info = AssetMediaInfo.Parse(asset.MediaInfoJson);
            var expected = asset.Modality switch
            {
                Modality.Video => new[] { DerivedRoles.Frames, DerivedRoles.Peaks, DerivedRoles.Poster, DerivedRoles.Thumbnail, DerivedRoles.Strip },
                Modality.Audio => [DerivedRoles.Peaks],
                Modality.Image => [DerivedRoles.Thumbnail],
                _ => [DerivedRoles.Points, DerivedRoles.BirdsEye, DerivedRoles.Thumbnail],
            };
            info.Derived.Keys.Should().BeEquivalentTo(expected, asset.Sensor);
            info.Derived.Values.Should().OnlyContain(key => File.Exists(Path.Combine(app.MediaRoot, key)));
        }
        var lidar = assets.First(a => a.Modality == Modality.PointCloud);
        AssetMediaInfo.Parse(lidar.MediaInfoJson).Projections.Should().ContainSingle("the street camera is calibrated");
        lidar.TimeBase.Should().BeOfType<CaptureTime>().Which.Offset.Should().BeOneOf(0.12, 0.02);
    }
}
