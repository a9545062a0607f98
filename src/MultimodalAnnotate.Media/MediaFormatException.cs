namespace MultimodalAnnotate.Media;

/// <summary>
/// A media file (or text) that cannot be read as the format it claims to be. The message always names
/// the file and the field or line at fault, so a user can fix the upload without reading our code.
/// </summary>
public class MediaFormatException : Exception
{
    public MediaFormatException()
    {
    }

    public MediaFormatException(string message)
        : base(message)
    {
    }

    public MediaFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error about <paramref name="field"/> (a header key, property or "line N") of <paramref name="fileName"/>.</summary>
    public MediaFormatException(string fileName, string field, string message, Exception? innerException = null)
        : base($"{fileName}: {field}: {message}", innerException)
    {
        FileName = fileName;
        Field = field;
    }

    /// <summary>The file (or source name) at fault.</summary>
    public string? FileName { get; }

    /// <summary>The header field, property or line at fault (e.g. <c>POINTS</c>, <c>line 12</c>).</summary>
    public string? Field { get; }
}
