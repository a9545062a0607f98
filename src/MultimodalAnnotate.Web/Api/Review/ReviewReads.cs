using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Api.Review;

/// <summary>
/// The item state a 409 carries when two writes raced (the use case reports none then). Only asked after the use
/// case got past its membership check, so it does not check membership again.
/// </summary>
public sealed class ReviewReads(IDbContextFactory<AppDbContext> factory)
{
    public async Task<ReviewStateView?> ItemStateAsync(Guid itemId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Items.AsNoTracking().Where(i => i.Id == itemId)
            .Select(i => new ReviewStateView(i.Id, i.Status, i.Version))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<ReviewStateView?> FindingItemStateAsync(Guid findingId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Findings.AsNoTracking().Where(f => f.Id == findingId)
            .Join(db.Items, f => f.ItemId, i => i.Id, (f, i) => new ReviewStateView(i.Id, i.Status, i.Version))
            .FirstOrDefaultAsync(ct);
    }
}
