using System.Diagnostics;
using System.Globalization;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>The demo's media files in the media store, with the time bases read back from the files themselves.</summary>
internal sealed record DemoMediaSet(
    string StreetImageKey,
    long StreetImageBytes,
    IReadOnlyList<DemoScene.SceneObject> Scene,
    string LidarKey,
    long LidarBytes,
    string YardVideoKey,
    long YardVideoBytes,
    FrameTimes YardFrames,
    string YardMicKey,
    long YardMicBytes,
    SampleClock YardMicClock,
    string KitchenKey,
    long KitchenBytes,
    SampleClock KitchenClock)
{
    public static async Task<DemoMediaSet> CreateAsync(string mediaRoot, CancellationToken ct)
    {
        var folder = Path.Combine(mediaRoot, "demo");
        Directory.CreateDirectory(folder);
        var scene = DemoScene.Objects;

        var image = DemoMedia.StreetImage(scene);
        await File.WriteAllBytesAsync(Path.Combine(folder, "street.png"), image, ct);
        var sweep = DemoScene.LidarSweep(scene);
        await File.WriteAllBytesAsync(Path.Combine(folder, "street-lidar.bin"), sweep, ct);

        var video = Path.Combine(folder, "yard.mp4");
        await DemoMedia.YardVideoAsync(video, ct);
        var mic = Path.Combine(folder, "yard-mic.wav");
        await DemoMedia.YardMicrophoneAsync(video, mic, ct);
        var kitchen = Path.Combine(folder, "kitchen.wav");
        await DemoMedia.ConversationAsync(kitchen, ct);

        return new DemoMediaSet(
            "demo/street.png", image.Length, scene,
            "demo/street-lidar.bin", sweep.Length,
            "demo/yard.mp4", new FileInfo(video).Length, await ReadFrameTimesAsync(video, ct),
            "demo/yard-mic.wav", new FileInfo(mic).Length, ReadWavClock(mic),
            "demo/kitchen.wav", new FileInfo(kitchen).Length, ReadWavClock(kitchen));
    }

    /// <summary>Real per-frame presentation timestamps, as ffprobe reports them.</summary>
    private static async Task<FrameTimes> ReadFrameTimesAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time:format=duration", "-of", "csv=p=0", path])
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe could not be started");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimEnd(','))
            .Select(l => double.Parse(l, CultureInfo.InvariantCulture))
            .ToList();
        // The last line is the container duration.
        var duration = values[^1];
        return new FrameTimes([.. values[..^1].Order()], duration);
    }

    /// <summary>Sample rate and count from a PCM WAV header.</summary>
    private static SampleClock ReadWavClock(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Seek(12, SeekOrigin.Begin);
        int rate = 0, channels = 1, bits = 16;
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var id = new string(reader.ReadChars(4));
            var size = reader.ReadInt32();
            if (id == "fmt ")
            {
                reader.ReadInt16();
                channels = reader.ReadInt16();
                rate = reader.ReadInt32();
                reader.ReadInt32();
                reader.ReadInt16();
                bits = reader.ReadInt16();
                reader.BaseStream.Seek(size - 16, SeekOrigin.Current);
            }
            else if (id == "data")
            {
                return new SampleClock(rate, size / (channels * bits / 8));
            }
            else
            {
                reader.BaseStream.Seek(size, SeekOrigin.Current);
            }
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }
}
