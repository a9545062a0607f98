using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// What a workflow use case returns: the item's status and version after the step, and what was recorded.
/// <c>ValidatedAs</c> is Flagged or Clean when the step ran validation (a primary submission), null otherwise.
/// </summary>
public sealed record ReviewOutcome(Guid ItemId, ItemStatus Status, int Version, IReadOnlyList<Guid> DecisionIds, int OpenErrors = 0, ItemStatus? ValidatedAs = null);

/// <summary>
/// The pieces every review use case shares: loading the item with the caller's roles (not a member → not found,
/// ADR-005), the standard failures, and recording a decision as a <see cref="ReviewDecision"/> plus a
/// <see cref="HistoryEvent"/> in the same transaction.
/// </summary>
internal static class ReviewSteps
{
    public static readonly JsonSerializerOptions Json = ModelJson.Options;

    /// <summary>The tracked item and the caller's roles in its project, or null when it does not exist for this caller.</summary>
    public static async Task<(Item Item, IReadOnlySet<ProjectRole> Roles)?> LoadItemAsync(AppDbContext db, Guid itemId, string userId, CancellationToken ct)
    {
        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null)
        {
            return null;
        }
        var roles = await ProjectAccess.RolesAsync(db, userId, item.ProjectId, ct);
        return roles.Count == 0 ? null : (item, roles);
    }

    public static WriteResult<T> NotFound<T>(string what, Guid id) => WriteResult<T>.NotFound($"{what} {id} does not exist");

    public static WriteResult<T> Forbidden<T>(string why) =>
        new(WriteOutcome.Forbidden, default, new Dictionary<string, string> { ["user"] = why });

    public static WriteResult<T> Stale<T>(Item item, int expected) => WriteResult<T>.Conflict(
        $"the item was changed by someone else (you saw version {expected}, it is now version {item.Version}, {ReviewWorkflow.Describe(item.Status)}); reload it and decide again",
        new ReviewOutcome(item.Id, item.Status, item.Version, []));

    public static string RoleNames(IReadOnlySet<ProjectRole> roles) =>
        string.Join(" or ", roles.Select(r => r switch { ProjectRole.QaLead => "QA lead", _ => r.ToString().ToLowerInvariant() }));

    /// <summary>Adds a decision about the item (and its history row) to the context.</summary>
    public static ReviewDecision Record(AppDbContext db, Item item, ReviewAction action, ItemStatus? from, ItemStatus? to, string? comment,
        string userId, DateTimeOffset at, Guid? findingId = null, string? before = null, string? after = null)
    {
        var decision = new ReviewDecision
        {
            ItemId = item.Id,
            FindingId = findingId,
            Action = action,
            FromStatus = from,
            ToStatus = to,
            Comment = comment,
            UserId = userId,
            At = at,
        };
        db.ReviewDecisions.Add(decision);
        var (subjectType, subjectId) = findingId is { } f ? ("finding", f) : ("item", item.Id);
        HistoryRecorder.Record(db, item.ProjectId, item.Id, subjectType, subjectId, HistoryAction(action), userId, at,
            before ?? JsonSerializer.Serialize(new { status = from }, Json),
            after ?? JsonSerializer.Serialize(new { status = to, comment }, Json));
        return decision;
    }

    /// <summary>Moves the item to <paramref name="to"/>, bumping its version (the concurrency token), and records it.</summary>
    public static ReviewDecision Move(AppDbContext db, Item item, ReviewAction action, ItemStatus to, string? comment, string userId, DateTimeOffset at)
    {
        var from = item.Status;
        item.Status = to;
        item.Version++;
        item.UpdatedAt = at;
        return Record(db, item, action, from, to, comment, userId, at);
    }

    /// <summary>Open findings a reviewer confirmed: they must be fixed before the item can be approved or accepted.</summary>
    public static Task<List<FindingRecord>> OpenConfirmedAsync(AppDbContext db, Guid itemId, CancellationToken ct) =>
        db.Findings.AsNoTracking()
            .Where(f => f.ItemId == itemId && f.Status == FindingStatus.Open && f.Confirmed)
            .OrderBy(f => f.RuleCode)
            .ToListAsync(ct);

    public static string ConfirmedStillOpen(IReadOnlyList<FindingRecord> open, string verb) =>
        $"cannot {verb}: {open.Count} confirmed finding{(open.Count == 1 ? " is" : "s are")} still open "
        + $"({string.Join("; ", open.Take(3).Select(f => $"{f.RuleCode} {Shorten(f.Message)}"))}{(open.Count > 3 ? "; …" : "")}). "
        + "Return the item so they are fixed, fix them yourself, or waive them with a reason.";

    private static string Shorten(string message) => message.Length <= 80 ? message : message[..77] + "…";

    private static string HistoryAction(ReviewAction action) => action switch
    {
        ReviewAction.Submit => "submitted",
        ReviewAction.AutoValidate => "auto-validated",
        ReviewAction.StartReview => "review-started",
        ReviewAction.Approve => "approved",
        ReviewAction.Return => "returned",
        ReviewAction.ConfirmFinding => "confirmed",
        ReviewAction.WaiveFinding => "waived",
        ReviewAction.QaSample => "qa-sampled",
        _ => "accepted",
    };
}
