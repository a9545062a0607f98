using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MultimodalAnnotate.Media;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Assets;

/// <summary>Reading stored point clouds and projecting them into cameras, shared by processing and serving.</summary>
public static class PointCloudFiles
{
    /// <summary>Parses a cloud by its kind; errors name <paramref name="sourceName"/> (the user's file name).</summary>
    public static PointCloud Read(ReadOnlySpan<byte> bytes, FileKind kind, string sourceName) => kind switch
    {
        FileKind.Pcd => Pcd.Read(bytes, sourceName),
        FileKind.Ply => Ply.Read(bytes, sourceName),
        FileKind.KittiBin => KittiBin.Read(bytes, sourceName),
        _ => throw new MediaFormatException(sourceName, "format", $"{FileKinds.Describe(kind)} is not a point cloud"),
    };

    /// <summary>The kind recorded for the asset, else the one its key's extension names.</summary>
    public static FileKind KindOf(AssetMediaInfo info, string key) =>
        Enum.TryParse<FileKind>(info.Kind, out var kind) && FileKinds.IsPointCloud(kind)
            ? kind
            : FileKinds.AllowedFor(Path.GetExtension(key)) is { Count: > 0 } kinds ? kinds[0] : FileKind.Unknown;

    /// <summary>
    /// Points in the camera image as MAPC with 3 components per point: u, v (pixels) and depth (metres along the optical
    /// axis), so the same reader as for <c>/points</c> works.
    /// </summary>
    public static (byte[] Transfer, int Count) Projection(PointCloud cloud, Calibration cloudCalibration, Calibration cameraCalibration)
    {
        var projected = CameraProjection.Project(cloud, cloudCalibration, cameraCalibration);
        var u = new float[projected.Count];
        var v = new float[projected.Count];
        var d = new float[projected.Count];
        for (var i = 0; i < projected.Count; i++)
        {
            u[i] = projected.Uvd[3 * i];
            v[i] = projected.Uvd[(3 * i) + 1];
            d[i] = projected.Uvd[(3 * i) + 2];
        }
        return (PointCloudTransfer.Write(new PointCloud(u, v, d), includeIntensity: false), projected.Count);
    }

    /// <summary>A short hash of both calibrations: a stored projection is reused only while neither changed.</summary>
    public static string CalibrationHash(Calibration cloud, Calibration camera)
    {
        var json = JsonSerializer.Serialize(cloud, ModelJson.Options) + "|" + JsonSerializer.Serialize(camera, ModelJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 8));
    }

    /// <summary>The derived object name of a projection into one camera under the given calibrations.</summary>
    public static string ProjectionName(Guid cameraAssetId, string calibrationHash) => $"projection-{cameraAssetId:N}-{calibrationHash}.mapc";

    /// <summary>True for a camera a cloud can be projected into: an image or video asset with intrinsics.</summary>
    public static bool IsCalibratedCamera(Domain.Asset asset) =>
        asset.Modality is Modality.Image or Modality.Video && asset.Calibration?.Intrinsics is not null;
}
