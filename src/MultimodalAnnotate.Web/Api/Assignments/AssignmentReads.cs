using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;

namespace MultimodalAnnotate.Web.Api.Assignments;

/// <summary>
/// An item's annotators as a 409 carries them when two changes raced (the use case reports no state then). Only asked
/// after the use case got past its membership check, so it does not check membership again.
/// </summary>
public sealed class AssignmentReads(IDbContextFactory<AppDbContext> factory)
{
    public async Task<ItemAssignmentsView?> ItemAsync(Guid itemId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Items.AsNoTracking().Where(i => i.Id == itemId).Select(i => new { i.Id, i.Status, i.Version }).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return null;
        }
        var assignees = await db.ItemAssignments.AsNoTracking().Where(a => a.ItemId == itemId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.UserId, Name = u.DisplayName != "" ? u.DisplayName : u.Email!, a.IsOverlap, a.AssignedAt, a.SubmittedAt })
            .ToListAsync(ct);
        return new ItemAssignmentsView(item.Id, item.Status, item.Version,
            [.. assignees.OrderBy(a => a.IsOverlap).ThenBy(a => a.Name, StringComparer.Ordinal)
                .Select(a => new AssigneeView(a.UserId, a.Name, a.IsOverlap, a.AssignedAt, a.SubmittedAt))]);
    }
}
