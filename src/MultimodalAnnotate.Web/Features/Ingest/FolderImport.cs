using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>What an import job is told: the resolved folder, the batch it fills and who asked.</summary>
public sealed record FolderImportPayload(string Folder, Guid BatchId, string UserId);

/// <summary>
/// Starts a server-side folder import for a project admin: the folder must lie inside one of <c>Media:ImportRoots</c>
/// (after resolving "..", and not through a symbolic link), the batch is an existing one of the project or a new one,
/// and the walk itself runs as a durable job (<see cref="ImportFolderJob"/>).
/// </summary>
public sealed class StartFolderImport(IDbContextFactory<AppDbContext> factory, JobQueue jobs, IOptions<MediaOptions> options, TimeProvider clock)
{
    public const string JobKind = "import-folder";

    /// <param name="ProjectId">The project the items join.</param>
    /// <param name="Root">One of the configured import roots (null: the first).</param>
    /// <param name="Folder">A folder inside the root, relative to it.</param>
    /// <param name="BatchId">The batch to fill; or null with <paramref name="NewBatchName"/> to create one.</param>
    /// <param name="NewBatchName">Name of a new batch (next iteration), when no batch id is given.</param>
    public sealed record Request(Guid ProjectId, string? Root, string Folder, Guid? BatchId, string? NewBatchName);

    public sealed record Result(IngestPermission Permission, Guid? JobId, Guid? BatchId, string? Error);

    /// <summary>The configured import roots, as full paths.</summary>
    public IReadOnlyList<string> Roots => [.. options.Value.ImportRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(Path.GetFullPath)];

    public async Task<Result> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var permission = await IngestAccess.ForProjectAsync(db, userId, request.ProjectId, IngestAccess.Importers, ct);
        if (permission != IngestPermission.Allowed)
        {
            return new Result(permission, null, null, null);
        }
        var (folder, error) = Resolve(Roots, request.Root, request.Folder);
        if (folder is null)
        {
            return new Result(permission, null, null, error);
        }

        Guid batchId;
        if (request.BatchId is { } id)
        {
            if (!await db.Batches.AnyAsync(b => b.Id == id && b.ProjectId == request.ProjectId, ct))
            {
                return new Result(permission, null, null, "the batch does not belong to this project");
            }
            batchId = id;
        }
        else
        {
            var name = request.NewBatchName?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                return new Result(permission, null, null, "name an existing batch or a new batch");
            }
            var iteration = await db.Batches.Where(b => b.ProjectId == request.ProjectId).Select(b => (int?)b.Iteration).MaxAsync(ct) ?? 0;
            var batch = new Batch { ProjectId = request.ProjectId, Name = name, Iteration = iteration + 1, CreatedAt = clock.GetUtcNow() };
            db.Batches.Add(batch);
            await db.SaveChangesAsync(ct);
            batchId = batch.Id;
        }
        var payload = JsonSerializer.Serialize(new FolderImportPayload(folder, batchId, userId));
        var jobId = await jobs.EnqueueAsync(JobKind, request.ProjectId, payload: payload, ct: ct);
        return new Result(permission, jobId, batchId, null);
    }

    /// <summary>
    /// The full path of <paramref name="folder"/> inside <paramref name="root"/> (one of <paramref name="roots"/>), or an
    /// error: unknown root, outside the root, through a symbolic link, or missing.
    /// </summary>
    public static (string? Folder, string? Error) Resolve(IReadOnlyList<string> roots, string? root, string folder)
    {
        if (roots.Count == 0)
        {
            return (null, "folder import is not configured (Media:ImportRoots is empty)");
        }
        var chosen = root is null ? roots[0] : roots.FirstOrDefault(r => string.Equals(r, Path.GetFullPath(root), StringComparison.Ordinal));
        if (chosen is null)
        {
            return (null, $"'{root}' is not one of the configured import roots");
        }
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(chosen, folder.Trim())));
        var trimmedRoot = Path.TrimEndingDirectorySeparator(chosen);
        if (!string.Equals(full, trimmedRoot, StringComparison.Ordinal) && !full.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return (null, $"'{folder}' is outside the import root");
        }
        // A link inside the root could point anywhere: walk the path below the root and refuse links.
        var relative = Path.GetRelativePath(trimmedRoot, full);
        var current = trimmedRoot;
        foreach (var part in relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (new DirectoryInfo(current).LinkTarget is not null)
            {
                return (null, $"'{folder}' goes through a symbolic link");
            }
        }
        return Directory.Exists(full) ? (full, null) : (null, $"'{folder}' does not exist in the import root");
    }
}
