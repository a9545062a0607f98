using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MultimodalAnnotate.Validation.Geometry;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Formats;

/// <summary>One KITTI frame read from a folder: the item built from it plus where its files are.</summary>
public sealed record KittiFrame(
    string FrameId, ItemSnapshot Item, string ImagePath, string VelodynePath, KittiCalibration Calibration, IReadOnlyList<KittiLabel> Labels);

/// <summary>
/// Reads a KITTI object folder (<c>calib/</c>, <c>label_2/</c>, <c>image_2/</c>, <c>velodyne/</c>) into item snapshots:
/// per frame, a camera image asset (cam2, calibrated so that projecting through its transform and intrinsics equals
/// P2 · R0_rect · Tr_velo_to_cam; the common frame is the velodyne frame), a point-cloud asset (velodyne, identity
/// calibration), and per labelled object (DontCare skipped) a 2D box and a cuboid linked as one entity. Ids are derived
/// from the frame id and line, so reading the same folder twice gives the same ids.
/// </summary>
public static class KittiObjectFolder
{
    /// <summary>The sensor name of the left colour camera asset.</summary>
    public const string CameraSensor = "cam2";

    /// <summary>The sensor name of the LiDAR asset.</summary>
    public const string LidarSensor = "velodyne";

    /// <summary>Reads every frame listed in <c>label_2/</c>, in frame-id order, as item snapshots.</summary>
    public static IReadOnlyList<ItemSnapshot> Read(string folder) => ReadFrames(folder).Select(f => f.Item).ToList();

    /// <summary>Reads every frame listed in <c>label_2/</c>, in frame-id order. Throws <see cref="KittiFormatException"/> naming the file on any problem.</summary>
    public static IReadOnlyList<KittiFrame> ReadFrames(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var labelDir = Path.Combine(folder, "label_2");
        if (!Directory.Exists(labelDir))
        {
            throw new KittiFormatException("label_2/", null, $"folder not found under {folder}");
        }

        var ids = Directory.EnumerateFiles(labelDir, "*.txt")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        return ids.Select(id => ReadFrame(folder, id)).ToList();
    }

    /// <summary>Reads one frame by id (e.g. <c>000001</c>).</summary>
    public static KittiFrame ReadFrame(string folder, string frameId)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(frameId);
        var calibFile = $"calib/{frameId}.txt";
        var labelFile = $"label_2/{frameId}.txt";
        var imageFile = $"image_2/{frameId}.png";
        var veloFile = $"velodyne/{frameId}.bin";
        var calibration = KittiParsers.ParseCalibration(ReadText(folder, calibFile), calibFile);
        var labels = KittiParsers.ParseLabels(ReadText(folder, labelFile), labelFile);
        var imagePath = Full(folder, imageFile);
        if (!File.Exists(imagePath))
        {
            throw new KittiFormatException(imageFile, null, "file not found");
        }

        int width, height;
        using (var png = File.OpenRead(imagePath))
        {
            (width, height) = KittiParsers.ReadPngSize(png, imageFile);
        }

        var veloPath = Full(folder, veloFile);
        if (!File.Exists(veloPath))
        {
            throw new KittiFormatException(veloFile, null, "file not found");
        }

        var bytes = new FileInfo(veloPath).Length;
        if (bytes % 16 != 0)
        {
            throw new KittiFormatException(veloFile, null, $"size {bytes} is not a whole number of points (16 bytes each)");
        }

