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
        : base($"{tool} exited with code {exitCode}: {LastLines(standardError)}")
    {
        Tool = tool;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The program that failed (ffmpeg or ffprobe).</summary>
    public string? Tool { get; }

    /// <summary>The program's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>What the program wrote on standard error (its tail, for long outputs).</summary>
    public string? StandardError { get; }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : string.Join(" | ", lines.TakeLast(3));
    }
}
