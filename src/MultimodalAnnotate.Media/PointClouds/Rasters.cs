using NetVips;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>Which orthographic view of a cloud (sensor frame: x forward, y left, z up, as LiDARs are mounted).</summary>
public enum ProjectionView
{
    /// <summary>From above: image up = +x, image right = −y; cell value = highest z.</summary>
    BirdsEye,

    /// <summary>From the left side: image right = +x, image up = +z; cell value = y of the point nearest the viewer (max y).</summary>
    Side,

    /// <summary>From behind the sensor, looking forward: image right = −y, image up = +z; value = x of the nearest point (min x).</summary>
    Front,
}

/// <summary>
/// An orthographic raster of a cloud: row-major float32 values (NaN where no point falls) and point counts per
/// cell, row 0 at the top. Cell (row, col) covers horizontal coordinates
/// [<c>HorizontalMin + col·Resolution</c>, + Resolution) and vertical coordinates
/// [<c>VerticalMin + (Height − 1 − row)·Resolution</c>, + Resolution) in the view's axes.
/// </summary>
public sealed record ProjectionGrid(
    ProjectionView View,
    int Width,
    int Height,
    double Resolution,
    double HorizontalMin,
    double VerticalMin,
    float[] Values,
    int[] Counts)
{
    /// <summary>8-bit greyscale PNG: brightness = value scaled over its range (0 for empty cells).</summary>
    public byte[] ToValuePng()
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in Values)
        {
            if (!float.IsNaN(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var span = max > min ? max - min : 1;
        var pixels = new byte[Values.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = float.IsNaN(Values[i]) ? (byte)0 : (byte)(1 + (254 * (Values[i] - min) / span));
        }

        return Png(pixels, Width, Height, 1);
    }

    /// <summary>8-bit greyscale PNG of point density (log-scaled counts).</summary>
    public byte[] ToDensityPng()
    {
        var max = Math.Max(1, Counts.Max());
        var scale = 255 / Math.Log(1 + max);
        var pixels = new byte[Counts.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Round(Math.Log(1 + Counts[i]) * scale);
        }

        return Png(pixels, Width, Height, 1);
    }

    internal static byte[] Png(byte[] pixels, int width, int height, int bands)
    {
        using var image = Image.NewFromMemory(pixels, width, height, bands, Enums.BandFormat.Uchar);
        return image.PngsaveBuffer();
    }
}

/// <summary>Bird's-eye, side and front rasters of a cloud.</summary>
public static class Rasters
{
    /// <summary>
    /// Rasterises the points inside the view's rectangle (horizontal × vertical extent, in the view's axes)
    /// at <paramref name="resolution"/> metres per cell.
    /// </summary>
    public static ProjectionGrid Project(
        PointCloud cloud,
        ProjectionView view,
        double resolution,
        (double Min, double Max) horizontal,
        (double Min, double Max) vertical)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resolution);
        var width = (int)Math.Ceiling((horizontal.Max - horizontal.Min) / resolution);
        var height = (int)Math.Ceiling((vertical.Max - vertical.Min) / resolution);
        if (width <= 0 || height <= 0 || (long)width * height > 64_000_000)
        {
            throw new ArgumentException($"a {width}×{height} raster is empty or too large");
        }

        var values = new float[width * height];
        Array.Fill(values, float.NaN);
        var counts = new int[width * height];
        var inv = 1 / resolution;
        for (var i = 0; i < cloud.Count; i++)
        {
            float x = cloud.X[i], y = cloud.Y[i], z = cloud.Z[i];
            var (h, v, value, higherWins) = view switch
            {
                ProjectionView.BirdsEye => (-y, x, z, true),
                ProjectionView.Side => (x, z, y, true),
                _ => (-y, z, x, false),
            };
            var col = (int)Math.Floor((h - horizontal.Min) * inv);
            var fromBottom = (int)Math.Floor((v - vertical.Min) * inv);
            if ((uint)col >= (uint)width || (uint)fromBottom >= (uint)height || float.IsNaN(value))
            {
                continue;
            }

            var row = height - 1 - fromBottom;
            var cell = (row * width) + col;
            counts[cell]++;
            var current = values[cell];
            if (float.IsNaN(current) || (higherWins ? value > current : value < current))
            {
                values[cell] = value;
            }
        }

        return new ProjectionGrid(view, width, height, resolution, horizontal.Min, vertical.Min, values, counts);
    }

    /// <summary>A raster covering the cloud's own bounds.</summary>
    public static ProjectionGrid Project(PointCloud cloud, ProjectionView view, double resolution)
    {
        var stats = PointCloudStatistics.Compute(cloud);
        var (h, v) = view switch
        {
            ProjectionView.BirdsEye => ((-stats.Max.Y, -stats.Min.Y), (stats.Min.X, stats.Max.X)),
            ProjectionView.Side => ((stats.Min.X, stats.Max.X), (stats.Min.Z, stats.Max.Z)),
            _ => ((-stats.Max.Y, -stats.Min.Y), (stats.Min.Z, stats.Max.Z)),
        };
        // Half-open cells: widen the upper bounds by one cell so the extreme points fall inside.
        return Project(cloud, view, resolution, (h.Item1, h.Item2 + resolution), (v.Item1, v.Item2 + resolution));
    }

    /// <summary>
    /// A PNG of the projected points over the camera image (or black), coloured by depth (near red → far blue),
    /// for checking a calibration by eye.
    /// </summary>
    public static byte[] DepthOverlayPng(ProjectedPoints points, string? backgroundImagePath = null, double maxDepth = 80)
    {
        int w = points.ImageWidth, h = points.ImageHeight;
        byte[] pixels;
        if (backgroundImagePath is not null)
        {
            using var loaded = Image.NewFromFile(backgroundImagePath, access: Enums.Access.Sequential);
            using var rgb = loaded.Colourspace(Enums.Interpretation.Srgb);
            using var flat = rgb.HasAlpha() ? rgb.Flatten() : rgb.Copy();
            using var bands = flat.ExtractBand(0, 3);
            using var sized = bands.Width == w && bands.Height == h ? bands.Copy() : bands.ThumbnailImage(w, height: h, size: Enums.Size.Force);
            using var uchar = sized.Cast(Enums.BandFormat.Uchar);
            pixels = uchar.WriteToMemory<byte>();
        }
        else
        {
            pixels = new byte[w * h * 3];
        }

        for (var i = 0; i < points.Count; i++)
        {
            var u = (int)points.Uvd[3 * i];
            var v = (int)points.Uvd[(3 * i) + 1];
            var t = Math.Clamp(points.Uvd[(3 * i) + 2] / maxDepth, 0, 1);
            var (r, g, b) = Colour(t);
            for (var dy = 0; dy < 2; dy++)
            {
                for (var dx = 0; dx < 2; dx++)
                {
                    int px = u + dx, py = v + dy;
                    if (px < w && py < h)
                    {
                        var o = ((py * w) + px) * 3;
                        pixels[o] = r;
                        pixels[o + 1] = g;
                        pixels[o + 2] = b;
                    }
                }
            }
        }

        return ProjectionGrid.Png(pixels, w, h, 3);
    }

    private static (byte R, byte G, byte B) Colour(double t)
    {
        // Red (near) → yellow → green → cyan → blue (far).
        var r = Math.Clamp(1.5 - Math.Abs((4 * t) - 0.5), 0, 1);
        var g = Math.Clamp(1.5 - Math.Abs((4 * t) - 2), 0, 1);
        var b = Math.Clamp(1.5 - Math.Abs((4 * t) - 3.5), 0, 1);
        return ((byte)(255 * r), (byte)(255 * g), (byte)(255 * b));
    }
}
