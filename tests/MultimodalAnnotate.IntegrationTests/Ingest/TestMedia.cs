using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MultimodalAnnotate.Media.PointClouds;
using NetVips;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>Small media made by the tests themselves with ffmpeg and libvips (cached for the test run).</summary>
internal static class TestMedia
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("ma-ingest-media-").FullName;
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Made = new(StringComparer.Ordinal);

    /// <summary>2 s of 160×120 H.264 with a variable frame rate (25 fps, then every third frame) and a 440 Hz AAC track.</summary>
    public static Task<string> VfrVideoAsync() => MakeAsync("vfr.mp4",
        "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=2",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=2",
        "-vf", "select='if(lt(t,1),1,not(mod(n,3)))'", "-fps_mode", "vfr",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart");

    /// <summary>The same kind of video in Matroska, which browsers are not trusted to play: processing transcodes it.</summary>
    public static Task<string> MatroskaVideoAsync() => MakeAsync("clip.mkv",
        "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=2",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

    /// <summary>4 s of video with audio, long enough to interrupt its processing half-way.</summary>
    public static Task<string> LongerVideoAsync() => MakeAsync("longer.mp4",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=4",
        "-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100:duration=4",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart");

    /// <summary>The first 60 % of the VFR video: the index (moov, in front) promises frames whose bytes are missing.</summary>
    public static async Task<byte[]> TruncatedVideoAsync()
    {
        var bytes = await File.ReadAllBytesAsync(await VfrVideoAsync());
        return bytes[..(bytes.Length * 6 / 10)];
    }

    /// <summary>A WAV whose header is complete and whose data chunk is 0 bytes.</summary>
    public static byte[] ZeroSampleWav()
    {
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        w.Write("RIFF"u8);
        w.Write(36);
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(16000);
        w.Write(32000);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(0);
        w.Flush();
        return buffer.ToArray();
    }

    /// <summary>A binary PCD whose header says 150 points while 100 follow.</summary>
    public static byte[] LyingPcd()
    {
        var n = 100;
        var cloud = new PointCloud(
            [.. Enumerable.Range(0, n).Select(i => (float)i)],
            [.. Enumerable.Range(0, n).Select(i => (float)(i % 7))],
            [.. Enumerable.Range(0, n).Select(_ => 1f)]);
        var bytes = Pcd.Write(cloud, PcdEncoding.Binary);
        var text = Encoding.Latin1.GetString(bytes);
        var header = text[..(text.IndexOf("DATA binary\n", StringComparison.Ordinal) + "DATA binary\n".Length)];
        var lying = header.Replace("WIDTH 100\n", "WIDTH 150\n", StringComparison.Ordinal).Replace("POINTS 100\n", "POINTS 150\n", StringComparison.Ordinal);
        lying.Should().NotBe(header, "the PCD writer's header must have been changed");
        return [.. Encoding.Latin1.GetBytes(lying), .. bytes[header.Length..]];
    }

    /// <summary>A 90×60 JPEG stored sideways with EXIF orientation 6 (viewers turn it to 60×90).</summary>
    public static byte[] SidewaysJpeg()
    {
        using var black = Image.Black(90, 60, bands: 3);
        using var drawn = black.Mutate(m =>
        {
            m.DrawRect([250, 20, 20], 0, 0, 30, 60, fill: true);
            m.Set(GValue.GIntType, "orientation", 6);
        });
        return drawn.JpegsaveBuffer();
    }

    /// <summary>A PNG wider than the DeepZoom threshold (8192 px).</summary>
    public static byte[] WidePng()
    {
        using var image = Image.Black(9000, 40, bands: 3);
        return image.PngsaveBuffer(compression: 1);
    }

    /// <summary>Frame presentation times as an independent <c>ffprobe -show_entries frame=pts_time</c> lists them, relative to the container start.</summary>
    public static async Task<IReadOnlyList<double>> FfprobeFrameTimesAsync(string path)
    {
        var frames = await RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path);
        var start = await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=start_time", "-of", "csv=p=0", path);
        var origin = double.Parse(start.Trim(), CultureInfo.InvariantCulture);
        return [.. frames.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => double.Parse(l.TrimEnd(','), CultureInfo.InvariantCulture) - origin)
            .Order()];
    }

    /// <summary>What ffprobe says about one stream field (e.g. <c>codec_name</c>) of a file.</summary>
    public static async Task<string> FfprobeStreamAsync(string path, string select, string field) =>
        (await RunAsync("ffprobe", "-v", "error", "-select_streams", select, "-show_entries", $"stream={field}", "-of", "csv=p=0", path)).Trim();

    private static Task<string> MakeAsync(string name, params string[] args) =>
        Made.GetOrAdd(name, _ => new Lazy<Task<string>>(async () =>
        {
            var path = Path.Combine(Folder, name);
            await RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. args, path]);
            return path;
        })).Value;

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, "{0} failed: {1}", tool, await stderr);
        return stdout;
    }
}
