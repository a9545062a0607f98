using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Assignments;

namespace MultimodalAnnotate.Web.Api.Assignments;

/// <summary>Body of <c>POST /api/v1/items/{id}/assignment</c>.</summary>
/// <param name="UserId">The annotator to give the item to (a user id); must hold the annotator role in the project.</param>
/// <param name="Overlap">true: add them as a blind overlap annotator next to the primary one; false or absent: make them the primary annotator.</param>
public sealed record AssignItemBody(string? UserId, bool? Overlap = null);

/// <summary>Body of <c>POST /api/v1/batches/{id}/distribute</c>.</summary>
/// <param name="UserIds">The annotators to spread the batch's unassigned items over, round-robin in this order.</param>
public sealed record DistributeBody(IReadOnlyList<string>? UserIds);

/// <summary>One annotator of an item.</summary>
/// <param name="UserId">User id.</param>
/// <param name="Name">Display name (or email).</param>
/// <param name="Overlap">A blind overlap annotator; false for the primary annotator, whose work drives the workflow.</param>
/// <param name="AssignedAt">When the item was given to them.</param>
/// <param name="SubmittedAt">When they handed in their work; absent while the item waits in their queue.</param>
public sealed record AssigneeView(string UserId, string Name, bool Overlap, DateTimeOffset AssignedAt, DateTimeOffset? SubmittedAt);

/// <summary>An item's annotators after an assignment change (or as they are, in a 409).</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="Version">The item's version: every assignment change bumps it, like a review step.</param>
/// <param name="Assignees">The primary annotator first, then overlap annotators by name.</param>
public sealed record ItemAssignmentsView(Guid ItemId, ItemStatus Status, int Version, IReadOnlyList<AssigneeView> Assignees)
{
    internal static ItemAssignmentsView From(ItemAssignees a) => new(a.ItemId, a.Status, a.Version,
        [.. a.Assignees.Select(x => new AssigneeView(x.UserId, x.Name, x.IsOverlap, x.AssignedAt, x.SubmittedAt))]);
}

/// <summary>The items one annotator got from a distribution.</summary>
/// <param name="UserId">User id.</param>
/// <param name="Name">Display name (or email).</param>
/// <param name="ItemIds">The items now assigned to them as primary annotator.</param>
public sealed record DistributionShareView(string UserId, string Name, IReadOnlyList<Guid> ItemIds);

/// <summary>A batch's unassigned items, spread over annotators.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Shares">Per annotator, in the order asked: the items they got (counts differ by at most one).</param>
/// <param name="Left">Unassigned items nobody on the list could take (everyone already labels them as overlap annotator).</param>
public sealed record DistributionView(Guid BatchId, IReadOnlyList<DistributionShareView> Shares, int Left)
{
    internal static DistributionView From(DistributeBatch.Result r) =>
        new(r.BatchId, [.. r.Shares.Select(s => new DistributionShareView(s.UserId, s.Name, s.ItemIds))], r.Left);
}
