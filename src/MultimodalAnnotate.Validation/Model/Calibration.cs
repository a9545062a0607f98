namespace MultimodalAnnotate.Validation.Model;

/// <summary>Pinhole camera intrinsics in pixels for an image of <paramref name="Width"/> × <paramref name="Height"/>.</summary>
public sealed record CameraIntrinsics(double Fx, double Fy, double Cx, double Cy, int Width, int Height);

/// <summary>
/// A sensor's calibration. <paramref name="SensorToCommon"/> is a row-major 4×4 rigid transform from this
/// sensor's frame to the item's common frame (e.g. the vehicle or the LiDAR frame); cameras use the
/// optical convention (x right, y down, z forward) and carry <paramref name="Intrinsics"/>.
/// </summary>
public sealed record Calibration(IReadOnlyList<double> SensorToCommon, CameraIntrinsics? Intrinsics = null)
{
    /// <summary>The identity transform (the sensor frame is the common frame).</summary>
    public static IReadOnlyList<double> Identity { get; } =
        [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
}
