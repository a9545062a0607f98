using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Projects;

namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>One annotator of an item: the primary one, or a blind overlap annotator.</summary>
/// <param name="UserId">User id.</param>
/// <param name="Name">Display name, or email when there is none.</param>
/// <param name="IsOverlap">A blind overlap annotator rather than the primary one.</param>
/// <param name="AssignedAt">When the item was given to them.</param>
/// <param name="SubmittedAt">When they handed in their work; null while it is in their queue.</param>
public sealed record Assignee(string UserId, string Name, bool IsOverlap, DateTimeOffset AssignedAt, DateTimeOffset? SubmittedAt);

/// <summary>An item's annotators after an assignment change, with the item's new version (every change bumps it).</summary>
public sealed record ItemAssignees(Guid ItemId, string ItemName, ItemStatus Status, int Version, IReadOnlyList<Assignee> Assignees);

/// <summary>
/// What every assignment use case checks and records: only project admins (site administrators included) hand out
/// work; an assignee must hold the annotator role in the project; finished items (approved, QA-sampled, accepted)
/// keep the annotators who did the work. Every change bumps the item's version (the workflow's concurrency token, so
/// an assignment racing a submission cannot both win) and is written to the history.
/// </summary>
internal static class AssignmentRules
{
    /// <summary>Statuses whose annotation work is done and judged: their assignments are not changed any more.</summary>
    public static readonly IReadOnlySet<ItemStatus> Finished = new HashSet<ItemStatus> { ItemStatus.Approved, ItemStatus.QaSampled, ItemStatus.Accepted };

    public const string AdminsOnly = "Only an admin of this project can assign items to annotators.";

    public static WriteResult<T> Forbidden<T>() => new(WriteOutcome.Forbidden, default, new Dictionary<string, string> { ["user"] = AdminsOnly });

    /// <summary>Whether the caller may assign in the project: null when allowed, else not found (not a member, ADR-005) or forbidden.</summary>
    public static async Task<WriteResult<T>?> CheckCallerAsync<T>(AppDbContext db, Guid projectId, string userId, string notFound, CancellationToken ct)
    {
        var roles = await ProjectAccess.RolesAsync(db, userId, projectId, ct);
        if (roles.Count == 0)
        {
            return WriteResult<T>.NotFound(notFound);
        }
        return roles.Contains(ProjectRole.Admin) ? null : Forbidden<T>();
    }

    /// <summary>
    /// The display names of <paramref name="userIds"/> when every one of them is an annotator of the project, else a
    /// sentence naming the first who is not (unknown, not a member, or a member without the annotator role).
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, string> Names, string? Refusal)> CheckAnnotatorsAsync(
        AppDbContext db, Guid projectId, IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, ct);
        var roles = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId && userIds.Contains(m.UserId))
            .Select(m => new { m.UserId, m.Role })
            .ToListAsync(ct);
        foreach (var id in userIds)
        {
            if (!users.TryGetValue(id, out var user))
            {
                return (new Dictionary<string, string>(), $"there is no user with the id \"{id}\"");
            }
            var held = roles.Where(r => string.Equals(r.UserId, id, StringComparison.Ordinal)).Select(r => r.Role).ToList();
            var who = Describe(user.DisplayName, user.Email);
            if (held.Count == 0)
            {
                return (new Dictionary<string, string>(), $"{who} is not a member of this project: add them with the annotator role under Administration first");
            }
            if (!held.Contains(ProjectRole.Annotator))
            {
                return (new Dictionary<string, string>(),
                    $"{who} is not an annotator of this project (their roles: {string.Join(", ", held.Order().Select(RoleName))}): give them the annotator role under Administration first");
            }
        }
        return (users.ToDictionary(u => u.Key, u => Name(u.Value.DisplayName, u.Value.Email), StringComparer.Ordinal), null);
    }

    /// <summary>Why a finished item cannot be (re)assigned.</summary>
    public static string FinishedRefusal(Item item) =>
        $"\"{item.Name}\" is already {Describe(item.Status)}: a finished item keeps the annotators who did its work";

    /// <summary>Up to three refusals in one sentence (the rest counted).</summary>
    public static string Join(IReadOnlyList<string> refusals) =>
        string.Join("; ", refusals.Take(3)) + (refusals.Count > 3 ? $"; and {refusals.Count - 3} more" : "");

    /// <summary>Marks the item changed (version and time) and records the change in the history.</summary>
    public static void Record(AppDbContext db, Item item, ItemAssignment assignment, string action, string? beforeUser, string? afterUser,
        string userId, DateTimeOffset now)
    {
        item.Version++;
        item.UpdatedAt = now;
        HistoryRecorder.Record(db, item.ProjectId, item.Id, "assignment", assignment.Id, action, userId, now,
            beforeUser is null ? null : Json(beforeUser, assignment.IsOverlap),
            afterUser is null ? null : Json(afterUser, assignment.IsOverlap));
    }

    /// <summary>The items' annotators as they are now (primary first, then overlap annotators by name).</summary>
    public static async Task<IReadOnlyList<ItemAssignees>> AssigneesAsync(AppDbContext db, IReadOnlyList<Item> items, CancellationToken ct)
    {
        var ids = items.Select(i => i.Id).ToList();
        var rows = await db.ItemAssignments.AsNoTracking().Where(a => ids.Contains(a.ItemId))
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.ItemId, a.UserId, u.DisplayName, u.Email, a.IsOverlap, a.AssignedAt, a.SubmittedAt })
            .ToListAsync(ct);
        return [.. items.Select(i => new ItemAssignees(i.Id, i.Name, i.Status, i.Version,
            [.. rows.Where(r => r.ItemId == i.Id)
                .Select(r => new Assignee(r.UserId, Name(r.DisplayName, r.Email), r.IsOverlap, r.AssignedAt, r.SubmittedAt))
                .OrderBy(a => a.IsOverlap).ThenBy(a => a.Name, StringComparer.Ordinal)]))];
    }

    public static string Name(string displayName, string? email) => displayName.Length > 0 ? displayName : email ?? "";

    private static string Describe(string displayName, string? email) =>
        displayName.Length > 0 && email is not null ? $"{displayName} ({email})" : Name(displayName, email);

    private static string RoleName(ProjectRole role) => role == ProjectRole.QaLead ? "QA lead" : role.ToString().ToLowerInvariant();

    private static string Describe(ItemStatus status) => status switch
    {
        ItemStatus.QaSampled => "approved and QA-sampled",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Json(string user, bool overlap) => JsonSerializer.Serialize(new { user, overlap }, ModelJson.Options);
}
