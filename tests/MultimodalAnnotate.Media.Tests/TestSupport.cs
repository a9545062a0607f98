using System.Diagnostics;
using System.Globalization;

namespace MultimodalAnnotate.Media.Tests;

/// <summary>Runs ffmpeg/ffprobe from tests (independently of the library's own runner).</summary>
internal static class Ff
{
    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {stderr.Result}");
        }

        return stdout;
    }

    public static byte[] RunBytes(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {stderr.Result}");
        }

        return ms.ToArray();
    }

    public static void Make(string output, params string[] args) =>
        Run("ffmpeg", ["-v", "error", "-nostdin", "-y", .. args, output]);

    /// <summary>The decoded frames' PTS as ffprobe prints them (seconds, csv), the independent reference.</summary>
    public static double[] FramePtsTimes(string path) =>
        Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(',')[0])
            .Where(l => l.Length > 0)
            .Select(l => double.Parse(l, CultureInfo.InvariantCulture))
            .Order()
            .ToArray();
}

/// <summary>Media made once per test run with ffmpeg in a temporary folder.</summary>
public sealed class GeneratedMedia : IDisposable
{
    public GeneratedMedia()
    {
        Folder = Directory.CreateTempSubdirectory("ma-media-tests-").FullName;
        Cfr = Path.Combine(Folder, "cfr.mp4");
        Ff.Make(Cfr, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");

        // Three segments at 30, 15 and 60 fps: a real variable-frame-rate file (the encoder's 1/60 s time base divides all three spacings).
        Vfr = Path.Combine(Folder, "vfr.mp4");
        Ff.Make(Vfr, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=60," + VfrFilter,
            "-frames:v", "90", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        // Audio that starts half a second after the video.
        Offset = Path.Combine(Folder, "offset.mp4");
        Ff.Make(Offset, "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-itsoffset", "0.5", "-f", "lavfi", "-i",
            "sine=frequency=300:sample_rate=48000", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest");

        // Three minutes of 16 kHz mono noise-modulated tone.
        LongWav = Path.Combine(Folder, "long.wav");
        Ff.Make(LongWav, "-f", "lavfi", "-i", "anoisesrc=color=pink:sample_rate=16000:amplitude=0.4:seed=7", "-t", "180", "-c:a", "pcm_s16le");
    }

    /// <summary>Frames 0–29 at 30 fps, 30–59 at 15 fps, 60–89 at 60 fps.</summary>
    public const string VfrFilter = "settb=1/60,setpts='if(lt(N,30),N*2,if(lt(N,60),60+(N-30)*4,180+(N-60)))'";

    public string Folder { get; }
    public string Cfr { get; }
    public string Vfr { get; }
    public string Offset { get; }
    public string LongWav { get; }

    public string NewPath(string name) => Path.Combine(Folder, $"{Guid.NewGuid():N}-{name}");

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<GeneratedMedia>
{
    public const string Name = "generated media";
}

/// <summary>The shared real-data fixtures (../shared/data from the repository root, or MA_FIXTURES).</summary>
internal static class Fixtures
{
    public static string Root
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("MA_FIXTURES");
            string root;
            if (!string.IsNullOrEmpty(fromEnv))
            {
                root = fromEnv;
            }
            else
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
                {
                    dir = dir.Parent;
                }

                root = dir is null ? "(repository root not found)" : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }

            Directory.Exists(root).Should().BeTrue($"the real-data fixtures folder must exist at {root} (set MA_FIXTURES to override); these tests were NOT run against real data");
            return root;
        }
    }

    public static string Path_(params string[] parts) => Path.Combine([Root, .. parts]);
}

internal static class Resources
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", name));
}
