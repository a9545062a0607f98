using System.Globalization;
using System.Text.Json;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>Reading input files and parsing JSON with errors that name the file, the line and the byte.</summary>
internal static class JsonInput
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 128 };

    /// <summary>The bytes of <paramref name="path"/>, or null after adding a not-found/unreadable error.</summary>
    public static async Task<byte[]?> ReadAsync(string path, string display, List<InputError> errors, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            errors.Add(new(InputErrorKind.NotFound, display, null, "is a folder, expected a file"));
            return null;
        }
        if (!File.Exists(path))
        {
            errors.Add(new(InputErrorKind.NotFound, display, null, "file not found"));
            return null;
        }
        try
        {
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new(InputErrorKind.NotFound, display, null, $"cannot be read ({e.Message})"));
            return null;
        }
    }

    /// <summary>
    /// Parses strict JSON (no comments, no trailing commas). On failure adds an error with the 1-based line and
    /// byte position; <paramref name="line"/> is the line of a JSON Lines record (null for a whole file).
    /// </summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, string display, int? line, List<InputError> errors)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        try
        {
            return JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException e)
        {
            var lineNumber = line ?? (int)(e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            errors.Add(new(
                InputErrorKind.MalformedJson,
                display,
                string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}, byte {position}"),
                $"malformed JSON: {Describe(e)}"));
            return null;
        }
    }

    // System.Text.Json appends "LineNumber: 2 | BytePositionInLine: 7." to its messages; we print that ourselves.
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }
        message = cut >= 0 ? message[..cut] : message;
        // Keep the first sentence: the rest advises changing reader options, which users cannot do.
        var sentence = message.IndexOf(". ", StringComparison.Ordinal);
        return (sentence >= 0 ? message[..sentence] : message).TrimEnd(' ', '.', '|');
    }
}
