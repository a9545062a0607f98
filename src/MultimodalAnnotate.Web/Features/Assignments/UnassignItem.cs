using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>
/// A project admin takes an item away from one of its annotators: the primary one (the item leaves their queue and
/// waits, unassigned, for someone else) or an overlap annotator. Refused for finished items, and for an overlap
/// annotator who has already labelled something blind on the item: their work would be lost.
/// </summary>
public sealed class UnassignItem(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    public sealed record Request(Guid ItemId, string AnnotatorId);

    public async Task<WriteResult<ItemAssignees>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == request.ItemId, ct);
        var notFound = $"item {request.ItemId} does not exist";
        if (item is null)
        {
            return WriteResult<ItemAssignees>.NotFound(notFound);
        }
        if (await AssignmentRules.CheckCallerAsync<ItemAssignees>(db, item.ProjectId, userId, notFound, ct) is { } denied)
        {
            return denied;
        }
        var assignment = await db.ItemAssignments.FirstOrDefaultAsync(a => a.ItemId == item.Id && a.UserId == request.AnnotatorId, ct);
        if (assignment is null)
        {
            var who = await db.Users.AsNoTracking().Where(u => u.Id == request.AnnotatorId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(ct);
            return WriteResult<ItemAssignees>.Invalid("userId",
                $"{(who is null ? $"user \"{request.AnnotatorId}\"" : AssignmentRules.Name(who.DisplayName, who.Email))} is not assigned to \"{item.Name}\"");
        }
        if (AssignmentRules.Finished.Contains(item.Status))
        {
            return WriteResult<ItemAssignees>.Invalid("status", AssignmentRules.FinishedRefusal(item));
        }
        if (assignment.IsOverlap)
        {
            var work = await db.Annotations.CountAsync(a => a.AssignmentId == assignment.Id, ct)
                + await db.Entities.CountAsync(e => e.AssignmentId == assignment.Id, ct);
            if (work > 0)
            {
                return WriteResult<ItemAssignees>.Invalid("userId",
                    $"the overlap annotator has already labelled {work} thing{(work == 1 ? "" : "s")} on \"{item.Name}\" blind: unassigning them would throw their work away");
            }
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ItemAssignments.Remove(assignment);
        AssignmentRules.Record(db, item, assignment, "unassigned", assignment.UserId, null, userId, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<ItemAssignees>.Conflict("the item was changed by someone else at the same moment; reload it and try again", null);
        }
        await tx.CommitAsync(ct);
        return WriteResult<ItemAssignees>.Ok((await AssignmentRules.AssigneesAsync(db, [item], ct))[0]);
    }
}
