namespace MultimodalAnnotate.Media.PointClouds;

/// <summary>Reads a point cloud file by its extension (.bin = KITTI, .pcd, .ply).</summary>
public static class PointCloudReader
{
    /// <summary>Reads <paramref name="path"/>; throws <see cref="MediaFormatException"/> naming the file and field on bad input.</summary>
    public static PointCloud Read(string path)
    {
        var name = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".bin" => KittiBin.Read(bytes, name),
            ".pcd" => Pcd.Read(bytes, name),
            ".ply" => Ply.Read(bytes, name),
            var ext => throw new MediaFormatException(name, "extension", $"'{ext}' is not a point cloud format we read (.bin, .pcd, .ply)"),
        };
    }
}
