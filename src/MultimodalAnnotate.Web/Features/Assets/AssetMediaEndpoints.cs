using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Media.Audio;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Assets;

/// <summary>
/// The derived media the panes need, for members of the asset's project (404 for everyone else and for anything not
/// made yet), with an ETag and <c>Cache-Control: private</c>:
/// <list type="bullet">
/// <item><c>/peaks</c>: all levels (MAWF); <c>/peaks?level=n</c>: level n (0 = 256 samples per bucket, each next one ×2)
/// in the audiowaveform .dat v2 layout that waveform-data.js and peaks.js read.</item>
/// <item><c>/frames</c>: the real frame times (MAFT, docs/media.md).</item>
/// <item><c>/thumbnail</c>, <c>/poster</c>, <c>/strip</c>: JPEG/PNG previews.</item>
/// <item><c>/points</c>: MAPC float32 points; <c>/bev.png</c>: bird's-eye raster.</item>
/// <item><c>/projection/{cameraAssetId}</c>: the cloud in that camera as MAPC (u, v, depth), or <c>?format=png</c> drawn
/// over the camera image.</item>
/// <item><c>/tiles/image.dzi</c> and <c>/tiles/image_files/…</c>: DeepZoom for images over 8192 px.</item>
/// </list>
/// </summary>
internal static class AssetMediaEndpoints
{
    private const string Binary = "application/octet-stream";

    public static void MapAssetMedia(this WebApplication app)
    {
        var assets = app.MapGroup("/api/v1/assets/{assetId:guid}").WithTags("Assets");
        assets.MapGet("/peaks", PeaksAsync)
            .WithSummary("Waveform peaks of an audio asset (binary, one zoom level)")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/frames", (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
            DerivedAsync(assetId, DerivedRoles.Frames, http, factory, store, ct))
            .WithSummary("A video's real frame timestamps (compact binary)")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/thumbnail", (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
            DerivedAsync(assetId, DerivedRoles.Thumbnail, http, factory, store, ct))
            .WithSummary("Thumbnail of an image or video")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/poster", (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
            DerivedAsync(assetId, DerivedRoles.Poster, http, factory, store, ct))
            .WithSummary("Poster frame of a video")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/strip", (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
            DerivedAsync(assetId, DerivedRoles.Strip, http, factory, store, ct))
            .WithSummary("Thumbnail strip of a video")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/points", (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
            DerivedAsync(assetId, DerivedRoles.Points, http, factory, store, ct))
            .WithSummary("Decimated point cloud as float32 x,y,z,intensity")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/bev.png", (Guid assetId, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct) =>
            DerivedAsync(assetId, DerivedRoles.BirdsEye, http, factory, store, ct))
            .WithSummary("Bird's-eye raster of a point cloud")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/projection/{cameraAssetId:guid}", ProjectionEndpoint.GetAsync)
            .WithSummary("Points projected into a calibrated camera of the item")
            .Produces(StatusCodes.Status401Unauthorized);
        assets.MapGet("/tiles/{**path}", TilesAsync)
            .WithSummary("DeepZoom tiles of a very large image")
            .Produces(StatusCodes.Status401Unauthorized);
    }

    private static async Task<IResult> DerivedAsync(Guid assetId, string role, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct)
    {
        var asset = await AssetLookup.ForMemberAsync(factory, http.User, assetId, ct);
        var key = asset is null || asset.Status != AssetStatus.Ready ? null : AssetMediaInfo.Parse(asset.MediaInfoJson).DerivedKey(role);
        if (asset is null || key is null)
        {
            return Results.NotFound();
        }
        return await AssetLookup.StreamAsync(http, store, key, ContentTypeOf(key), asset, ct) ?? Results.NotFound();
    }

    private static async Task<IResult> PeaksAsync(Guid assetId, int? level, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct)
    {
        if (level is null)
        {
            return await DerivedAsync(assetId, DerivedRoles.Peaks, http, factory, store, ct);
        }
        var asset = await AssetLookup.ForMemberAsync(factory, http.User, assetId, ct);
        var key = asset is null || asset.Status != AssetStatus.Ready ? null : AssetMediaInfo.Parse(asset.MediaInfoJson).DerivedKey(DerivedRoles.Peaks);
        if (asset is null || key is null)
        {
            return Results.NotFound();
        }
        Waveform waveform;
        try
        {
            await using var stream = await store.OpenReadAsync(key, ct);
            waveform = WaveformFormat.Read(stream, key);
        }
        catch (FileNotFoundException)
        {
            return Results.NotFound();
        }
        if (level < 0 || level >= waveform.Levels.Count)
        {
            return Results.Problem($"The waveform has levels 0 to {waveform.Levels.Count - 1}.", statusCode: StatusCodes.Status404NotFound);
        }
        using var dat = new MemoryStream();
        WaveformFormat.WriteAudiowaveformDat(dat, waveform.Levels[level.Value], waveform.SampleRate);
        return AssetLookup.Bytes(http, dat.ToArray(), Binary, asset, $"peaks-{level}");
    }

    private static async Task<IResult> TilesAsync(Guid assetId, string path, HttpContext http, IDbContextFactory<AppDbContext> factory, IMediaStore store, CancellationToken ct)
    {
        var asset = await AssetLookup.ForMemberAsync(factory, http.User, assetId, ct);
        var descriptor = asset is null || asset.Status != AssetStatus.Ready ? null : AssetMediaInfo.Parse(asset.MediaInfoJson).DerivedKey(DerivedRoles.Tiles);
        if (asset is null || descriptor is null)
        {
            return Results.NotFound();
        }
        var folder = descriptor[..descriptor.LastIndexOf('/')];
        var key = $"{folder}/{path}";
        try
        {
            MediaKeys.Validate(key);
        }
        catch (ArgumentException)
        {
            return Results.NotFound();
        }
        var contentType = key.EndsWith(".dzi", StringComparison.Ordinal) ? "application/xml" : ContentTypeOf(key);
        return await AssetLookup.StreamAsync(http, store, key, contentType, asset, ct) ?? Results.NotFound();
    }

    internal static string ContentTypeOf(string key) => Path.GetExtension(key) switch
    {
        ".jpg" => "image/jpeg",
        ".png" => "image/png",
        ".mp4" => "video/mp4",
        ".m4a" => "audio/mp4",
        _ => Binary,
    };
}
