using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Domain;

/// <summary>A labelling project: ontology, validation policy, guidelines, members and batches.</summary>
public class Project
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public ProjectSettings Settings { get; set; } = new();

    /// <summary>The validation policy, stored as a typed JSON document; missing properties take defaults.</summary>
    public ValidationPolicy Policy { get; set; } = ValidationPolicy.Default;

    /// <summary>Bumped on every ontology or policy change, so stale validation results can be recognised.</summary>
    public int RulesVersion { get; set; } = 1;

    /// <summary>
    /// The engine revision (<see cref="MultimodalAnnotate.Validation.ItemValidator.EngineRevision"/>) the project's findings
    /// were computed with; an older one is re-validated at start-up (<c>EngineRevisionCheck</c>). Projects stored before
    /// the column existed have 0.
    /// </summary>
    public int EngineRevision { get; set; } = MultimodalAnnotate.Validation.ItemValidator.EngineRevision;

    public List<ProjectMember> Members { get; set; } = [];
    public List<Batch> Batches { get; set; } = [];
    public List<OntologyClass> Classes { get; set; } = [];
}

/// <summary>Project-wide settings that are not validation thresholds.</summary>
public sealed record ProjectSettings
{
    /// <summary>How many annotators label each item independently (1 = no overlap).</summary>
    public int Overlap { get; init; } = 1;

    /// <summary>Share of approved items sampled for QA (0..1).</summary>
    public double QaSampleRate { get; init; } = 0.1;

    /// <summary>Sync-error rate targets the dashboards compare against, in order (5 %, then 3 %).</summary>
    public IReadOnlyList<double> ErrorRateTargets { get; init; } = [0.05, 0.03];
}

/// <summary>A user's role in one project. A user may hold several roles in a project.</summary>
public enum ProjectRole
{
    Admin,
    Annotator,
    Reviewer,
    QaLead,
}

/// <summary>Membership of a user in a project with one role.</summary>
public class ProjectMember
{
    public Guid ProjectId { get; set; }
    public string UserId { get; set; } = "";
    public ProjectRole Role { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public ApplicationUser? User { get; set; }
}

/// <summary>A unit of the quality loop: items annotated, validated and reviewed in one iteration.</summary>
public class Batch
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The iteration of the quality loop this batch belongs to (1, 2, …); dashboards compare iterations.</summary>
    public int Iteration { get; set; } = 1;

    /// <summary>The guideline version annotators worked with.</summary>
    public int? GuidelineVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Share of cross-modal units with an open error finding, over the batch (null until validated).</summary>
    public double? SyncErrorRate { get; set; }
    public List<Item> Items { get; set; } = [];
}

/// <summary>Versioned markdown guidelines of a project; policy rules may cite a section by its anchor.</summary>
public class Guideline
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public int Version { get; set; }
    public string Markdown { get; set; } = "";
    public string AuthorId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
