using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// The work queues: an annotator's next items, the reviewers' queue and the QA leads' sample. Each lists only items of
/// projects where the caller holds the role the queue is for (site administrators: every project).
/// </summary>
public sealed class ReviewQueues(IDbContextFactory<AppDbContext> factory)
{
    /// <summary>
    /// One item in a queue. <c>Since</c> is when it entered its current status (submitted, returned, sampled; created
    /// for fresh items), <c>Comment</c> the latest return comment of a returned item, <c>HighestOpenSeverity</c> the
    /// most serious open finding (null when none is open).
    /// </summary>
    public sealed record QueueRow(
        Guid ItemId, string ItemName, Guid ProjectId, string ProjectName, string BatchName, int Iteration, ItemStatus Status, int Version,
        int OpenErrors, int OpenWarnings, Severity? HighestOpenSeverity, double? SyncErrorRate, DateTimeOffset Since, string? Comment,
        string? AnnotatorName, bool IsOverlap);

    /// <summary>Items assigned to the caller that still need their work: returned ones first (oldest return first), then the rest by age.</summary>
    public async Task<IReadOnlyList<QueueRow>> AnnotatorQueueAsync(string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var isSiteAdmin = await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct);
        var rows = await Rows(db, db.ItemAssignments
                .Where(a => a.UserId == userId && a.SubmittedAt == null)
                .Join(db.Items, a => a.ItemId, i => i.Id, (a, i) => new { a, i })
                .Where(x => x.i.Status == ItemStatus.Annotating || x.i.Status == ItemStatus.Returned)
                .Where(x => isSiteAdmin || db.ProjectMembers.Any(m => m.ProjectId == x.i.ProjectId && m.UserId == userId))
                .Select(x => new Selected { Item = x.i, IsOverlap = x.a.IsOverlap }), ct);
        return [.. rows.OrderBy(r => r.Status == ItemStatus.Returned ? 0 : 1).ThenBy(r => r.Since).ThenBy(r => r.ItemName, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Items waiting for a reviewer (submitted, flagged, clean): flagged first, then by the most serious open finding,
    /// then oldest submission first.
    /// </summary>
    public async Task<IReadOnlyList<QueueRow>> ReviewQueueAsync(string userId, CancellationToken ct) =>
        Order(await ByRoleAsync(userId, ReviewWorkflow.Reviewers, [.. ReviewWorkflow.AwaitingReview], ct));

    /// <summary>Items a review has started on and not finished (any reviewer), oldest first.</summary>
    public async Task<IReadOnlyList<QueueRow>> InReviewAsync(string userId, CancellationToken ct) =>
        [.. (await ByRoleAsync(userId, ReviewWorkflow.Reviewers, [ItemStatus.InReview], ct)).OrderBy(r => r.Since)];

    /// <summary>QA-sampled items waiting for a QA lead's acceptance, oldest sample first.</summary>
    public async Task<IReadOnlyList<QueueRow>> QaQueueAsync(string userId, CancellationToken ct) =>
        [.. (await ByRoleAsync(userId, ReviewWorkflow.QaLeads, [ItemStatus.QaSampled], ct)).OrderBy(r => r.Since)];

    /// <summary>Whether the user reviews and/or runs QA in any project (site administrators: both).</summary>
    public async Task<(bool Reviews, bool RunsQa)> RolesAnywhereAsync(string userId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct))
        {
            return (true, true);
        }
        var roles = await db.ProjectMembers.Where(m => m.UserId == userId).Select(m => m.Role).Distinct().ToListAsync(ct);
        return (roles.Any(ReviewWorkflow.Reviewers.Contains), roles.Any(ReviewWorkflow.QaLeads.Contains));
    }

    /// <summary>The review queue's order, as a pure function of the rows.</summary>
    public static IReadOnlyList<QueueRow> Order(IEnumerable<QueueRow> rows) =>
    [
        .. rows.OrderBy(r => r.Status == ItemStatus.Flagged ? 0 : 1)
            .ThenByDescending(r => r.HighestOpenSeverity is { } s ? (int)s + 1 : 0)
            .ThenBy(r => r.Since)
            .ThenBy(r => r.ItemName, StringComparer.Ordinal),
    ];

