using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>One file's outcome in an upload response.</summary>
public sealed record UploadedAsset(Guid AssetId, string FileName, string Sensor, Modality? Modality, AssetStatus Status, string? Reason, Guid? JobId);

/// <summary>
/// <c>POST /api/v1/items/{id}/assets</c> (multipart/form-data): each <c>file</c> part becomes an asset of the item; the
/// <c>modality</c> and <c>sensor</c> fields that precede a file part apply to it (modality "auto" or absent: inferred from
/// the sniffed content). The body is streamed to scratch files, never held in memory; a file over
/// <c>Media:MaxUploadBytes</c> stops the request with 413 before anything is stored. Answers 201 with one
/// <see cref="UploadedAsset"/> per file: <c>pending</c> (stored, processing job queued) or <c>failed</c> with the reason
/// (not stored). Writers only: 404 for non-members and unknown items, 403 for members without a writer role.
/// Browser calls carry the antiforgery token in the <c>RequestVerificationToken</c> header; bearer-token calls need none.
/// </summary>
internal static class UploadEndpoint
{
    public const int MaxFilesPerRequest = 64;
    private const int MaxFieldLength = 1024;

    public static void MapUpload(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/items/{itemId:guid}/assets", UploadAsync).WithName("UploadAssets").WithTags("Ingest").WithSummary("Upload files as assets of an item (multipart; each is screened, stored and queued for processing)").Produces(StatusCodes.Status401Unauthorized);

    private static async Task<IResult> UploadAsync(
        Guid itemId, HttpContext http, IDbContextFactory<AppDbContext> factory, AddAsset addAsset, IAntiforgery antiforgery,
        IOptions<MediaOptions> options, CancellationToken ct)
    {
        var maxBytes = options.Value.MaxUploadBytes;
        List<string> taken;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var (permission, _) = await IngestAccess.ForItemAsync(db, http.User.Id(), itemId, ct);
            if (permission != IngestPermission.Allowed)
            {
                return permission == IngestPermission.NotFound
                    ? Results.Problem("The item does not exist or you are not a member of its project.", statusCode: StatusCodes.Status404NotFound)
                    : Results.Problem("Your role in this project does not allow adding media.", statusCode: StatusCodes.Status403Forbidden);
            }
            // A failed asset nobody annotated can be replaced by uploading under its name (AddAsset): not taken.
            taken = await db.Assets
                .Where(a => a.ItemId == itemId && !(a.Status == AssetStatus.Failed && !db.Annotations.Any(n => n.AssetId == a.Id)))
                .Select(a => a.Sensor)
                .ToListAsync(ct);
        }
        if (!IsBearer(http.Request))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return Results.Problem("The antiforgery token is missing or invalid (send it in the RequestVerificationToken header).", statusCode: StatusCodes.Status400BadRequest);
            }
        }
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Results.Problem("Send the files as multipart/form-data.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (http.Request.ContentLength > (maxBytes + (1 << 20)) * MaxFilesPerRequest)
        {
            return TooLarge(maxBytes, null);
        }
        // Files are limited one by one while they stream in; the server-wide request limit would cut them off earlier.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        using var scratch = ScratchFolder.Create(options.Value.Root);
        var received = new List<(string Path, string Name, Modality? Modality, string? Sensor)>();
        Modality? modality = null;
        string? sensor = null;
        var reader = new MultipartReader(boundary, http.Request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                return Results.Problem("A multipart section has no Content-Disposition.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (disposition.IsFileDisposition())
            {
                if (received.Count == MaxFilesPerRequest)
                {
                    return Results.Problem($"At most {MaxFilesPerRequest} files per request.", statusCode: StatusCodes.Status400BadRequest);
                }
                var name = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "");
                name = string.IsNullOrWhiteSpace(name) ? "upload" : name;
                var path = scratch.File(received.Count.ToString(CultureInfo.InvariantCulture));
                if (!await CopyWithinLimitAsync(section.Body, path, maxBytes, ct))
                {
                    return TooLarge(maxBytes, name);
                }
                received.Add((path, name, modality, sensor));
                modality = null;
                sensor = null;
            }
            else if (disposition.IsFormDisposition())
            {
                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                var value = await ReadFieldAsync(section.Body, ct);
                if (value is null)
                {
                    return Results.Problem($"The form field '{field}' is too long.", statusCode: StatusCodes.Status400BadRequest);
                }
                if (string.Equals(field, "modality", StringComparison.OrdinalIgnoreCase))
                {
                    if (!IngestAccess.TryParseModality(value, out modality))
                    {
                        return Results.Problem($"'{value}' is not a modality (image, video, audio, text, pointCloud or auto).", statusCode: StatusCodes.Status400BadRequest);
                    }
                }
                else if (string.Equals(field, "sensor", StringComparison.OrdinalIgnoreCase))
                {
                    sensor = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                }
            }
        }
        if (received.Count == 0)
        {
            return Results.Problem("The request has no file part.", statusCode: StatusCodes.Status400BadRequest);
        }
        // Names are checked for the whole request before anything is stored.
        var named = received.Where(r => r.Sensor is not null).Select(r => r.Sensor!).ToList();
        if (named.FirstOrDefault(s => !AddAsset.IsValidSensor(s)) is { } invalid)
        {
            return Results.Problem($"\"{invalid}\" is not a valid sensor name (1–{AddAsset.MaxSensorLength} characters, no control characters).", statusCode: StatusCodes.Status400BadRequest);
        }
        if (named.GroupBy(s => s, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return Results.Problem($"The sensor name \"{twice.Key}\" is used for two files.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (named.FirstOrDefault(s => taken.Contains(s, StringComparer.Ordinal)) is { } clash)
        {
            return Results.Problem($"The item already has an asset named \"{clash}\" (only a failed asset without annotations is replaced by a new upload).", statusCode: StatusCodes.Status409Conflict);
        }

        var results = new List<UploadedAsset>();
        foreach (var (path, name, declared, requestedSensor) in received)
        {
            var result = await addAsset.ExecuteAsync(new AddAsset.Request(itemId, path, name, declared, requestedSensor, MoveFile: true), ct);
            if (result.Outcome != AddAsset.Outcome.Created)
            {
                return Results.Problem(result.Reason, statusCode: result.Outcome == AddAsset.Outcome.SensorTaken ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
            }
            results.Add(new UploadedAsset(result.AssetId!.Value, name, result.Sensor!, result.Modality, result.Status!.Value, result.Reason, result.JobId));
        }
        return Results.Json(new { assets = results }, ModelJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static IResult TooLarge(long maxBytes, string? name) =>
        Results.Problem(
            string.Create(CultureInfo.InvariantCulture, $"{(name is null ? "The upload" : name)} is larger than the {maxBytes}-byte limit (Media:MaxUploadBytes); nothing was stored."),
            statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>Streams a part to disk; false (and the partial file deleted) as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<bool> CopyWithinLimitAsync(Stream body, string path, long maxBytes, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true);
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return false;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return true;
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var buffer = new char[MaxFieldLength + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        return length > MaxFieldLength ? null : new string(buffer, 0, length);
    }
}
