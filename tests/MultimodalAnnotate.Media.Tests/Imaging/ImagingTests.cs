using System.Text.Json;
using MultimodalAnnotate.Media.Imaging;
using MultimodalAnnotate.Media.Processes;
using NetVips;

namespace MultimodalAnnotate.Media.Tests.Imaging;

[Collection(MediaCollection.Name)]
public sealed class ImagingTests(GeneratedMedia media)
{
    private string RotatedJpeg()
    {
        // 200×100 stored, EXIF orientation 6 (rotate 90° clockwise to display): a phone photo taken upright.
        var path = media.NewPath("phone.jpg");
        using var black = Image.Black(200, 100, bands: 3);
        using var grey = black + 90;
        using var uchar = grey.Cast(Enums.BandFormat.Uchar);
        using var tagged = uchar.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
        tagged.Jpegsave(path);
        return path;
    }

    [Fact]
    public void Inspect_ExifRotatedPhoto_ReportsDisplayedSize()
    {
        var info = ImageProcessor.Inspect(RotatedJpeg());

        (info.StoredWidth, info.StoredHeight).Should().Be((200, 100));
        info.Orientation.Should().Be(6);
        (info.Width, info.Height).Should().Be((100, 200));
        info.NeedsTiles.Should().BeFalse();
    }

    [Fact]
    public void ThumbnailAndAutoRotate_ExifRotatedPhoto_ComeOutUpright()
    {
        var source = RotatedJpeg();
        var thumb = media.NewPath("thumb.jpg");
        var upright = media.NewPath("upright.png");

        ImageProcessor.Thumbnail(source, thumb, maxSize: 50);
        ImageProcessor.AutoRotate(source, upright);

        using var t = Image.NewFromFile(thumb);
        (t.Width, t.Height).Should().Be((25, 50));
        var info = ImageProcessor.Inspect(upright);
        (info.StoredWidth, info.StoredHeight, info.Orientation).Should().Be((100, 200, 1));
    }

    [Fact]
    public void DeepZoom_ImageWiderThan8k_NeedsTilesAndGetsAPyramid()
    {
        var source = media.NewPath("panorama.png");
        using (var black = Image.Black(9000, 300))
        using (var image = (black + 200).Cast(Enums.BandFormat.Uchar))
        {
            image.Pngsave(source);
        }

        var info = ImageProcessor.Inspect(source);
        var dzi = ImageProcessor.DeepZoom(source, Path.Combine(media.Folder, "tiles-" + Guid.NewGuid().ToString("N")), "panorama");

        info.NeedsTiles.Should().BeTrue();
        File.ReadAllText(dzi).Should().Contain("Width=\"9000\"").And.Contain("Height=\"300\"").And.Contain("TileSize=\"254\"");
        // Deepest level (14: 2^14 ≥ 9000) has ceil(9000 / 254) = 36 columns × 2 rows.
        Directory.GetFiles(Path.Combine(Path.GetDirectoryName(dzi)!, "panorama_files", "14")).Should().HaveCount(36 * 2);
    }

    [Fact]
    public void Inspect_CocoPhotos_MatchAnnotationFileSizes()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("coco-mini", "annotations", "instances_val2017.json")));
        var sizes = json.RootElement.GetProperty("images").EnumerateArray()
            .ToDictionary(i => i.GetProperty("file_name").GetString()!, i => (i.GetProperty("width").GetInt32(), i.GetProperty("height").GetInt32()));

        foreach (var file in Directory.GetFiles(Fixtures.Path_("coco-mini", "val2017"), "*.jpg"))
        {
            var info = ImageProcessor.Inspect(file);
            (info.Width, info.Height).Should().Be(sizes[Path.GetFileName(file)], file);
            info.Loader.Should().Be("jpegload");
        }
    }

    [Fact]
    public void Inspect_NotAnImage_NamesTheFile()
    {
        var path = media.NewPath("fake.png");
        File.WriteAllText(path, "hello");

        var act = () => ImageProcessor.Inspect(path);

        act.Should().Throw<MediaFormatException>().WithMessage($"{Path.GetFileName(path)}: image: cannot be read*");
    }

    [Fact]
    public async Task PosterAndStrip_GeneratedVideo_HaveRequestedSizes()
    {
        var thumbnails = new VideoThumbnails(MediaTools.Default);
        var poster = media.NewPath("poster.jpg");
        var strip = media.NewPath("strip.jpg");

        await thumbnails.PosterAsync(media.Cfr, poster, 1.0, 160, CancellationToken.None);
        await thumbnails.StripAsync(media.Cfr, strip, 3.0, 6, 64, CancellationToken.None);

        using var p = Image.NewFromFile(poster);
        (p.Width, p.Height).Should().Be((160, 120));
        using var s = Image.NewFromFile(strip);
        (s.Width, s.Height).Should().Be((6 * 64, 48));
    }
}
