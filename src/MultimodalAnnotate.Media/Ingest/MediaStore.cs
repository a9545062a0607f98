using System.Text.RegularExpressions;

namespace MultimodalAnnotate.Media.Ingest;

/// <summary>
/// Where media bytes live, by key (e.g. <c>projects/7/assets/3f2a….mp4</c>). A real seam: a local folder by default,
/// an S3-compatible store when several nodes serve the app.
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any previous object; never leaves a partial object.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the object for reading; throws <see cref="FileNotFoundException"/> when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the object; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>True when an object is stored under <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Keys: '/'-separated segments of letters, digits, '-', '_' and '.', no segment starting with '.', at most 512 characters.</summary>
public static partial class MediaKeys
{
    /// <summary>Throws <see cref="ArgumentException"/> for a key that could escape the store or is not portable.</summary>
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512 || !KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"'{key}' is not a valid media key (segments of [A-Za-z0-9_.-] separated by '/', none starting with '.')", nameof(key));
        }

        return key;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

/// <summary>An <see cref="IMediaStore"/> on a local folder. Writes go to a temporary file first, then are moved in place.</summary>
public sealed class LocalFolderMediaStore : IMediaStore
{
    private readonly string _root;

    public LocalFolderMediaStore(string rootFolder)
    {
        _root = Path.GetFullPath(rootFolder);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The file behind a key (ffmpeg and libvips need a path); the key is validated first.</summary>
    public string GetFullPath(string key)
    {
        MediaKeys.Validate(key);
        var full = Path.GetFullPath(Path.Combine(_root, key));

        // Defence in depth: the key pattern already forbids "..", absolute paths and backslashes.
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' resolves outside the media folder", nameof(key));
        }

        return full;
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = GetFullPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = GetFullPath(key);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no media stored under '{key}'", key);
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = GetFullPath(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(GetFullPath(key)));
}
