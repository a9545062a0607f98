using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Output;

/// <summary>The findings of one item and how many of its entities have an open error-severity finding.</summary>
public sealed record ItemResult(SourcedItem Source, IReadOnlyList<Finding> Findings, int Entities, int EntitiesWithErrors);

/// <summary>Totals over a validation run. The sync-error rate is the share of entities with an error finding.</summary>
public sealed record ValidationSummary(int Items, int Errors, int Warnings, int Infos, int Entities, int EntitiesWithErrors)
{
    /// <summary>All findings.</summary>
    public int Findings => Errors + Warnings + Infos;

    /// <summary>Entities with at least one error-severity finding / all entities (0 when there are none).</summary>
    public double SyncErrorRate => Entities == 0 ? 0 : (double)EntitiesWithErrors / Entities;
}

/// <summary>The result of validating every input item, in input order.</summary>
public sealed record ValidationReport(IReadOnlyList<ItemResult> Items)
{
    /// <summary>Totals over all items.</summary>
    public ValidationSummary Summary { get; } = new(
        Items.Count,
        Items.Sum(i => i.Findings.Count(f => f.Severity == Severity.Error)),
        Items.Sum(i => i.Findings.Count(f => f.Severity == Severity.Warning)),
        Items.Sum(i => i.Findings.Count(f => f.Severity == Severity.Info)),
        Items.Sum(i => i.Entities),
        Items.Sum(i => i.EntitiesWithErrors));
}
