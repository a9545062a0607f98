using System.Globalization;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>
/// A KITTI object-benchmark calibration file (<c>calib/*.txt</c>): P0–P3 (3×4 rectified projections), R0_rect
/// (3×3), Tr_velo_to_cam and Tr_imu_to_velo (3×4), row-major. The README formula is
/// <c>x = P2 · R0_rect · Tr_velo_to_cam · X_velo</c>.
/// </summary>
public sealed record KittiCalibration(
    IReadOnlyList<IReadOnlyList<double>> P,
    IReadOnlyList<double> R0Rect,
    IReadOnlyList<double> TrVeloToCam,
    IReadOnlyList<double>? TrImuToVelo)
{
    /// <summary>Parses the file's text; <paramref name="fileName"/> names it in errors.</summary>
    public static KittiCalibration Parse(string text, string fileName)
    {
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new MediaFormatException(fileName, $"line {lineNumber}", "expected 'KEY: numbers'");
            }

            var key = line[..colon];
            var numbers = line[(colon + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var parsed = new double[numbers.Length];
            for (var i = 0; i < numbers.Length; i++)
            {
                if (!double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i]))
                {
                    throw new MediaFormatException(fileName, $"{key} (line {lineNumber})", $"'{numbers[i]}' is not a number");
                }
            }

            values[key] = parsed;
        }

        double[] Get(string key, int count, params string[] aliases)
        {
            foreach (var k in aliases.Prepend(key))
            {
                if (values.TryGetValue(k, out var v))
                {
                    return v.Length == count ? v : throw new MediaFormatException(fileName, k, $"has {v.Length} numbers, expected {count}");
                }
            }

            throw new MediaFormatException(fileName, key, "missing");
        }

        return new KittiCalibration(
            [Get("P0", 12), Get("P1", 12), Get("P2", 12), Get("P3", 12)],
            Get("R0_rect", 9, "R_rect"),
            Get("Tr_velo_to_cam", 12, "Tr_velo_cam"),
            values.TryGetValue("Tr_imu_to_velo", out var imu) && imu.Length == 12 ? imu : null);
    }

    /// <summary>Reads and parses a calibration file.</summary>
    public static KittiCalibration Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>The LiDAR's calibration: it is the common frame (identity).</summary>
    public static Calibration Lidar => new(Calibration.Identity);

    /// <summary>
    /// Camera <paramref name="camera"/> (2 = left colour) with the LiDAR as the common frame. P = K·[I | t] with
    /// t = K⁻¹·p₄ (the camera's offset from the reference rectified camera); the extrinsic is
    /// velo → camera = T(t) · R0_rect · Tr_velo_to_cam, stored inverted (camera → LiDAR) as the model wants.
    /// Projecting a LiDAR point with the result equals <c>P2 · R0_rect · Tr_velo_to_cam · X</c>.
    /// </summary>
    public Calibration Camera(int camera, int imageWidth, int imageHeight)
    {
        var p = P[camera];
        double fx = p[0], skew = p[1], cx = p[2], fy = p[5], cy = p[6];
        double p4x = p[3], p4y = p[7], p4z = p[11];

        // Solve K·t = p4 with K upper triangular [[fx, s, cx], [0, fy, cy], [0, 0, 1]].
        var tz = p4z;
        var ty = (p4y - (cy * tz)) / fy;
        var tx = (p4x - (skew * ty) - (cx * tz)) / fx;
        double[] translation = [1, 0, 0, tx, 0, 1, 0, ty, 0, 0, 1, tz, 0, 0, 0, 1];
        double[] rect =
        [
            R0Rect[0], R0Rect[1], R0Rect[2], 0,
            R0Rect[3], R0Rect[4], R0Rect[5], 0,
            R0Rect[6], R0Rect[7], R0Rect[8], 0,
            0, 0, 0, 1,
        ];
        double[] velo = [.. TrVeloToCam, 0, 0, 0, 1];
        var veloToCamera = Matrix4.Multiply(translation, Matrix4.Multiply(rect, velo));
        return new Calibration(Matrix4.Invert(veloToCamera), new CameraIntrinsics(fx, fy, cx, cy, imageWidth, imageHeight));
    }
}
