using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Domain;

/// <summary>The life of a finding: open → fixed (no longer produced), or waived by a reviewer with a reason.</summary>
public enum FindingStatus
{
    Open,
    Fixed,
    Waived,
}

/// <summary>A stored validation finding of an item.</summary>
public class FindingRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }

    /// <summary>The engine's stable key (rule + entity + annotations), used to match findings across runs.</summary>
    public string Key { get; set; } = "";
    public FindingType Type { get; set; }
    public string RuleCode { get; set; } = "";
    public Severity Severity { get; set; }
    public string Message { get; set; } = "";
    public string? SuggestedFix { get; set; }
    public double? Time { get; set; }
    public Guid? EntityId { get; set; }
    public List<Guid> AnnotationIds { get; set; } = [];

    /// <summary>Hash of the involved annotations' versions when last produced: a waiver holds until these inputs change.</summary>
    public string InputsHash { get; set; } = "";
    public FindingStatus Status { get; set; } = FindingStatus.Open;

    /// <summary>Set by a reviewer: the finding is real and must be fixed.</summary>
    public bool Confirmed { get; set; }
    public string? WaiverReason { get; set; }
    public string? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? FixedAt { get; set; }

    /// <summary>A detached copy with the same values (the annotation list is shared: it is replaced, never changed in place).</summary>
    internal FindingRecord ShallowCopy() => (FindingRecord)MemberwiseClone();
}

/// <summary>What a reviewer (or the workflow) decided.</summary>
public enum ReviewAction
{
    Submit,
    AutoValidate,
    StartReview,
    Approve,
    Return,
    ConfirmFinding,
    WaiveFinding,
    QaSample,
    Accept,
}

/// <summary>A recorded workflow decision: who moved the item (or a finding) from what to what, and why.</summary>
public class ReviewDecision
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ItemId { get; set; }
    public Guid? FindingId { get; set; }
    public ReviewAction Action { get; set; }
    public ItemStatus? FromStatus { get; set; }
    public ItemStatus? ToStatus { get; set; }
    public string? Comment { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// One change to an annotation, entity, link, relation or decision: who, when, before and after (JSON).
/// Written in the same transaction as the change it records.
/// </summary>
public class HistoryEvent
{
    public long Id { get; set; }
    public Guid ProjectId { get; set; }
    public Guid? ItemId { get; set; }
    public string SubjectType { get; set; } = "";
    public Guid SubjectId { get; set; }
    public string Action { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>A personal access token for pipelines calling the REST API; only a hash is stored.</summary>
public class ApiToken
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>State of a durable background job.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A durable background job (media processing, batch re-validation). The state lives in the database so an
/// interrupted job resumes or is retried after a restart.
/// </summary>
public class BackgroundJob
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Kind { get; set; } = "";
    public Guid? ProjectId { get; set; }
    public Guid? ItemId { get; set; }
    public Guid? AssetId { get; set; }
    public string? PayloadJson { get; set; }
    public JobStatus Status { get; set; } = JobStatus.Queued;
    public double Progress { get; set; }
    public string? ProgressMessage { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>A running job whose lease expired (its worker died) is picked up again.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
}
