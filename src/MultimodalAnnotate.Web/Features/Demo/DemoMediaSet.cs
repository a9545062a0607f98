using MultimodalAnnotate.Media.Audio;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Media.Timing;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>
/// The demo's media files in the media store, with the time bases read back from the files by the media library. The
/// assets made from them are then processed like uploads: <c>Features/Ingest/UnprocessedAssetSweep</c> queues them.
/// </summary>
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
            "demo/yard-mic.wav", new FileInfo(mic).Length, await ReadWavClockAsync(mic, ct),
            "demo/kitchen.wav", new FileInfo(kitchen).Length, await ReadWavClockAsync(kitchen, ct));
    }

    /// <summary>Real per-frame presentation timestamps from the video's packets (the media library's reader).</summary>
    private static async Task<FrameTimes> ReadFrameTimesAsync(string path, CancellationToken ct) =>
        (await new FrameTimestampReader(MediaTools.Default).ReadAsync(path, ct)).ToTimeBase();

    /// <summary>
    /// The WAV's sample clock as decoding counts it (native rate, samples decoded, the stream's start offset). The
    /// peaks themselves are made by the same processing job as every upload (see <c>Features/Ingest</c>).
    /// </summary>
    private static async Task<SampleClock> ReadWavClockAsync(string path, CancellationToken ct) =>
        (await new WaveformBuilder(MediaTools.Default).BuildAsync(path, null, null, ct)).ToTimeBase();
}
