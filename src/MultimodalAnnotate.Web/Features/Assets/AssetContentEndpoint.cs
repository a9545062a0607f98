using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Projects;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Assets;

internal static class AssetContentEndpoint
{
    /// <summary>
    /// <c>GET /api/v1/assets/{id}/content</c>: the asset's media file for members of its project, from the media store,
    /// with HTTP range support so browsers can seek in video and audio. Text assets answer with their text (the content
    /// annotations index into). Also maps the derived media (<see cref="AssetMediaEndpoints"/>).
    /// </summary>
    public static void MapAssetContent(this WebApplication app)
    {
        app.MapGet("/api/v1/assets/{assetId:guid}/content", async (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
        {
            var asset = await AssetLookup.ForMemberAsync(factory, http.User, assetId, ct);
            if (asset is null)
            {
                // Same answer for "does not exist" and "not yours": nothing leaks across projects.
                return Results.NotFound();
            }
            if ((asset.Modality == Modality.Text && asset.TextContent is not null) || asset.MediaKey is null)
            {
                return asset.Modality == Modality.Text ? Results.Text(asset.TextContent ?? "", "text/plain; charset=utf-8") : Results.NotFound();
            }
            return await AssetLookup.StreamAsync(http, store, asset.MediaKey, asset.ContentType ?? "application/octet-stream", asset, ct)
                ?? Results.Problem($"The media file of asset {assetId} is missing from the media store.", statusCode: StatusCodes.Status410Gone);
        }).WithSummary("The asset's media file (HTTP ranges supported), or a text asset's text").WithTags("Assets").Produces(StatusCodes.Status401Unauthorized);
        app.MapAssetMedia();
    }
}

/// <summary>Finds an asset for a member of its project and streams stored objects with caching headers.</summary>
internal static class AssetLookup
{
    /// <summary>How long a browser may reuse a media answer before asking again (with its ETag).</summary>
    public const string CacheControl = "private, max-age=300";

    /// <summary>The asset, when it exists and the user is a member of its project; null otherwise.</summary>
    public static async Task<Asset?> ForMemberAsync(IDbContextFactory<AppDbContext> factory, ClaimsPrincipal user, Guid assetId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.Assets.AsNoTracking()
            .Where(a => a.Id == assetId)
            .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => new { Asset = a, i.ProjectId })
            .FirstOrDefaultAsync(ct);
        return row is not null && await ProjectAccess.HasAnyAsync(db, user.Id(), row.ProjectId, ProjectAccess.Readers, ct) ? row.Asset : null;
    }

    /// <summary>
    /// Streams a stored object (seekable: ranges and conditional requests work) with an ETag that changes whenever the
    /// asset is processed again; null when the store has no such object.
    /// </summary>
    public static async Task<IResult?> StreamAsync(HttpContext http, IMediaStore store, string key, string contentType, Asset asset, CancellationToken ct)
    {
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(key, ct);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        http.Response.Headers.CacheControl = CacheControl;
        return Results.Stream(stream, contentType, enableRangeProcessing: stream.CanSeek, entityTag: ETag(asset, key));
    }

    /// <summary>Bytes made on request (a waveform level, a projection), with the same caching headers.</summary>
    public static IResult Bytes(HttpContext http, byte[] bytes, string contentType, Asset asset, string variant)
    {
        http.Response.Headers.CacheControl = CacheControl;
        return Results.Bytes(bytes, contentType, entityTag: ETag(asset, variant));
    }

    public static EntityTagHeaderValue ETag(Asset asset, string variant)
    {
        var seed = $"{asset.Id}|{asset.MediaKey}|{asset.SizeBytes}|{asset.Status}|{asset.MediaInfoJson}|{variant}";
        return new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 12))}\"");
    }
}
