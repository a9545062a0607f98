namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// One violation found by validation. <paramref name="Key"/> identifies the same violation across runs
/// (rule code + entity + involved annotations) so that stored findings can be matched, fixed or kept waived.
/// <paramref name="Time"/> is the shared-timeline time to jump to, when there is one.
/// </summary>
public sealed record Finding(
    FindingType Type,
    string RuleCode,
    Severity Severity,
    string Message,
    IReadOnlyList<Guid> AnnotationIds,
    Guid? EntityId,
    string? SuggestedFix,
    double? Time,
    string Key);
