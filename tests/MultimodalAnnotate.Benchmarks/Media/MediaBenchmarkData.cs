using System.Diagnostics;

namespace MultimodalAnnotate.Benchmarks.Media;

/// <summary>Locates the shared fixtures and makes benchmark media with ffmpeg (once per machine, cached in the temp folder).</summary>
internal static class MediaBenchmarkData
{
    public static string CacheFolder
    {
        get
        {
            var folder = Path.Combine(Path.GetTempPath(), "ma-media-benchmarks");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static string Fixtures
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("MA_FIXTURES");
            if (!string.IsNullOrEmpty(fromEnv))
            {
                return fromEnv;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
            {
                dir = dir.Parent;
            }

            var root = dir is null ? throw new DirectoryNotFoundException("repository root not found") : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            return Directory.Exists(root) ? root : throw new DirectoryNotFoundException($"fixtures folder {root} not found (set MA_FIXTURES)");
        }
    }

    /// <summary>Makes <paramref name="name"/> in the cache with ffmpeg unless it is already there.</summary>
    public static string Generate(string name, params string[] ffmpegArgs)
    {
        var path = Path.Combine(CacheFolder, name);
        if (File.Exists(path))
        {
            return path;
        }

        var temporary = path + ".partial" + Path.GetExtension(name);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-nostdin", "-y", .. ffmpegArgs, temporary])
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {stderr}");
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
