using System.Text;
using MultimodalAnnotate.Media.Imaging;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Media.Text;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assets;

namespace MultimodalAnnotate.Web.Features.Ingest;

public sealed partial class AssetProcessor
{
    /// <summary>Bird's-eye rasters are at most this many cells on their longer side.</summary>
    public const int BirdsEyeCells = 1024;

    private static async Task ImageAsync(ProcessingWork work, CancellationToken ct)
    {
        var info = ImageProcessor.Inspect(work.SourcePath);
        var display = new LocalMediaFile(work.SourcePath, null);
        try
        {
            if (info.Orientation is > 1 and <= 8)
            {
                // Annotations live in the displayed pixel grid: serve pixels already in that grid, so no viewer can disagree.
                var extension = work.Kind == FileKind.Jpeg ? ".jpg" : ".png";
                var rotated = work.Scratch.File("display" + extension);
                ImageProcessor.AutoRotate(work.SourcePath, rotated);
                var key = await work.PutFileAsync(null, "display" + extension, rotated, ct);
                work.ReplacementKey = key;
                work.ReplacementContentType = extension == ".jpg" ? "image/jpeg" : "image/png";
                display = await work.OpenLocalAsync(key, ct);
            }
            await work.Stages.AtAsync(0.5, "making the thumbnail");
            var thumbnailName = info.Bands is 2 or 4 ? "thumbnail.png" : "thumbnail.jpg";
            var thumbnail = work.Scratch.File(thumbnailName);
            ImageProcessor.Thumbnail(display.Path, thumbnail, ThumbnailSize);
            await work.PutFileAsync(DerivedRoles.Thumbnail, thumbnailName, thumbnail, ct);
            if (info.NeedsTiles)
            {
                await work.Stages.AtAsync(0.6, "cutting DeepZoom tiles");
                var folder = work.Scratch.File("tiles");
                var descriptor = ImageProcessor.DeepZoom(display.Path, folder, "image");
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                    await work.PutFileAsync(file == descriptor ? DerivedRoles.Tiles : null, "tiles/" + relative, file, ct);
                }
            }
        }
        finally
        {
            display.Dispose();
        }
        work.Width = info.Width;
        work.Height = info.Height;
        work.Image = new ImageFacts(info.StoredWidth, info.StoredHeight, info.Orientation, info.Loader, info.NeedsTiles);
    }

    private static async Task TextAsync(ProcessingWork work, CancellationToken ct)
    {
        var text = await File.ReadAllTextAsync(work.SourcePath, new UTF8Encoding(false, throwOnInvalidBytes: true), ct);
        var parsed = TextParsers.Parse(text, work.SourceName);
        work.TextContent = parsed.Content;
        work.TimeBase = parsed.TimeBase;
        work.Text = new TextFacts(parsed.Format.ToString(), parsed.Segments.Count, parsed.Content.Length);
    }

    private static async Task PointCloudAsync(ProcessingWork work, IReadOnlyList<Asset> cameras, CancellationToken ct)
    {
        var cloud = PointCloudFiles.Read(await File.ReadAllBytesAsync(work.SourcePath, ct), work.Kind, work.SourceName);
        var stats = PointCloudStatistics.Compute(cloud);
        if (stats.ValidCount == 0)
        {
            throw new AssetRejectedException($"{work.SourceName}: the point cloud has no finite points");
        }

        await work.Stages.AtAsync(0.3, "writing the point transfer file");
        var transfer = Decimation.ToBudget(cloud);
        await work.PutBytesAsync(DerivedRoles.Points, "points.mapc", PointCloudTransfer.Write(transfer), ct);

        await work.Stages.AtAsync(0.5, "drawing the bird's-eye view");
        var extent = Math.Max(stats.Max.X - stats.Min.X, stats.Max.Y - stats.Min.Y);
        var resolution = Math.Max(0.01, extent / (BirdsEyeCells - 1));
        var grid = Rasters.Project(cloud, ProjectionView.BirdsEye, resolution);
        var bev = await work.PutBytesAsync(DerivedRoles.BirdsEye, "bev.png", grid.ToValuePng(), ct);
        work.Derived[DerivedRoles.Thumbnail] = bev;

        if (work.Asset.Calibration is { } cloudCalibration)
        {
            await work.Stages.AtAsync(0.7, "projecting into the item's cameras");
            foreach (var camera in cameras.Where(PointCloudFiles.IsCalibratedCamera))
            {
                var hash = PointCloudFiles.CalibrationHash(cloudCalibration, camera.Calibration!);
                var (bytes, count) = PointCloudFiles.Projection(cloud, cloudCalibration, camera.Calibration!);
                var key = await work.PutBytesAsync(null, PointCloudFiles.ProjectionName(camera.Id, hash), bytes, ct);
                work.Projections[camera.Id] = new ProjectionInfo(key, count, hash);
            }
        }
        work.PointCloud = new PointCloudFacts(
            stats.Count, stats.ValidCount,
            [stats.Min.X, stats.Min.Y, stats.Min.Z], [stats.Max.X, stats.Max.Y, stats.Max.Z], [stats.Mean.X, stats.Mean.Y, stats.Mean.Z],
            stats.IntensityMin, stats.IntensityMax, transfer.Count,
            grid.Resolution, grid.Width, grid.Height, grid.HorizontalMin, grid.VerticalMin);
    }
}
