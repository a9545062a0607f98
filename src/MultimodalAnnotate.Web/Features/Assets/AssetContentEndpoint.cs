using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Assets;

internal static class AssetContentEndpoint
{
    /// <summary>
    /// <c>GET /api/v1/assets/{id}/content</c>: the asset's media file for members of its project, with HTTP range
    /// support so browsers can seek in video and audio. Text assets answer with their text.
    /// </summary>
    public static void MapAssetContent(this WebApplication app) =>
        app.MapGet("/api/v1/assets/{assetId:guid}/content", async (
            Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IOptions<MediaOptions> media, CancellationToken ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var asset = await db.Assets.AsNoTracking()
                .Where(a => a.Id == assetId)
                .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => new { a.MediaKey, a.ContentType, a.TextContent, i.ProjectId })
                .FirstOrDefaultAsync(ct);
            if (asset is null || !await ProjectAccess.HasAnyAsync(db, http.User.Id(), asset.ProjectId, ProjectAccess.Readers, ct))
            {
                // Same answer for "does not exist" and "not yours": nothing leaks across projects.
                return Results.NotFound();
            }
            if (asset.MediaKey is null)
            {
                return Results.Text(asset.TextContent ?? "", "text/plain; charset=utf-8");
            }
            var path = MediaPaths.Resolve(media.Value.Root, asset.MediaKey);
            return File.Exists(path)
                ? Results.File(path, asset.ContentType ?? "application/octet-stream", enableRangeProcessing: true)
                : Results.Problem($"The media file of asset {assetId} is missing from the media store.", statusCode: StatusCodes.Status410Gone);
        });
}

internal static class MediaPaths
{
    /// <summary>Maps a generated media key to a path under the root, refusing anything that would escape it.</summary>
    public static string Resolve(string root, string key)
    {
        var fullRoot = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(fullRoot, key));
        if (!path.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Media key \"{key}\" points outside the media store.");
        }
        return path;
    }
}