        var item = BuildItem(frameId, calibration, labels, width, height, calibFile);
        return new KittiFrame(frameId, item, imagePath, veloPath, calibration, labels);
    }

    /// <summary>
    /// Builds the item of one frame from parsed files (pure). <paramref name="calibFile"/> names the calibration in
    /// errors (a singular transform).
    /// </summary>
    public static ItemSnapshot BuildItem(
        string frameId, KittiCalibration calibration, IReadOnlyList<KittiLabel> labels, int imageWidth, int imageHeight, string calibFile = "calib")
    {
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(labels);
        var (veloToCam2, intrinsics) = CameraFromP2(calibration, imageWidth, imageHeight);
        if (!veloToCam2.TryInvert(out var cam2ToVelo) || !RectToVelo(calibration, out var rectToVelo))
        {
            throw new KittiFormatException(calibFile, null, "R0_rect · Tr_velo_to_cam is not invertible");
        }

        var imageId = IdFor(frameId, "asset", CameraSensor);
        var cloudId = IdFor(frameId, "asset", LidarSensor);
        var assets = new List<AssetSnapshot>
        {
            new(imageId, Modality.Image, CameraSensor, new CaptureTime(), new Calibration(cam2ToVelo.ToRowMajor(), intrinsics), imageWidth, imageHeight),
            new(cloudId, Modality.PointCloud, LidarSensor, new CaptureTime(), new Calibration(Calibration.Identity)),
        };
        var annotations = new List<AnnotationSnapshot>();
        var entities = new List<EntitySnapshot>();
        var index = 0;
        foreach (var label in labels)
        {
            if (string.Equals(label.Type, "DontCare", StringComparison.Ordinal))
            {
                continue;
            }

            index++;
            var line = label.LineNumber.ToString(CultureInfo.InvariantCulture);
            var boxId = IdFor(frameId, "box", line);
            var cuboidId = IdFor(frameId, "cuboid", line);
            var attributes = new Dictionary<string, string>
            {
                ["truncated"] = label.Truncated.ToString("0.00", CultureInfo.InvariantCulture),
                ["occluded"] = label.Occluded.ToString(CultureInfo.InvariantCulture),
            };
            annotations.Add(new AnnotationSnapshot(
                boxId, imageId, label.Type, AttributeDictionary.From(attributes),
                new Box2D(label.Left, label.Top, label.Right - label.Left, label.Bottom - label.Top)));
            annotations.Add(new AnnotationSnapshot(cuboidId, cloudId, label.Type, AttributeDictionary.Empty, CuboidInVelodyne(label, rectToVelo)));
            entities.Add(new EntitySnapshot(
                IdFor(frameId, "entity", line), $"{label.Type} #{index.ToString(CultureInfo.InvariantCulture)}", [boxId, cuboidId]));
        }

        return new ItemSnapshot(IdFor(frameId, "item", string.Empty), assets, annotations, entities, []);
    }

    /// <summary>
    /// The camera of P2 as a rigid transform plus pinhole intrinsics: P2 = K·[I | K⁻¹·p4], so velodyne → cam2 optical
    /// frame is translate(K⁻¹·p4) · R0_rect · Tr_velo_to_cam and K gives fx, fy, cx, cy.
    /// </summary>
    public static (Matrix4 VeloToCamera, CameraIntrinsics Intrinsics) CameraFromP2(KittiCalibration calibration, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var p = calibration.P2;
        double fx = p[0], cx = p[2], fy = p[5], cy = p[6];
        var tz = p[11];
        var ty = (p[7] - (cy * tz)) / fy;
        var tx = (p[3] - (p[1] * ty) - (cx * tz)) / fx;
        var baseline = new Matrix4([1, 0, 0, tx, 0, 1, 0, ty, 0, 0, 1, tz, 0, 0, 0, 1]);
        return (baseline * VeloToRect(calibration), new CameraIntrinsics(fx, fy, cx, cy, width, height));
    }

    /// <summary>R0_rect · Tr_velo_to_cam (both padded to 4×4): velodyne → rectified camera-0 coordinates.</summary>
    public static Matrix4 VeloToRect(KittiCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var r = calibration.R0Rect;
        var t = calibration.TrVeloToCam;
        var r0 = new Matrix4([r[0], r[1], r[2], 0, r[3], r[4], r[5], 0, r[6], r[7], r[8], 0, 0, 0, 0, 1]);
        var tr = new Matrix4([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], 0, 0, 0, 1]);
        return r0 * tr;
    }

    /// <summary>
    /// A label's 3D box in the velodyne frame: the bottom centre is raised by h/2 (camera y points down) and moved with
    /// (R0_rect · Tr)⁻¹; the yaw is that of the box's length axis (cos ry, 0, −sin ry) seen in the velodyne frame.
    /// </summary>
    public static Cuboid CuboidInVelodyne(KittiLabel label, Matrix4 rectToVelo)
    {
        ArgumentNullException.ThrowIfNull(label);
        var centre = rectToVelo.TransformPoint(new Vec3(label.X, label.Y - (label.Height / 2), label.Z));
        var (s, c) = Math.SinCos(label.RotationY);
        var axis = rectToVelo.TransformDirection(new Vec3(c, 0, -s));
        return new Cuboid(centre, new Vec3(label.Length, label.Width, label.Height), Math.Atan2(axis.Y, axis.X));
    }

    private static bool RectToVelo(KittiCalibration calibration, out Matrix4 rectToVelo) =>
        VeloToRect(calibration).TryInvert(out rectToVelo);

    private static string ReadText(string folder, string relative)
    {
        var path = Full(folder, relative);
        if (!File.Exists(path))
        {
            throw new KittiFormatException(relative, null, "file not found");
        }

        return File.ReadAllText(path);
    }

    private static string Full(string folder, string relative) => Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));

    private static Guid IdFor(string frameId, string kind, string part)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"kitti:{frameId}:{kind}:{part}"), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
