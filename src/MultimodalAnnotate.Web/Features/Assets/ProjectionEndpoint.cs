using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Ingest;

namespace MultimodalAnnotate.Web.Features.Assets;

/// <summary>
/// <c>GET /api/v1/assets/{cloudId}/projection/{cameraAssetId}</c>: the point cloud projected into a calibrated camera of
/// the same item, as MAPC (u, v, depth) or, with <c>?format=png</c>, drawn over the camera image. Processing stores the
/// projections into the cameras the item had then; a camera added or recalibrated later is projected on first request
/// and stored, keyed by both calibrations, so a changed calibration never serves a stale projection.
/// </summary>
internal static class ProjectionEndpoint
{
    public static async Task<IResult> GetAsync(
        Guid assetId, Guid cameraAssetId, string? format, HttpContext http, IDbContextFactory<AppDbContext> factory, MediaFiles files, IMediaStore store, CancellationToken ct)
    {
        var png = string.Equals(format, "png", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !png && !string.Equals(format, "mapc", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem("format is mapc (default) or png.", statusCode: StatusCodes.Status400BadRequest);
        }
        var cloud = await AssetLookup.ForMemberAsync(factory, http.User, assetId, ct);
        if (cloud is null || cloud.Modality != Modality.PointCloud || cloud.Status != AssetStatus.Ready || cloud.MediaKey is null)
        {
            return Results.NotFound();
        }
        Asset? camera;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            camera = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == cameraAssetId && a.ItemId == cloud.ItemId, ct);
        }
        if (camera is null || !PointCloudFiles.IsCalibratedCamera(camera))
        {
            return Results.Problem("No calibrated camera with that id in this item.", statusCode: StatusCodes.Status404NotFound);
        }
        if (cloud.Calibration is not { } cloudCalibration)
        {
            return Results.Problem("The point cloud has no calibration, so it cannot be placed in a camera.", statusCode: StatusCodes.Status404NotFound);
        }
        var info = AssetMediaInfo.Parse(cloud.MediaInfoJson);
        var points = info.DerivedKey(DerivedRoles.Points);
        if (points is null)
        {
            return Results.NotFound();
        }
        var hash = PointCloudFiles.CalibrationHash(cloudCalibration, camera.Calibration!);
        var name = PointCloudFiles.ProjectionName(camera.Id, hash);
        var key = $"{points[..points.LastIndexOf('/')]}/{(png ? Path.ChangeExtension(name, ".png") : name)}";
        var contentType = png ? "image/png" : "application/octet-stream";
        if (await AssetLookup.StreamAsync(http, store, key, contentType, cloud, ct) is { } stored)
        {
            return stored;
        }

        var sourceKey = info.OriginalKey ?? cloud.MediaKey;
        PointCloud pointCloud;
        try
        {
            using var source = await files.OpenLocalAsync(sourceKey, ct);
            pointCloud = PointCloudFiles.Read(await File.ReadAllBytesAsync(source.Path, ct), PointCloudFiles.KindOf(info, sourceKey), cloud.OriginalFileName ?? sourceKey);
        }
        catch (FileNotFoundException)
        {
            return Results.Problem("The point cloud's file is missing from the media store.", statusCode: StatusCodes.Status410Gone);
        }
        byte[] bytes;
        if (png)
        {
            var projected = CameraProjection.Project(pointCloud, cloudCalibration, camera.Calibration!);
            using var background = camera.Modality == Modality.Image && camera.MediaKey is not null && await files.ExistsAsync(camera.MediaKey, ct)
                ? await files.OpenLocalAsync(camera.MediaKey, ct)
                : null;
            bytes = Rasters.DepthOverlayPng(projected, background?.Path);
        }
        else
        {
            bytes = PointCloudFiles.Projection(pointCloud, cloudCalibration, camera.Calibration!).Transfer;
        }
        await files.PutBytesAsync(key, bytes, ct);
        return AssetLookup.Bytes(http, bytes, contentType, cloud, key);
    }
}
