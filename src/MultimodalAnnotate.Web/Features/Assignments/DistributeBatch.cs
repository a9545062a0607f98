using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>
/// A project admin hands out a batch's unassigned items (no primary annotator, not finished) round-robin over a list
/// of annotators, in item-name order: with n annotators each gets every n-th item, so their counts differ by at most
/// one. An annotator who already labels an item as an overlap annotator is passed over for that item. Items already
/// assigned keep their annotator.
/// </summary>
public sealed class DistributeBatch(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid BatchId, IReadOnlyList<string> AnnotatorIds);

    /// <summary>The items one annotator got.</summary>
    public sealed record Share(string UserId, string Name, IReadOnlyList<Guid> ItemIds);

    /// <param name="BatchId">The batch.</param>
    /// <param name="Shares">Per annotator, in the order asked, the items they got.</param>
    /// <param name="Left">Unassigned items nobody on the list could take (everyone on it already labels them as overlap).</param>
    public sealed record Result(Guid BatchId, IReadOnlyList<Share> Shares, int Left);

    public async Task<WriteResult<Result>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == request.BatchId, ct);
        var notFound = $"batch {request.BatchId} does not exist";
        if (batch is null)
        {
            return WriteResult<Result>.NotFound(notFound);
        }
        if (await AssignmentRules.CheckCallerAsync<Result>(db, batch.ProjectId, userId, notFound, ct) is { } denied)
        {
            return denied;
        }
        var annotators = (request.AnnotatorIds ?? []).Select(a => a?.Trim() ?? "").Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (annotators.Count == 0)
        {
            return WriteResult<Result>.Invalid("userIds", "choose at least one annotator to distribute the items to");
        }
        var (names, refusal) = await AssignmentRules.CheckAnnotatorsAsync(db, batch.ProjectId, annotators, ct);
        if (refusal is not null)
        {
            return WriteResult<Result>.Invalid("userIds", refusal);
        }

        var finished = AssignmentRules.Finished.ToList();
        var items = await db.Items
            .Where(i => i.BatchId == batch.Id && !finished.Contains(i.Status))
            .Where(i => !db.ItemAssignments.Any(a => a.ItemId == i.Id && !a.IsOverlap))
            .OrderBy(i => i.Name).ThenBy(i => i.Id)
            .ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToList();
        var overlaps = await db.ItemAssignments.AsNoTracking().Where(a => ids.Contains(a.ItemId))
            .Select(a => new { a.ItemId, a.UserId })
            .ToListAsync(ct);
        var shares = annotators.ToDictionary(a => a, _ => new List<Guid>(), StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var next = 0;
        var left = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var item in items)
        {
            // The next annotator in turn who does not already label this item blind.
            var turn = Enumerable.Range(0, annotators.Count).Select(k => (next + k) % annotators.Count)
                .Where(k => !overlaps.Any(o => o.ItemId == item.Id && string.Equals(o.UserId, annotators[k], StringComparison.Ordinal)))
                .Select(k => (int?)k)
                .FirstOrDefault();
            if (turn is not { } k)
            {
                left++;
                continue;
            }
            next = (k + 1) % annotators.Count;
            var assignment = new ItemAssignment { ItemId = item.Id, UserId = annotators[k], AssignedAt = now };
            db.ItemAssignments.Add(assignment);
            AssignmentRules.Record(db, item, assignment, "assigned", null, assignment.UserId, userId, now);
            shares[annotators[k]].Add(item.Id);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<Result>.Conflict("an item of the batch was changed or assigned by someone else at the same moment; nothing was distributed, try again", null);
        }
        await tx.CommitAsync(ct);
        return WriteResult<Result>.Ok(new Result(batch.Id, [.. annotators.Select(a => new Share(a, names[a], shares[a]))], left));
    }
}
