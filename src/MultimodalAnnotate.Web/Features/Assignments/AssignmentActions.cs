using System.Globalization;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Assignments;

/// <summary>
/// What the project page's assignment controls do: call the use case and turn its result into one sentence for the
/// page (so the page only renders).
/// </summary>
public sealed class AssignmentActions(AssignItems assign, UnassignItem unassign, DistributeBatch distribute)
{
    /// <summary>The sentence to show, and whether it reports success.</summary>
    public sealed record Said(bool Succeeded, string Message);

    /// <summary>Gives the chosen items to one annotator; with no item chosen, every open item of the batch.</summary>
    public async Task<Said> AssignAsync(Guid batchId, IReadOnlyList<Guid> itemIds, string annotatorId, string annotatorName, bool overlap, string userId)
    {
        var request = itemIds.Count == 0
            ? new AssignItems.Request(annotatorId, [], overlap, batchId)
            : new AssignItems.Request(annotatorId, itemIds, overlap);
        var result = await assign.ExecuteAsync(request, userId, CancellationToken.None);
        if (!result.Succeeded)
        {
            return Failed(result);
        }
        var r = result.Value!;
        var asOverlap = overlap ? " as overlap (blind) annotator" : "";
        var parts = new List<string>();
        if (r.Changed > 0)
        {
            parts.Add($"{Count(r.Changed)} assigned to {annotatorName}{asOverlap}.");
        }
        if (r.Unchanged > 0)
        {
            parts.Add($"{Count(r.Unchanged)} already {(r.Unchanged == 1 ? "was" : "were")} {annotatorName}'s{asOverlap}.");
        }
        if (r.Skipped > 0)
        {
            parts.Add($"{Count(r.Skipped)} skipped ({(overlap ? "finished, theirs already, or without a primary annotator" : "finished, or theirs blind already")}).");
        }
        return new Said(true, parts.Count == 0 ? "The batch has no item to assign." : string.Join(" ", parts));
    }

    public async Task<Said> UnassignAsync(Guid itemId, string annotatorId, string annotatorName, string userId)
    {
        var result = await unassign.ExecuteAsync(new UnassignItem.Request(itemId, annotatorId), userId, CancellationToken.None);
        return result.Succeeded ? new Said(true, $"\"{result.Value!.ItemName}\" is no longer assigned to {annotatorName}.") : Failed(result);
    }

    public async Task<Said> DistributeAsync(Guid batchId, IReadOnlyList<string> annotatorIds, string userId)
    {
        var result = await distribute.ExecuteAsync(new DistributeBatch.Request(batchId, annotatorIds), userId, CancellationToken.None);
        if (!result.Succeeded)
        {
            return Failed(result);
        }
        var total = result.Value!.Shares.Sum(s => s.ItemIds.Count);
        if (total == 0)
        {
            return new Said(true, "No unassigned item left in this batch: nothing to distribute.");
        }
        var shares = string.Join(", ", result.Value.Shares.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.ItemIds.Count}")));
        return new Said(true, $"{Count(total)} distributed: {shares}.{(result.Value.Left > 0 ? $" {Count(result.Value.Left)} left: everyone chosen already labels them blind." : "")}");
    }

    private static string Count(int n) => n == 1 ? "1 item" : string.Create(CultureInfo.InvariantCulture, $"{n} items");

    private static Said Failed<T>(WriteResult<T> result) => new(false, string.Join(" ", result.Errors.Values));
}
