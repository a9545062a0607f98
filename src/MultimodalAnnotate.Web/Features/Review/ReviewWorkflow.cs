using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Review;

/// <summary>
/// The item workflow of DESIGN.md §2 as a table: which action moves an item from which status to which, and which
/// project roles own that step. Annotating → Submitted → (auto-validated) Flagged | Clean → InReview → Approved |
/// Returned → … → QaSampled → Accepted (or Returned by QA).
/// </summary>
public static class ReviewWorkflow
{
    /// <summary>Statuses an annotator may submit from.</summary>
    public static readonly IReadOnlySet<ItemStatus> Submittable = new HashSet<ItemStatus> { ItemStatus.Annotating, ItemStatus.Returned };

    /// <summary>Statuses waiting for a reviewer (the review queue).</summary>
    public static readonly IReadOnlySet<ItemStatus> AwaitingReview = new HashSet<ItemStatus> { ItemStatus.Submitted, ItemStatus.Flagged, ItemStatus.Clean };

    /// <summary>Roles that review (start review, decide findings, approve, return).</summary>
    public static readonly IReadOnlySet<ProjectRole> Reviewers = new HashSet<ProjectRole> { ProjectRole.Reviewer, ProjectRole.Admin };

    /// <summary>Roles that run QA (sample, accept, return a sampled item, dashboards).</summary>
    public static readonly IReadOnlySet<ProjectRole> QaLeads = new HashSet<ProjectRole> { ProjectRole.QaLead, ProjectRole.Admin };

    /// <summary>Anyone who may open an item's review page: reviewers and QA leads.</summary>
    public static readonly IReadOnlySet<ProjectRole> ReviewPageRoles = new HashSet<ProjectRole> { ProjectRole.Reviewer, ProjectRole.QaLead, ProjectRole.Admin };

    /// <summary>
    /// The status an action leads to from <paramref name="from"/>, or null when the action is not allowed there.
    /// Submit leads to Submitted; validation then moves the item on to Flagged or Clean.
    /// </summary>
    public static ItemStatus? Next(ItemStatus from, ReviewAction action) => (action, from) switch
    {
        (ReviewAction.Submit, ItemStatus.Annotating or ItemStatus.Returned) => ItemStatus.Submitted,
        (ReviewAction.StartReview, ItemStatus.Submitted or ItemStatus.Flagged or ItemStatus.Clean) => ItemStatus.InReview,
        (ReviewAction.Approve, ItemStatus.InReview) => ItemStatus.Approved,
        (ReviewAction.Return, ItemStatus.InReview or ItemStatus.QaSampled) => ItemStatus.Returned,
        (ReviewAction.QaSample, ItemStatus.Approved) => ItemStatus.QaSampled,
        (ReviewAction.Accept, ItemStatus.QaSampled) => ItemStatus.Accepted,
        _ => null,
    };

    /// <summary>
    /// The roles that own a decision on an item in <paramref name="status"/>: reviewers while it is in review, QA leads
    /// once it is sampled. Finding decisions and returns follow the stage the item is in.
    /// </summary>
    public static IReadOnlySet<ProjectRole> StageOwners(ItemStatus status) =>
        status == ItemStatus.QaSampled ? QaLeads : Reviewers;

    /// <summary>Statuses in which findings can be confirmed or waived (someone is looking at the item).</summary>
    public static bool AcceptsFindingDecisions(ItemStatus status) => status is ItemStatus.InReview or ItemStatus.QaSampled;

    /// <summary>The words the UI and messages use for a status.</summary>
    public static string Describe(ItemStatus status) => status switch
    {
        ItemStatus.Annotating => "annotating",
        ItemStatus.Submitted => "submitted",
        ItemStatus.Flagged => "flagged",
        ItemStatus.Clean => "clean",
        ItemStatus.InReview => "in review",
        ItemStatus.Approved => "approved",
        ItemStatus.Returned => "returned",
        ItemStatus.QaSampled => "QA-sampled",
        _ => "accepted",
    };

    /// <summary>Why an action is not allowed from a status, naming the current status and what it would need.</summary>
    public static string Illegal(ReviewAction action, ItemStatus current)
    {
        var needs = Enum.GetValues<ItemStatus>().Where(s => Next(s, action) is not null).Select(Describe).ToList();
        return $"cannot {Verb(action)} an item that is {Describe(current)}: it must be {string.Join(" or ", needs)}";
    }

    private static string Verb(ReviewAction action) => action switch
    {
        ReviewAction.Submit => "submit",
        ReviewAction.StartReview => "start reviewing",
        ReviewAction.Approve => "approve",
        ReviewAction.Return => "return",
        ReviewAction.QaSample => "QA-sample",
        ReviewAction.Accept => "accept",
        _ => action.ToString().ToLowerInvariant(),
    };
}
