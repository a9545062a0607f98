namespace MultimodalAnnotate.Media.Ingest;

/// <summary>Storage file names: a random 128-bit id plus a canonical extension. Nothing of the user's file name is used.</summary>
public static class StorageNames
{
    private static readonly HashSet<string> TextExtensions = new(StringComparer.Ordinal) { ".txt", ".md", ".vtt", ".srt", ".stm", ".rttm", ".json" };

    /// <summary>
    /// A new name for a file of <paramref name="kind"/>. Text keeps its (lower-cased) format extension when it is
    /// one we parse, since the extension selects the parser; every other kind gets its canonical extension.
    /// </summary>
    public static string New(FileKind kind, string? originalExtension = null)
    {
        var extension = FileKinds.Extension(kind);
        var original = originalExtension?.ToLowerInvariant();
        if (kind == FileKind.Text && original is not null && TextExtensions.Contains(original))
        {
            extension = original;
        }

        return $"{Guid.NewGuid():N}{extension}";
    }
}
