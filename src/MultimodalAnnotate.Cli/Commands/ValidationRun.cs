using MultimodalAnnotate.Cli.Interchange;
using MultimodalAnnotate.Cli.Output;
using MultimodalAnnotate.Validation;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Commands;

/// <summary>Runs the engine over many items on all cores; results keep the input order.</summary>
internal static class ValidationRun
{
    public static ValidationReport Run(IReadOnlyList<SourcedItem> items, ItemValidator validator, CancellationToken ct)
    {
        var results = items
            .AsParallel()
            .AsOrdered()
            .WithCancellation(ct)
            .Select(source => Evaluate(source, validator.Validate(source.Item)))
            .ToList();
        return new ValidationReport(results);
    }

    private static ItemResult Evaluate(SourcedItem source, IReadOnlyList<Finding> findings)
    {
        var ordered = findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Type)
            .ThenBy(f => f.RuleCode, StringComparer.Ordinal)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
        var entities = source.Item.Entities;
        var withError = entities.Count(entity => ordered.Any(f => f.Severity == Severity.Error
            && (f.EntityId == entity.Id || (f.EntityId is null && f.AnnotationIds.Any(entity.Mentions.Contains)))));
        return new ItemResult(source, ordered, entities.Count, withError);
    }
}
