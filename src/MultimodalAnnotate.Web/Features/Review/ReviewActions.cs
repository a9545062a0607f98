using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// What the review page's buttons do: call the use case with the version the reviewer is looking at and turn the
/// result into one sentence for the page (so the page only renders).
/// </summary>
public sealed class ReviewActions(StartReview start, ApproveItem approve, ReturnItem @return, AcceptItem accept, ConfirmFinding confirm, WaiveFinding waive)
{
    /// <summary>The sentence to show, and whether it reports success.</summary>
    public sealed record Said(bool Succeeded, string Message);

    public async Task<Said> StartAsync(ReviewItemQueries.ReviewDetail item, string userId) =>
        Say(await start.ExecuteAsync(new StartReview.Request(item.Item.Id, item.Version), userId, CancellationToken.None), "Review started.");

    public async Task<Said> ApproveAsync(ReviewItemQueries.ReviewDetail item, string userId) =>
        Say(await approve.ExecuteAsync(new ApproveItem.Request(item.Item.Id, item.Version), userId, CancellationToken.None), "Approved.");

    public async Task<Said> AcceptAsync(ReviewItemQueries.ReviewDetail item, string userId) =>
        Say(await accept.ExecuteAsync(new AcceptItem.Request(item.Item.Id, item.Version), userId, CancellationToken.None), "Accepted.");

    public async Task<Said> ReturnAsync(ReviewItemQueries.ReviewDetail item, string comment, string userId) =>
        Say(await @return.ExecuteAsync(new ReturnItem.Request(item.Item.Id, item.Version, comment), userId, CancellationToken.None),
            "Returned to the annotator's queue with your comment.");

    public async Task<Said> ConfirmAsync(ReviewItemQueries.ReviewDetail item, FindingRecord finding, string userId) =>
        Say(await confirm.ExecuteAsync(new ConfirmFinding.Request(finding.Id, item.Version), userId, CancellationToken.None),
            $"{finding.RuleCode} confirmed: it must be fixed before the item can be approved.");

    public async Task<Said> WaiveAsync(ReviewItemQueries.ReviewDetail item, FindingRecord finding, string reason, string userId) =>
        Say(await waive.ExecuteAsync(new WaiveFinding.Request(finding.Id, item.Version, reason), userId, CancellationToken.None),
            $"{finding.RuleCode} waived; it no longer counts towards the sync-error rate.");

    private static Said Say<T>(WriteResult<T> result, string success) =>
        result.Succeeded ? new Said(true, success) : new Said(false, string.Join(" ", result.Errors.Values));
}
