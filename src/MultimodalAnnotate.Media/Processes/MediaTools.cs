using System.Diagnostics;
using System.Text;

namespace MultimodalAnnotate.Media.Processes;

/// <summary>What a finished tool run printed.</summary>
public sealed record ToolOutput(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs ffmpeg and ffprobe. This is the only place that starts processes: everything that interprets
/// their output is a pure parser next to its feature (jellyfin's rule, STYLE.md), tested on captured output.
/// Arguments are passed as a list (never a shell string), so file names need no quoting.
/// </summary>
public sealed class MediaTools(string ffmpegPath = "ffmpeg", string ffprobePath = "ffprobe")
{
    // Keep only the tail of stderr: ffmpeg can be chatty on long files and only the last lines explain a failure.
    private const int MaxStandardErrorChars = 16 * 1024;

    /// <summary>Tools found on the PATH (/usr/bin on our machines).</summary>
    public static MediaTools Default { get; } = new();

    /// <summary>The ffmpeg executable.</summary>
    public string FfmpegPath { get; } = ffmpegPath;

    /// <summary>The ffprobe executable.</summary>
    public string FfprobePath { get; } = ffprobePath;

    /// <summary>
    /// The input URL for a local file: the <c>file:</c> protocol with an absolute path, so a name can never be
    /// read as an option (leading '-') or another protocol (<c>concat:</c>, <c>http:</c>).
    /// </summary>
    public static string InputUrl(string path) => "file:" + Path.GetFullPath(path);

    /// <summary>Runs ffprobe and returns what it printed; throws <see cref="MediaToolException"/> on a non-zero exit.</summary>
    public Task<ToolOutput> ProbeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(FfprobePath, arguments, cancellationToken);

    /// <summary>Runs ffmpeg and returns what it printed; throws <see cref="MediaToolException"/> on a non-zero exit.</summary>
    public Task<ToolOutput> FfmpegAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(FfmpegPath, arguments, cancellationToken);

    /// <summary>Runs a tool to completion, capturing standard output as text.</summary>
    public static async Task<ToolOutput> RunAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        string? stdout = null;
        var stderr = await RunCoreAsync(executable, arguments, async (stream, ct) =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            stdout = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return new ToolOutput(0, stdout ?? string.Empty, stderr);
    }

    /// <summary>
    /// Runs a tool whose standard output is consumed as a stream while it runs (e.g. decoded PCM), so a
    /// long file never has to fit in memory. Returns standard error.
    /// </summary>
    public static Task<string> RunStreamingAsync(
        string executable,
        IEnumerable<string> arguments,
        Func<Stream, CancellationToken, Task> consumeStandardOutput,
        CancellationToken cancellationToken) =>
        RunCoreAsync(executable, arguments, consumeStandardOutput, cancellationToken);

    private static async Task<string> RunCoreAsync(
        string executable,
        IEnumerable<string> arguments,
        Func<Stream, CancellationToken, Task> consumeStandardOutput,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new MediaToolException($"could not start {executable}: {ex.Message}", ex);
        }

        // ffmpeg reads stdin for interactive keys; close it so it never waits on us.
        process.StandardInput.Close();
        using var registration = cancellationToken.Register(() => Kill(process));
        var stderrTask = ReadTailAsync(process.StandardError);
        try
        {
            await consumeStandardOutput(process.StandardOutput.BaseStream, cancellationToken).ConfigureAwait(false);
            // Drain whatever the consumer left unread so the process can exit (unless it closed the pipe itself).
            if (process.StandardOutput.BaseStream.CanRead)
            {
                await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Kill(process);
            throw;
        }

        var stderr = await stderrTask.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new MediaToolException(Path.GetFileName(executable), process.ExitCode, stderr);
        }

        return stderr;
    }

    private static async Task<string> ReadTailAsync(StreamReader reader)
    {
        var buffer = new StringBuilder();
        var chunk = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            buffer.Append(chunk, 0, read);
            if (buffer.Length > 2 * MaxStandardErrorChars)
            {
                buffer.Remove(0, buffer.Length - MaxStandardErrorChars);
            }
        }

        return buffer.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
