using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.Web.Api.Review;

/// <summary>Body of <c>POST /api/v1/items/{id}/review/start</c>.</summary>
/// <param name="Version">The item version you saw (from a queue, <c>GET /items/{id}</c> or the previous step); a newer one is a conflict (409).</param>
public sealed record StartReviewBody(int? Version);

/// <summary>Body of <c>POST /api/v1/items/{id}/submit</c>, <c>…/review/approve</c> and <c>…/review/accept</c>.</summary>
/// <param name="Version">The item version you saw; a newer one is a conflict (409).</param>
/// <param name="Comment">An optional note, recorded with the decision.</param>
public sealed record ItemStepBody(int? Version, string? Comment = null);

/// <summary>Body of <c>POST /api/v1/items/{id}/review/return</c>.</summary>
/// <param name="Version">The item version you saw; a newer one is a conflict (409).</param>
/// <param name="Comment">Required: what the annotator should fix (shown in their queue).</param>
public sealed record ReturnItemBody(int? Version, string? Comment);

/// <summary>Body of <c>POST /api/v1/findings/{id}/confirm</c>.</summary>
/// <param name="ItemVersion">The version of the finding's item you saw; a newer one is a conflict (409).</param>
/// <param name="Comment">An optional note, recorded with the decision.</param>
public sealed record ConfirmFindingBody(int? ItemVersion, string? Comment = null);

/// <summary>Body of <c>POST /api/v1/findings/{id}/waive</c>.</summary>
/// <param name="ItemVersion">The version of the finding's item you saw; a newer one is a conflict (409).</param>
/// <param name="Reason">Required (up to 2,000 characters): why the finding does not apply.</param>
public sealed record WaiveFindingBody(int? ItemVersion, string? Reason);

/// <summary>What validation made of a submission.</summary>
public enum SubmitValidation
{
    /// <summary>An error-severity finding is open: the item waits for review at the top of the queue.</summary>
    Flagged,

    /// <summary>No open error finding.</summary>
    Clean,
}

/// <summary>An item's place in the workflow: after a step, or the current state carried by a 409.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="Version">The version to send with the next step.</param>
public sealed record ReviewStateView(Guid ItemId, ItemStatus Status, int Version)
{
    internal static ReviewStateView From(ReviewOutcome o) => new(o.ItemId, o.Status, o.Version);
}

/// <summary>The item after a submission.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Status">The new status: flagged or clean (validation ran in the same transaction); unchanged for an overlap annotator's submission.</param>
/// <param name="Version">The version to send with the next step.</param>
/// <param name="Validation">flagged or clean; absent for an overlap annotator's submission, which does not move the item.</param>
/// <param name="OpenErrors">Open error-severity findings after validation.</param>
public sealed record SubmittedView(Guid ItemId, ItemStatus Status, int Version, SubmitValidation? Validation, int OpenErrors)
{
    internal static SubmittedView From(ReviewOutcome o) => new(o.ItemId, o.Status, o.Version,
        o.ValidatedAs switch
        {
            ItemStatus.Flagged => SubmitValidation.Flagged,
            ItemStatus.Clean => SubmitValidation.Clean,
            _ => null,
        },
        o.OpenErrors);
}

/// <summary>A finding after a reviewer's or QA lead's decision.</summary>
/// <param name="FindingId">Finding id.</param>
/// <param name="Status">open (confirmed) or waived.</param>
/// <param name="Confirmed">Confirmed as real: the item cannot be approved or accepted while it is open.</param>
/// <param name="WaiverReason">Why it was waived.</param>
/// <param name="ItemVersion">The item's version after the decision (every decision bumps it).</param>
public sealed record FindingDecisionView(Guid FindingId, FindingStatus Status, bool Confirmed, string? WaiverReason, int ItemVersion)
{
    internal static FindingDecisionView From(FindingDecisionOutcome o) => new(o.FindingId, o.Status, o.Confirmed, o.WaiverReason, o.ItemVersion);
}

/// <summary>A drawn QA sample.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Approved">Approved items the sample was drawn from.</param>
/// <param name="Rate">The project's QA sample rate (0..1).</param>
/// <param name="SampledItemIds">Items moved to qaSampled (⌈rate × approved⌉, at least one).</param>
public sealed record QaSampleView(Guid BatchId, int Approved, double Rate, IReadOnlyList<Guid> SampledItemIds);

/// <summary>One item in a work queue.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="ItemName">Item name.</param>
/// <param name="BatchName">Its batch.</param>
/// <param name="Iteration">The batch's iteration.</param>
/// <param name="Status">Workflow status.</param>
/// <param name="Version">The version to send with the next step.</param>
/// <param name="OpenErrors">Open error findings.</param>
/// <param name="OpenWarnings">Open warning findings.</param>
/// <param name="HighestOpenSeverity">The most serious open finding; absent when none is open.</param>
/// <param name="SyncErrorRate">Units with an open error / units in scope.</param>
/// <param name="Since">When it entered its status (submitted, returned, sampled; created for fresh items).</param>
/// <param name="Comment">The latest return comment of a returned item.</param>
/// <param name="AnnotatorName">Its primary annotator.</param>
/// <param name="IsOverlap">In the annotator queue: this is your blind overlap assignment, not the primary one.</param>
public sealed record QueueItemView(
    Guid ItemId, string ItemName, string BatchName, int Iteration, ItemStatus Status, int Version, int OpenErrors, int OpenWarnings,
    Severity? HighestOpenSeverity, double? SyncErrorRate, DateTimeOffset Since, string? Comment, string? AnnotatorName, bool IsOverlap)
{
    internal static QueueItemView From(ReviewQueues.QueueRow r) => new(
        r.ItemId, r.ItemName, r.BatchName, r.Iteration, r.Status, r.Version, r.OpenErrors, r.OpenWarnings, r.HighestOpenSeverity,
        r.SyncErrorRate, r.Since, r.Comment, r.AnnotatorName, r.IsOverlap);
}

/// <summary>One recorded decision on an item or one of its findings.</summary>
/// <param name="Id">Decision id.</param>
/// <param name="Action">submit, autoValidate, startReview, approve, return, confirmFinding, waiveFinding, qaSample or accept.</param>
/// <param name="From">Status before (absent for none).</param>
/// <param name="To">Status after (the same as <paramref name="From"/> for finding decisions and overlap submissions).</param>
/// <param name="Comment">The comment, return comment, waiver reason or validation summary.</param>
/// <param name="User">Who took it (display name, else email).</param>
/// <param name="At">When.</param>
/// <param name="FindingId">The finding decided on, for confirm and waive.</param>
/// <param name="RuleCode">That finding's rule.</param>
public sealed record ReviewDecisionView(
    Guid Id, ReviewAction Action, ItemStatus? From, ItemStatus? To, string? Comment, string User, DateTimeOffset At, Guid? FindingId, string? RuleCode);

/// <summary>An item's recorded review history, oldest first.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Status">Current status.</param>
/// <param name="Version">Current version.</param>
/// <param name="Decisions">Every decision so far, oldest first.</param>
public sealed record ReviewHistoryView(Guid ItemId, ItemStatus Status, int Version, IReadOnlyList<ReviewDecisionView> Decisions)
{
    internal static ReviewHistoryView From(ReviewItemQueries.ReviewDetail d) => new(
        d.Item.Id, d.Item.Status, d.Version,
        [.. d.Decisions.Select(x => new ReviewDecisionView(x.Id, x.Action, x.From, x.To, x.Comment, x.UserName, x.At, x.FindingId, x.RuleCode))]);
}
