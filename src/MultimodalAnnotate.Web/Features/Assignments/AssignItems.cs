using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>
/// A project admin gives items to one annotator: as their <b>primary</b> annotator (replacing the previous one, so an
/// item being annotated or returned moves to the new annotator's queue), or as an additional <b>overlap</b> annotator
/// who labels it blind next to the primary one (their work is kept apart and only compared on the agreement
/// dashboard). Either a list of items, all refused when one of them cannot be assigned, or a whole batch, whose
/// items that cannot take this assignment (finished; for overlap: the annotator's own items and items without a
/// primary annotator) are skipped and counted. Nothing is written when anything is refused.
/// </summary>
public sealed class AssignItems(IDbContextFactory<AppDbContext> factory, TimeProvider clock)
{
    /// <param name="AnnotatorId">The user to give the items to; must hold the annotator role in the project.</param>
    /// <param name="ItemIds">The items (ignored when <paramref name="BatchId"/> is given).</param>
    /// <param name="Overlap">Add the annotator as a blind overlap annotator instead of making them the primary one.</param>
    /// <param name="BatchId">Assign every item of this batch that can take the assignment.</param>
    public sealed record Request(string AnnotatorId, IReadOnlyList<Guid> ItemIds, bool Overlap = false, Guid? BatchId = null);

    /// <summary>The items as they are now, and how many were changed, already so, or skipped (batch only).</summary>
    public sealed record Result(IReadOnlyList<ItemAssignees> Items, int Changed, int Unchanged, int Skipped);

    public async Task<WriteResult<Result>> ExecuteAsync(Request request, string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var wholeBatch = request.BatchId is not null;
        List<Item> items;
        Guid projectId;
        if (request.BatchId is { } batchId)
        {
            var batch = await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct);
            var notFound = $"batch {batchId} does not exist";
            if (batch is null)
            {
                return WriteResult<Result>.NotFound(notFound);
            }
            if (await AssignmentRules.CheckCallerAsync<Result>(db, batch.ProjectId, userId, notFound, ct) is { } denied)
            {
                return denied;
            }
            projectId = batch.ProjectId;
            items = await db.Items.Where(i => i.BatchId == batchId).OrderBy(i => i.Name).ThenBy(i => i.Id).ToListAsync(ct);
        }
        else
        {
            var ids = (request.ItemIds ?? []).Distinct().ToList();
            if (ids.Count == 0)
            {
                return WriteResult<Result>.Invalid("itemIds", "choose at least one item to assign");
            }
            items = await db.Items.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
            if (ids.Where(id => items.All(i => i.Id != id)).Take(1).ToList() is [var missing])
            {
                return WriteResult<Result>.NotFound($"item {missing} does not exist");
            }
            // Every project the items come from must be the caller's (else not found, as for a missing item), and only one.
            foreach (var project in items.Select(i => i.ProjectId).Distinct())
            {
                if (await AssignmentRules.CheckCallerAsync<Result>(db, project, userId, $"item {items.First(i => i.ProjectId == project).Id} does not exist", ct) is { } denied)
                {
                    return denied;
                }
            }
            if (items.Select(i => i.ProjectId).Distinct().Count() > 1)
            {
                return WriteResult<Result>.Invalid("itemIds", "the items belong to more than one project: assign them one project at a time");
            }
            projectId = items[0].ProjectId;
            items = [.. ids.Select(id => items.First(i => i.Id == id))];
        }

        var annotatorId = request.AnnotatorId?.Trim() ?? "";
        if (annotatorId.Length == 0)
        {
            return WriteResult<Result>.Invalid("userId", "choose the annotator to assign the items to");
        }
        var (names, refusal) = await AssignmentRules.CheckAnnotatorsAsync(db, projectId, [annotatorId], ct);
        if (refusal is not null)
        {
            return WriteResult<Result>.Invalid("userId", refusal);
        }
        var annotator = names[annotatorId];

        var itemIds = items.Select(i => i.Id).ToList();
        var assignments = await db.ItemAssignments.Where(a => itemIds.Contains(a.ItemId)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var refusals = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var changes = new List<Action>();
        int unchanged = 0, skipped = 0;
        foreach (var item in items)
        {
            var mine = assignments.FirstOrDefault(a => a.ItemId == item.Id && string.Equals(a.UserId, annotatorId, StringComparison.Ordinal));
            var primary = assignments.FirstOrDefault(a => a.ItemId == item.Id && !a.IsOverlap);
            var (field, why) = Refusal(item, mine, primary, annotator, request.Overlap);
            if (why is not null && wholeBatch)
            {
                skipped++;
            }
            else if (why is not null)
            {
                (refusals.TryGetValue(field, out var list) ? list : refusals[field] = []).Add(why);
            }
            else if (mine is not null && mine.IsOverlap == request.Overlap)
            {
                unchanged++;
            }
            else
            {
                changes.Add(() => Apply(db, item, primary, annotatorId, request.Overlap, userId, now));
            }
        }
        if (refusals.Count > 0)
        {
            return WriteResult<Result>.Invalid(refusals.ToDictionary(r => r.Key, r => AssignmentRules.Join(r.Value), StringComparer.Ordinal));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        changes.ForEach(c => c());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            return WriteResult<Result>.Conflict("an item was changed by someone else at the same moment; nothing was assigned, reload and assign again", null);
        }
        await tx.CommitAsync(ct);
        return WriteResult<Result>.Ok(new Result(await AssignmentRules.AssigneesAsync(db, items, ct), changes.Count, unchanged, skipped));
    }

    /// <summary>Why this item cannot take the assignment (the error's field and sentence), or (_, null) when it can.</summary>
    private static (string Field, string? Why) Refusal(Item item, ItemAssignment? mine, ItemAssignment? primary, string annotator, bool overlap)
    {
        if (AssignmentRules.Finished.Contains(item.Status))
        {
            return ("status", AssignmentRules.FinishedRefusal(item));
        }
        if (mine is not null && mine.IsOverlap == overlap)
        {
            return ("", null);
        }
        if (!overlap)
        {
            return mine is { IsOverlap: true }
                ? ("userId", $"{annotator} already labels \"{item.Name}\" blind as an overlap annotator: unassign that first to make them its primary annotator")
                : ("", null);
        }
        if (mine is { IsOverlap: false })
        {
            return ("userId", $"{annotator} is the primary annotator of \"{item.Name}\": an overlap annotator must be someone else");
        }
        return primary is null
            ? ("overlap", $"\"{item.Name}\" has no primary annotator yet: assign one before adding overlap annotators")
            : ("", null);
    }

    private static void Apply(AppDbContext db, Item item, ItemAssignment? primary, string annotatorId, bool overlap, string userId, DateTimeOffset now)
    {
        if (!overlap && primary is not null)
        {
            var before = primary.UserId;
            primary.UserId = annotatorId;
            primary.AssignedAt = now;
            if (item.Status is ItemStatus.Annotating or ItemStatus.Returned)
            {
                // The work is still to be done: it is open in the new annotator's queue.
                primary.SubmittedAt = null;
            }
            AssignmentRules.Record(db, item, primary, "reassigned", before, annotatorId, userId, now);
            return;
        }
        var assignment = new ItemAssignment { ItemId = item.Id, UserId = annotatorId, IsOverlap = overlap, AssignedAt = now };
        db.ItemAssignments.Add(assignment);
        AssignmentRules.Record(db, item, assignment, "assigned", null, annotatorId, userId, now);
    }
}
