using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

/// <summary>Small hand-made workspace data: annotations, entities, findings, labels.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static ItemQueries.LabelledAnnotation Annotation(string label, Modality modality, Geometry geometry, Guid? entity = null,
        double? start = null, double? end = null, Guid? asset = null, int version = 1) =>
        new(new AnnotationView(Guid.NewGuid(), Guid.Empty, asset ?? Guid.Empty, label, new Dictionary<string, string>(), geometry, entity,
            start, end, Granularity.Region, "ann", version, At), "#8d6e63", modality, modality.ToString().ToLowerInvariant());

    public static ItemQueries.EntityRow Entity(string name, params ItemQueries.LabelledAnnotation[] mentions) =>
        new(Guid.NewGuid(), name, 1, mentions);

    public static FindingRecord Finding(FindingType type, Severity severity, string rule, string message, FindingStatus status = FindingStatus.Open,
        params Guid[] annotations) =>
        new() { Type = type, Severity = severity, RuleCode = rule, Message = message, Status = status, AnnotationIds = [.. annotations], Key = Guid.NewGuid().ToString() };

    public static readonly IReadOnlyList<WorkspaceLabel> Labels =
    [
        new(Guid.NewGuid(), "bicycle", "#00838f", null, ["bike"]),
        new(Guid.NewGuid(), "car", "#c62828", "v", ["automobile"]),
        new(Guid.NewGuid(), "cat", "#ff8f00", "c", ["kitty"]),
        new(Guid.NewGuid(), "dog", "#8d6e63", "d", ["doggy", "hound"]),
        new(Guid.NewGuid(), "puppy", "#a1887f", null, ["pup"]),
    ];
}
