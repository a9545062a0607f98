using NetVips;

namespace MultimodalAnnotate.Media.Imaging;

/// <summary>What an image upload is: its stored size, its EXIF orientation and the size a viewer sees.</summary>
public sealed record ImageInfo(int StoredWidth, int StoredHeight, int Orientation, int Width, int Height, int Bands, string Loader)
{
    /// <summary>Larger than this on either side, an image is served as DeepZoom tiles instead of one file.</summary>
    public const int TileThreshold = 8192;

    /// <summary>True when the browser should get tiles (<see cref="ImageProcessor.DeepZoom"/>).</summary>
    public bool NeedsTiles => Width > TileThreshold || Height > TileThreshold;
}

/// <summary>
/// Images through libvips (NetVips): header reads, EXIF autorotation, thumbnails and DeepZoom tiles. libvips
/// streams, so even very large images never load whole into memory. Annotation coordinates are always in the
/// <em>displayed</em> (autorotated) pixel grid, the one browsers show since they honour EXIF orientation.
/// </summary>
public static class ImageProcessor
{
    /// <summary>Reads the header (no pixel decoding); throws <see cref="MediaFormatException"/> when libvips cannot read the file.</summary>
    public static ImageInfo Inspect(string path)
    {
        try
        {
            using var image = Image.NewFromFile(path, access: Enums.Access.Sequential);
            var orientation = image.Contains("orientation") ? Convert.ToInt32(image.Get("orientation"), System.Globalization.CultureInfo.InvariantCulture) : 1;
            var swaps = orientation is >= 5 and <= 8;
            var loader = image.Contains("vips-loader") ? (string)image.Get("vips-loader") : "unknown";
            return new ImageInfo(
                image.Width,
                image.Height,
                orientation,
                swaps ? image.Height : image.Width,
                swaps ? image.Width : image.Height,
                image.Bands,
                loader);
        }
        catch (VipsException ex)
        {
            throw new MediaFormatException(Path.GetFileName(path), "image", $"cannot be read as an image ({FirstLine(ex.Message)})", ex);
        }
    }

    /// <summary>
    /// Writes a copy with the EXIF orientation applied to the pixels (and the tag removed), as JPEG/PNG/WebP by the
    /// output extension. Use when a consumer ignores EXIF (e.g. a canvas pipeline).
    /// </summary>
    public static void AutoRotate(string inputPath, string outputPath)
    {
        using var image = Load(inputPath, Enums.Access.Random);
        using var rotated = image.Autorot();
        rotated.WriteToFile(outputPath);
    }

    /// <summary>A thumbnail fitting in <paramref name="maxSize"/>² with orientation applied, saved by the output extension.</summary>
    public static void Thumbnail(string inputPath, string outputPath, int maxSize = 320)
    {
        try
        {
            using var thumbnail = Image.Thumbnail(inputPath, maxSize, height: maxSize);
            thumbnail.WriteToFile(outputPath);
        }
        catch (VipsException ex)
        {
            throw new MediaFormatException(Path.GetFileName(inputPath), "image", $"cannot make a thumbnail ({FirstLine(ex.Message)})", ex);
        }
    }

    /// <summary>
    /// Writes a DeepZoom pyramid (<c>{name}.dzi</c> + <c>{name}_files/</c>, 254-px JPEG tiles, 1-px overlap) for
    /// OpenSeadragon, orientation applied. Returns the path of the .dzi file.
    /// </summary>
    public static string DeepZoom(string inputPath, string outputFolder, string name)
    {
        Directory.CreateDirectory(outputFolder);
        using var image = Load(inputPath, Enums.Access.Sequential);
        using var rotated = image.Autorot();
        var basePath = Path.Combine(outputFolder, name);
        rotated.Dzsave(basePath, tileSize: 254, overlap: 1, suffix: ".jpg[Q=85]");
        return basePath + ".dzi";
    }

    private static Image Load(string path, Enums.Access access)
    {
        try
        {
            return Image.NewFromFile(path, access: access);
        }
        catch (VipsException ex)
        {
            throw new MediaFormatException(Path.GetFileName(path), "image", $"cannot be read as an image ({FirstLine(ex.Message)})", ex);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? message;
}