    private sealed class Selected
    {
        public required Item Item { get; init; }
        public bool IsOverlap { get; init; }
    }

    private async Task<IReadOnlyList<QueueRow>> ByRoleAsync(string userId, IReadOnlySet<ProjectRole> roles, List<ItemStatus> statuses, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var isSiteAdmin = await db.Users.AnyAsync(u => u.Id == userId && u.IsSiteAdmin, ct);
        var wanted = roles.ToList();
        return await Rows(db, db.Items
            .Where(i => statuses.Contains(i.Status))
            .Where(i => isSiteAdmin || db.ProjectMembers.Any(m => m.ProjectId == i.ProjectId && m.UserId == userId && wanted.Contains(m.Role)))
            .Select(i => new Selected { Item = i }), ct);
    }

    private static async Task<List<QueueRow>> Rows(AppDbContext db, IQueryable<Selected> selected, CancellationToken ct)
    {
        var items = await selected
            .Join(db.Batches, s => s.Item.BatchId, b => b.Id, (s, b) => new { s, b })
            .Join(db.Projects, x => x.s.Item.ProjectId, p => p.Id, (x, p) => new
            {
                x.s.Item.Id,
                x.s.Item.Name,
                x.s.Item.ProjectId,
                Project = p.Name,
                Batch = x.b.Name,
                x.b.Iteration,
                x.s.Item.Status,
                x.s.Item.Version,
                x.s.Item.SyncErrorRate,
                x.s.Item.CreatedAt,
                x.s.IsOverlap,
            })
            .ToListAsync(ct);
        var ids = items.Select(i => i.Id).ToList();
        var findings = await db.Findings.AsNoTracking()
            .Where(f => ids.Contains(f.ItemId) && f.Status == FindingStatus.Open)
            .GroupBy(f => new { f.ItemId, f.Severity })
            .Select(g => new { g.Key.ItemId, g.Key.Severity, Count = g.Count() })
            .ToListAsync(ct);
        var decisions = await db.ReviewDecisions.AsNoTracking()
            .Where(d => ids.Contains(d.ItemId) && d.FindingId == null && d.ToStatus != null && d.FromStatus != d.ToStatus)
            .Select(d => new { d.ItemId, d.At, d.ToStatus, d.Action, d.Comment })
            .ToListAsync(ct);
        var annotators = await db.ItemAssignments.AsNoTracking()
            .Where(a => ids.Contains(a.ItemId) && !a.IsOverlap)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.ItemId, Name = u.DisplayName != "" ? u.DisplayName : u.Email })
            .ToListAsync(ct);
        return [.. items.Select(i =>
        {
            var open = findings.Where(f => f.ItemId == i.Id).ToList();
            // The moment the item entered its status: the latest decision that moved it there (validation counts as
            // the submission's time), else its creation.
            var entered = decisions.Where(d => d.ItemId == i.Id && d.ToStatus == i.Status).MaxBy(d => d.At);
            var submitted = decisions.Where(d => d.ItemId == i.Id && d.Action == ReviewAction.Submit).MaxBy(d => d.At);
            var since = ReviewWorkflow.AwaitingReview.Contains(i.Status) ? submitted?.At ?? entered?.At : entered?.At;
            var returned = i.Status == ItemStatus.Returned
                ? decisions.Where(d => d.ItemId == i.Id && d.Action == ReviewAction.Return).MaxBy(d => d.At)?.Comment
                : null;
            return new QueueRow(
                i.Id, i.Name, i.ProjectId, i.Project, i.Batch, i.Iteration, i.Status, i.Version,
                open.Where(f => f.Severity == Severity.Error).Sum(f => f.Count),
                open.Where(f => f.Severity == Severity.Warning).Sum(f => f.Count),
                open.Count == 0 ? null : open.Max(f => f.Severity),
                i.SyncErrorRate, since ?? i.CreatedAt, returned,
                annotators.FirstOrDefault(a => a.ItemId == i.Id)?.Name, i.IsOverlap);
        })];
    }
}
