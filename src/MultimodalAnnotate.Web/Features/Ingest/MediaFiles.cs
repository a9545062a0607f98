using MultimodalAnnotate.Media.Ingest;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>Where things go in the media store. Keys are generated; nothing of a user's file name is used.</summary>
public static class MediaKeyLayout
{
    /// <summary>An uploaded file: <c>projects/{project}/assets/{random id}.{ext}</c>.</summary>
    public static string Original(Guid projectId, string storageFileName) =>
        $"projects/{projectId:N}/assets/{storageFileName}";

    /// <summary>The folder of an asset's derived objects (peaks, frames, thumbnails, tiles…).</summary>
    public static string DerivedFolder(Guid projectId, Guid assetId) =>
        $"projects/{projectId:N}/derived/{assetId:N}";

    /// <summary>One derived object of an asset.</summary>
    public static string Derived(Guid projectId, Guid assetId, string name) =>
        $"{DerivedFolder(projectId, assetId)}/{name}";
}

/// <summary>
/// Moves files between the local file system (where ffmpeg and libvips work) and the <see cref="IMediaStore"/>. The local
/// folder store is used in place (no copies); any other store goes through a temporary file.
/// </summary>
public sealed class MediaFiles(IMediaStore store)
{
    /// <summary>Stores the file at <paramref name="path"/> under <paramref name="key"/>; <paramref name="move"/> consumes it.</summary>
    public async Task PutFileAsync(string key, string path, bool move, CancellationToken ct)
    {
        if (store is LocalFolderMediaStore local)
        {
            var target = local.GetFullPath(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (move)
            {
                File.Move(path, target, overwrite: true);
                return;
            }
            // Copy next to the target first, then move: a reader never sees half a file.
            var partial = $"{target}.{Guid.NewGuid():N}.partial";
            try
            {
                File.Copy(path, partial);
                File.Move(partial, target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            return;
        }
        await using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            await store.PutAsync(key, source, ct);
        }
        if (move)
        {
            File.Delete(path);
        }
    }

    /// <summary>Stores bytes under <paramref name="key"/>.</summary>
    public async Task PutBytesAsync(string key, byte[] bytes, CancellationToken ct)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        await store.PutAsync(key, stream, ct);
    }

    /// <summary>
    /// A local path to read the object from: the store's own file for the local store, otherwise a temporary copy that
    /// disposing the result deletes.
    /// </summary>
    public async Task<LocalMediaFile> OpenLocalAsync(string key, CancellationToken ct)
    {
        if (store is LocalFolderMediaStore local)
        {
            var path = local.GetFullPath(key);
            return File.Exists(path) ? new LocalMediaFile(path, null) : throw new FileNotFoundException($"no media stored under '{key}'", key);
        }
        var folder = Directory.CreateTempSubdirectory("ma-media-").FullName;
        var copy = Path.Combine(folder, Path.GetFileName(key));
        await using (var source = await store.OpenReadAsync(key, ct))
        await using (var target = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await source.CopyToAsync(target, ct);
        }
        return new LocalMediaFile(copy, folder);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct) => store.DeleteAsync(key, ct);

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => store.ExistsAsync(key, ct);
}

/// <summary>A readable local file for a stored object; deletes its temporary copy (if any) when disposed.</summary>
public sealed class LocalMediaFile(string path, string? temporaryFolder) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporaryFolder is not null && Directory.Exists(temporaryFolder))
        {
            Directory.Delete(temporaryFolder, recursive: true);
        }
    }
}

/// <summary>A scratch folder for one piece of work (uploads in flight, ffmpeg outputs), deleted when disposed.</summary>
public sealed class ScratchFolder : IDisposable
{
    private ScratchFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// A new folder under <c>{media root}/.scratch</c>: on the store's file system, so finished files move into the store
    /// without a copy. The leading dot keeps it out of the key space (no key segment may start with '.').
    /// </summary>
    public static ScratchFolder Create(string mediaRoot)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetFullPath(mediaRoot), ".scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new ScratchFolder(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
