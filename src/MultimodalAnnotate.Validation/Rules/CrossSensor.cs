using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Rules;

/// <summary>
/// A 2D mention on a calibrated camera paired with a cuboid of the same entity: the sweep nearest in time to the
/// camera frame, the cuboid's projection into that camera and the 2D bounds (a track is read at the sweep time).
/// </summary>
internal readonly record struct CameraPair(
    int Entity, int Box, int Cuboid, int Camera, double FrameTime, double SweepTime, Rect2 BoxRect, ProjectedCuboid Projection)
{
    public double TimeDifference => Math.Abs(SweepTime - FrameTime);
}

/// <summary>Pairs 2D and 3D mentions of each entity across calibrated cameras and LiDAR sweeps.</summary>
internal static class CrossSensor
{
    /// <summary>True for geometries that are a 2D object on a camera (boxes, polygons, masks, keypoints, box tracks).</summary>
    public static bool IsImageObject(Model.Geometry geometry) =>
        geometry is Box2D or Polygon or Mask or Keypoints || (geometry is Track t && t.Keyframes.Count > 0 && t.Keyframes[0].Shape is Box2D or Polygon);

    public static bool IsCuboidOnSweep(ItemContext ctx, int annotation) =>
        ctx.Annotations[annotation].Geometry is Cuboid && ctx.ModalityOf(annotation) == Modality.PointCloud && ctx.HasExtent[annotation];

    /// <summary>Appends the camera pairs of one entity to <paramref name="output"/>.</summary>
    public static void PairsOf(ItemContext ctx, int entity, List<CameraPair> output)
    {
        var mentions = ctx.MentionsOf(entity);
        foreach (var box in mentions)
        {
            var camera = ctx.AssetOf[box];
            if (!ctx.Assets[camera].IsCamera || !ctx.HasExtent[box] || !IsImageObject(ctx.Annotations[box].Geometry))
            {
                continue;
            }

            var frame = ctx.Extent[box];
            var best = -1;
            var bestGap = double.MaxValue;
            foreach (var cuboid in mentions)
            {
                if (!IsCuboidOnSweep(ctx, cuboid))
                {
                    continue;
                }

                var sweep = ctx.Extent[cuboid].Start;
                var gap = sweep < frame.Start ? frame.Start - sweep : sweep > frame.End ? sweep - frame.End : 0;
                if (gap < bestGap)
                {
                    (best, bestGap) = (cuboid, gap);
                }
            }

            if (best < 0)
            {
                continue;
            }

            var sweepTime = ctx.Extent[best].Start;
            var frameTime = frame.IsInstant ? frame.Start : Math.Clamp(sweepTime, frame.Start, frame.End);
            if (!ctx.TryBoxAt(box, frameTime, out var rect) || !ctx.TryProject(best, camera, out var projection))
            {
                continue;
            }

            output.Add(new CameraPair(entity, box, best, camera, frameTime, sweepTime, rect, projection));
        }
    }
}
