namespace MultimodalAnnotate.Media.Processes;

/// <summary>ffmpeg or ffprobe failed (non-zero exit) on a file; the message carries the tool's own last words.</summary>
public class MediaToolException : Exception
{
    public MediaToolException()
    {
    }

    public MediaToolException(string message)
        : base(message)
    {
    }

    public MediaToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaToolException(string tool, int exitCode, string standardError)
        : base(IsSignal(exitCode)
            ? $"{tool} was stopped by signal {exitCode - 128} ({SignalName(exitCode - 128)}), not by the file: {LastLines(standardError)}"
            : $"{tool} exited with code {exitCode}: {LastLines(standardError)}")
    {
        Tool = tool;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The program that failed (ffmpeg or ffprobe).</summary>
    public string? Tool { get; }

    /// <summary>The program's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>
    /// True when the program was killed by a signal from outside (the kernel's out-of-memory killer, an operator, a
    /// shutdown): .NET reports 128 + the signal's number. That says nothing about the file, so it is worth a retry.
    /// </summary>
    public bool KilledBySignal => IsSignal(ExitCode);

    private static bool IsSignal(int exitCode) => !OperatingSystem.IsWindows() && exitCode is > 128 and < 160;

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "signal",
    };

    /// <summary>What the program wrote on standard error (its tail, for long outputs).</summary>
    public string? StandardError { get; }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : string.Join(" | ", lines.TakeLast(3));
    }
}
