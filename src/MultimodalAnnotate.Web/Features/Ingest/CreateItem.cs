using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>Creates an empty item in a batch, for a writer of the batch's project; media is added to it afterwards.</summary>
public sealed class CreateItem(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public const int MaxNameLength = 300;

    public sealed record Result(IngestPermission Permission, Guid? ItemId, string? Error);

    public async Task<Result> ExecuteAsync(Guid batchId, string name, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var (permission, projectId) = await IngestAccess.ForBatchAsync(db, userId, batchId, ct);
        if (permission != IngestPermission.Allowed)
        {
            return new Result(permission, null, null);
        }
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return new Result(permission, null, $"the item name must be 1–{MaxNameLength} characters");
        }
        var item = await AddAsync(db, projectId, batchId, trimmed, clock.GetUtcNow(), ct);
        return new Result(permission, item.Id, null);
    }

    /// <summary>Adds and saves the item (no access check: for callers that checked already, such as the folder import).</summary>
    internal static async Task<Item> AddAsync(AppDbContext db, Guid projectId, Guid batchId, string name, DateTimeOffset now, CancellationToken ct)
    {
        var item = new Item { ProjectId = projectId, BatchId = batchId, Name = name, CreatedAt = now, UpdatedAt = now };
        db.Items.Add(item);
        await db.SaveChangesAsync(ct);
        return item;
    }
}
