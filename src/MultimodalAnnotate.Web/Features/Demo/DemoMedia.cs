using System.Diagnostics;
using NetVips;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>Makes the demo's media on the machine itself (no network, no fixtures): libvips for the image, ffmpeg for sound and video.</summary>
internal static class DemoMedia
{
    /// <summary>Renders the street scene as a PNG: sky, road, lane marks, and each object where its cuboid projects.</summary>
    public static byte[] StreetImage(IReadOnlyList<DemoScene.SceneObject> objects)
    {
        using var canvas = Image.Black(DemoScene.ImageWidth, DemoScene.ImageHeight, bands: 3);
        using var image = canvas.Mutate(m =>
        {
            m.DrawRect([135, 190, 235], 0, 0, DemoScene.ImageWidth, 170, fill: true);
            m.DrawRect([96, 125, 80], 0, 150, DemoScene.ImageWidth, 30, fill: true);
            m.DrawRect([90, 90, 96], 0, 170, DemoScene.ImageWidth, DemoScene.ImageHeight - 170, fill: true);
            for (var i = 0; i < 8; i++)
            {
                m.DrawRect([235, 235, 235], 300 + (i * 3), 190 + (i * 22), 40 - (i * 6) + 20, 8, fill: true);
            }
            // Far objects first so near ones cover them.
            foreach (var o in objects.OrderByDescending(o => o.Box.Center.X))
            {
                var box = DemoScene.Project(o.Box);
                var colour = Rgb(o.Colour);
                var (x, y, w, h) = ((int)box.X, (int)box.Y, (int)box.Width, (int)box.Height);
                switch (o.Label)
                {
                    case "car":
                        m.DrawRect(colour, x, y + (h / 3), w, h * 2 / 3 - (h / 8), fill: true);
                        m.DrawRect(colour, x + (w / 5), y, w * 3 / 5, h / 3 + 1, fill: true);
                        m.DrawRect([200, 230, 250], x + (w / 4), y + (h / 10), w / 2, h / 5, fill: true);
                        m.DrawCircle([25, 25, 25], x + (w / 5), y + h - (h / 6), Math.Max(3, h / 6), fill: true);
                        m.DrawCircle([25, 25, 25], x + (w * 4 / 5), y + h - (h / 6), Math.Max(3, h / 6), fill: true);
                        break;
                    case "dog":
                        m.DrawRect(colour, x, y + (h / 3), w * 4 / 5, h / 3, fill: true);
                        m.DrawCircle(colour, x + (w * 4 / 5), y + (h / 4), Math.Max(3, h / 4), fill: true);
                        m.DrawRect(colour, x + 2, y + (h * 2 / 3), Math.Max(2, w / 10), h / 3, fill: true);
                        m.DrawRect(colour, x + (w * 3 / 5), y + (h * 2 / 3), Math.Max(2, w / 10), h / 3, fill: true);
                        break;
                    default:
                        m.DrawCircle([240, 200, 170], x + (w / 2), y + (h / 10), Math.Max(3, w / 4), fill: true);
                        m.DrawRect(colour, x + (w / 5), y + (h / 5), w * 3 / 5, h * 2 / 5, fill: true);
                        m.DrawRect([40, 40, 60], x + (w / 5), y + (h * 3 / 5), w * 3 / 5, h * 2 / 5, fill: true);
                        break;
                }
            }
        });
        return image.PngsaveBuffer();
    }

    private static double[] Rgb(string hex) =>
    [
        Convert.ToInt32(hex[1..3], 16),
        Convert.ToInt32(hex[3..5], 16),
        Convert.ToInt32(hex[5..7], 16),
    ];

    /// <summary>
    /// 4 s of video with an audio track; the video has a variable frame rate (25 fps, then every third frame),
    /// and the audio carries two bark-like noise bursts at 1.0–1.3 s and 2.6–2.9 s.
    /// </summary>
    public static Task YardVideoAsync(string path, CancellationToken ct) => FfmpegAsync(ct,
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=4",
        "-f", "lavfi", "-i", "color=c=0x795548:s=70x45:r=25:d=4",
        "-f", "lavfi", "-i", "aevalsrc='0.15*sin(2*PI*180*t)+0.7*(random(0)-0.5)*(between(t,1.0,1.3)+between(t,2.6,2.9))':s=44100:d=4",
        "-filter_complex", "[0:v][1:v]overlay=x='40+40*t':y=140:shortest=1,select='if(lt(t,2),1,not(mod(n,3)))'[v]",
        "-map", "[v]", "-map", "2:a",
        "-fps_mode", "vfr", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast",
        "-c:a", "aac", "-shortest", "-movflags", "+faststart", path);

    /// <summary>The yard video's sound as the separate microphone channel (16 kHz mono WAV).</summary>
    public static Task YardMicrophoneAsync(string videoPath, string path, CancellationToken ct) => FfmpegAsync(ct,
        "-i", videoPath, "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", path);

    /// <summary>Two "speakers" as tones: A speaks 0.2–2.5 s, B 3.0–5.5 s (16 kHz mono WAV).</summary>
    public static Task ConversationAsync(string path, CancellationToken ct) => FfmpegAsync(ct,
        "-f", "lavfi", "-i",
        "aevalsrc='0.4*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*4*t))*between(t,0.2,2.5)+0.4*sin(2*PI*330*t)*(0.6+0.4*sin(2*PI*3*t))*between(t,3.0,5.5)':s=16000:d=6",
        "-c:a", "pcm_s16le", path);

    private static async Task FfmpegAsync(CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-y", .. args])
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {await stderr}");
        }
    }
}
