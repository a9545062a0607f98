using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Admin;
using MultimodalAnnotate.Web.Features.Items;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>What the review page shows: the item (as the item page shows it), its version, who annotated it and every decision so far.</summary>
public sealed class ReviewItemQueries(IDbContextFactory<AppDbContext> factory, ItemQueries items)
{
    /// <summary>One recorded decision, with the name of who took it.</summary>
    public sealed record DecisionRow(Guid Id, ReviewAction Action, ItemStatus? From, ItemStatus? To, string? Comment, string UserName, DateTimeOffset At, Guid? FindingId, string? RuleCode);

    public sealed record ReviewDetail(
        ItemQueries.ItemDetail Item, int Version, string BatchName, int Iteration, string? AnnotatorName,
        IReadOnlyList<DecisionRow> Decisions, IReadOnlyDictionary<string, string> DeciderNames, IReadOnlyDictionary<string, GuidelineCitation> Citations);

    /// <summary>The item for its review page, or null when the caller is not a reviewer, QA lead or admin of its project.</summary>
    public async Task<ReviewDetail?> DetailAsync(Guid itemId, string userId, CancellationToken ct)
    {
        var detail = await items.MainSetDetailAsync(itemId, userId, ct);
        if (detail is null || !detail.Roles.Overlaps(ReviewWorkflow.ReviewPageRoles))
        {
            return null;
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        var item = await db.Items.AsNoTracking().Where(i => i.Id == itemId)
            .Join(db.Batches, i => i.BatchId, b => b.Id, (i, b) => new { i.Version, Batch = b.Name, b.Iteration })
            .FirstAsync(ct);
        var annotator = await db.ItemAssignments.AsNoTracking().Where(a => a.ItemId == itemId && !a.IsOverlap)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u.DisplayName != "" ? u.DisplayName : u.Email)
            .FirstOrDefaultAsync(ct);
        var decisions = await db.ReviewDecisions.AsNoTracking().Where(d => d.ItemId == itemId)
            .OrderBy(d => d.At).ThenBy(d => d.Id)
            .ToListAsync(ct);
        var userIds = decisions.Select(d => d.UserId)
            .Concat(detail.Findings.Where(f => f.DecidedById is not null).Select(f => f.DecidedById!))
            .Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email! })
            .ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var rules = detail.Findings.ToDictionary(f => f.Id, f => f.RuleCode);
        var sections = await db.Projects.AsNoTracking().Where(p => p.Id == detail.ProjectId).Select(p => p.Policy).FirstAsync(ct);
        var latest = await db.Guidelines.AsNoTracking().Where(g => g.ProjectId == detail.ProjectId).OrderByDescending(g => g.Version)
            .Select(g => new GuidelineQueries.GuidelineVersion(g.Version, g.Markdown, g.CreatedAt)).FirstOrDefaultAsync(ct);
        return new ReviewDetail(detail, item.Version, item.Batch, item.Iteration, annotator,
            [.. decisions.OrderBy(d => d.At).Select(d => new DecisionRow(d.Id, d.Action, d.FromStatus, d.ToStatus, d.Comment,
                names.GetValueOrDefault(d.UserId) ?? "(removed user)", d.At, d.FindingId,
                d.FindingId is { } f ? rules.GetValueOrDefault(f) : null))],
            names, GuidelineQueries.Cite(sections.GuidelineSections, latest));
    }
}
