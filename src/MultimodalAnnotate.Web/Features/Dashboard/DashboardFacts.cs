using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Dashboard;

/// <summary>A batch of the project.</summary>
public sealed record BatchFact(Guid BatchId, string Name, int Iteration, DateTimeOffset CreatedAt);

/// <summary>One item with its stored unit counts (the rows behind every rate on the dashboard).</summary>
public sealed record ItemFact(
    Guid ItemId, string ItemName, Guid BatchId, string BatchName, int Iteration, ItemStatus Status,
    string? AnnotatorId, string Annotator, int UnitsInScope, int UnitsWithError, double? SyncErrorRate);

/// <summary>
/// One finding with where it sits (the rows behind every finding count on the dashboard). The modality pair names the
/// modalities of the involved annotations, e.g. "Image ↔ PointCloud" (one name when they share a modality).
/// </summary>
public sealed record FindingFact(
    Guid FindingId, Guid ItemId, string ItemName, Guid BatchId, string BatchName, int Iteration, string Annotator,
    FindingType Type, string RuleCode, Severity Severity, FindingStatus Status, bool Confirmed, string ModalityPair,
    string Message, string? WaiverReason)
{
    /// <summary>Open and error-severity: what the sync-error rate counts.</summary>
    public bool IsOpenError => Status == FindingStatus.Open && Severity == Severity.Error;
}

/// <summary>Everything the dashboard is computed from, read once per page load.</summary>
public sealed record DashboardFacts(
    Guid ProjectId, string ProjectName, IReadOnlyList<double> Targets, double QaSampleRate, IReadOnlyList<BatchFact> Batches,
    IReadOnlyList<ItemFact> Items, IReadOnlyList<FindingFact> Findings);
