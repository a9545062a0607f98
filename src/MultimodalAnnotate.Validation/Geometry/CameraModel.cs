using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Geometry;

/// <summary>
/// A calibrated pinhole camera: the transform from the item's common frame into the camera's optical frame
/// (x right, y down, z forward) and its intrinsics.
/// </summary>
public readonly record struct CameraModel(Matrix4 CommonToCamera, CameraIntrinsics Intrinsics)
{
    /// <summary>The image rectangle [0, width] × [0, height].</summary>
    public Rect2 ImageRect => new(0, 0, Intrinsics.Width, Intrinsics.Height);

    /// <summary>Builds the camera of an asset; false when it has no calibration with intrinsics or its transform is singular.</summary>
    public static bool TryCreate(AssetSnapshot asset, out CameraModel camera)
    {
        ArgumentNullException.ThrowIfNull(asset);
        camera = default;
        var calibration = asset.Calibration;
        if (calibration?.Intrinsics is not { } intrinsics || calibration.SensorToCommon is not { Count: 16 } m)
        {
            return false;
        }

        if (!Matrix4.FromRowMajor(m).TryInvert(out var inverse))
        {
            return false;
        }

        if (intrinsics.Width <= 0 && asset.Width is > 0 && asset.Height is > 0)
        {
            intrinsics = intrinsics with { Width = asset.Width.Value, Height = asset.Height.Value };
        }

        camera = new CameraModel(inverse, intrinsics);
        return true;
    }

    /// <summary>Projects a point in the camera's optical frame (z &gt; 0) to pixels.</summary>
    public (double U, double V) Project(Vec3 cameraPoint) => (
        (Intrinsics.Fx * cameraPoint.X / cameraPoint.Z) + Intrinsics.Cx,
        (Intrinsics.Fy * cameraPoint.Y / cameraPoint.Z) + Intrinsics.Cy);
}
