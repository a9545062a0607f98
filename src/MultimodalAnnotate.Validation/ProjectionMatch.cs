using MultimodalAnnotate.Validation.Geometry;

namespace MultimodalAnnotate.Validation;

/// <summary>
/// A 2D mention and a cuboid of the same entity seen through a calibrated camera: the cuboid's projected box (clipped to
/// the image), its IoU with the 2D bounds, the share of the projection inside the image and the sweep↔frame time
/// difference in seconds. The same pairs TMP-006 and REF-003 judge.
/// </summary>
public sealed record ProjectionMatch(
    Guid BoxId, Guid CuboidId, Guid CameraAssetId, Guid? EntityId, double IoU, double VisibleFraction, double TimeDifference,
    Rect2 Projected, Rect2 Box);
